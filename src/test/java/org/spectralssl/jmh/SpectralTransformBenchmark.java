package org.spectralssl.jmh;

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
import org.spectralssl.linalg.Mat;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The spectral transformation g(λ) = λ^(−p) of one m×d view in float64, the work of
 * {@code bench st --mode features --m 1024 --d 512 --p 0.5} on the same inputs:
 * {@link #forwardBackward} is its {@code median_s} (forward, whose eigendecomposition is of the
 * d×d covariance, then the backward of a fixed random output gradient), {@link #eigSymmetric}
 * its {@code eig_median_s} ({@link Mat#eigSymmetric} of Zᵀ·Z, d×d: the divide-and-conquer solver, spec/EIGEN.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SpectralTransformBenchmark {
    @Param({"features"})
    public String mode;

    @Param({"1024"})
    public int m;

    @Param({"512"})
    public int d;

    @Param({"0.5"})
    public double p;

    /** {@code bench}'s default: the number of processors of this machine (2). */
    @Param({"2"})
    public int threads;

    private DMatrixRMaj z;
    private DMatrixRMaj g;
    private DMatrixRMaj sigma;
    private SpectralTransform st;

    @Setup
    public void setUp() {
        Inputs.threads(threads);
        SplittableRandom rnd = new SplittableRandom(Inputs.SEED);
        z = Inputs.gaussian(m, d, rnd);
        g = Inputs.gaussian(m, d, rnd);
        sigma = Mat.multTransA(z, z);
        WhiteningMode wm = WhiteningMode.parse(mode);
        st = new SpectralTransform(wm, Divisor.DEFAULT, SpectrumFunctions.power(p), Stabilisation.DEFAULT);
    }

    @Benchmark
    public DMatrixRMaj forwardBackward() {
        return st.forward(z).backward(g);
    }

    @Benchmark
    public double[] eigSymmetric() {
        return Mat.eigSymmetric(sigma).values();
    }
}
