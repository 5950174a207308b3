package org.spectralssl.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spectralssl.linalg.Gemm;

/**
 * C = A·B for n×n matrices on {@link Gemm#mult} in float and double, on 1 or 2 threads: the
 * shapes of {@code bench gemm --n N --dtype float32|float64 --threads T}. 2n³ flops per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"256", "512", "1024"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    @Setup
    public void setUp() {
        Inputs.threads(threads);
        Inputs.Square in = Inputs.Square.draw(n);
        af = in.af();
        bf = in.bf();
        ad = in.ad();
        bd = in.bd();
        cf = new float[n * n];
        cd = new double[n * n];
    }

    @Benchmark
    public float[] multFloat() {
        Gemm.mult(af, bf, cf, n, n, n);
        return cf;
    }

    @Benchmark
    public double[] multDouble() {
        Gemm.mult(ad, bd, cd, n, n, n);
        return cd;
    }
}
