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
import org.spectralssl.linalg.NaiveGemm;

/**
 * The reference twin: C = A·B by {@link NaiveGemm}'s triple loop (one thread; the same bits as
 * {@code Gemm}), at n = 256, the inputs of {@link GemmBenchmark}. Its time against
 * {@code GemmBenchmark} at the same n and one thread is what the blocked kernels gain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NaiveGemmBenchmark {
    @Param({"256"})
    public int n;

    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    @Setup
    public void setUp() {
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
        NaiveGemm.gemm(af, 0, n, 1, bf, 0, n, cf, 0, n, n, n, n, false);
        return cf;
    }

    @Benchmark
    public double[] multDouble() {
        NaiveGemm.gemm(ad, 0, n, 1, bd, 0, n, cd, 0, n, n, n, n, false);
        return cd;
    }
}
