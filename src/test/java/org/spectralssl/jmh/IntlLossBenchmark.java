package org.spectralssl.jmh;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
import org.openjdk.jmh.infra.Blackhole;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.IntlLossF32;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.spectral.WhiteningMode;

/**
 * INTL forward + backward of two m×d views (IterNorm with T iterations, β by the rule): in
 * float32 ({@link IntlLossF32#compute}) and in float64, the reference path ({@link IntlLoss#compute}),
 * the work of {@code bench intl --mode samples --m 256 --d 2048 --T 4 --dtype float32|float64}
 * on the same inputs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class IntlLossBenchmark {
    @Param({"samples"})
    public String mode;

    @Param({"256"})
    public int m;

    @Param({"2048"})
    public int d;

    @Param({"4"})
    public int iterations;

    /** {@code bench}'s default: the number of processors of this machine (2). */
    @Param({"2"})
    public int threads;

    private DMatrixRMaj z1;
    private DMatrixRMaj z2;
    private List<float[]> views;
    private IntlLoss.Params params;

    @Setup
    public void setUp() {
        Inputs.threads(threads);
        SplittableRandom rnd = new SplittableRandom(Inputs.SEED);
        z1 = Inputs.gaussian(m, d, rnd);
        z2 = Inputs.gaussian(m, d, rnd);
        views = List.of(Inputs.toFloats(z1), Inputs.toFloats(z2));
        WhiteningMode wm = WhiteningMode.parse(mode);
        params = IntlLoss.Params.DEFAULTS.withMode(wm).withIterations(iterations);
    }

    @Benchmark
    public void float32(Blackhole bh) {
        IntlLossF32.Result r = IntlLossF32.compute(views, m, d, params);
        bh.consume(r.value());
        bh.consume(r.gradients());
    }

    @Benchmark
    public void float64(Blackhole bh) {
        WhiteningLoss.Result r = IntlLoss.compute(z1, z2, params);
        bh.consume(r.loss().value());
        bh.consume(r.loss().gradient(0));
    }
}
