package org.spectralssl.gpu;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Throughput of the GEMM kernels against their CPU twins and EJML (the core's CPU path): an n×n
 * by n×n product, 2n³ flops, best wall time of {@code reps} runs after one untimed run (which
 * builds the kernel if it has not run on this device yet; its time is reported separately). The OpenCL time is measured from Java
 * and includes Aparapi's host↔device transfers and the launch, which is what a caller of
 * {@link OpenClDevice} pays.
 */
public final class GemmBenchmark {
    private GemmBenchmark() {}

    /** Seconds per product (best of the timed runs) and the first run's seconds, per path. */
    public record Result(DType dtype, int n, int reps, double firstOpenClSeconds, double openClSeconds,
            double twinSeconds, double ejmlSeconds) {
        public static double gflops(int n, double seconds) {
            return 2.0 * n * n * (double) n / seconds / 1e9;
        }

        public String line() {
            String ejml = Double.isNaN(ejmlSeconds) ? "" : String.format(Locale.ROOT, ", EJML %.2f GFLOP/s (%.4f s)",
                    gflops(n, ejmlSeconds), ejmlSeconds);
            return String.format(Locale.ROOT, "gemm %s n=%d: OpenCL %.2f GFLOP/s (%.4f s incl. transfers; first run "
                    + "%.3f s), CPU twin %.2f GFLOP/s (%.4f s)%s", dtype.id(), n,
                    gflops(n, openClSeconds), openClSeconds, firstOpenClSeconds, gflops(n, twinSeconds), twinSeconds,
                    ejml);
        }
    }

    /** Times the float64 GEMM. */
    public static Result f64(OpenClDevice dev, int n, int reps) {
        SplittableRandom rnd = new SplittableRandom(42);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble(-1, 1);
            b[i] = rnd.nextDouble(-1, 1);
        }
        double[] c = new double[n * n];
        long t0 = System.nanoTime();
        dev.gemm(a, n, 1, b, n, 1, c, n, n, n);
        double first = (System.nanoTime() - t0) / 1e9;
        double cl = best(reps, () -> dev.gemm(a, n, 1, b, n, 1, c, n, n, n));
        double twin = best(Math.max(1, reps / 2), () -> CpuTwins.gemm(a, n, 1, b, n, 1, c, n, n, n));
        DMatrixRMaj ea = DMatrixRMaj.wrap(n, n, a);
        DMatrixRMaj eb = DMatrixRMaj.wrap(n, n, b);
        DMatrixRMaj ec = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(ea, eb, ec);
        double ejml = best(reps, () -> CommonOps_DDRM.mult(ea, eb, ec));
        return new Result(DType.F64, n, reps, first, cl, twin, ejml);
    }

    /** Times the float32 GEMM (EJML has no float32 path in this project: not timed). */
    public static Result f32(OpenClDevice dev, int n, int reps) {
        SplittableRandom rnd = new SplittableRandom(43);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        float[] c = new float[n * n];
        long t0 = System.nanoTime();
        dev.gemm(a, n, 1, b, n, 1, c, n, n, n);
        double first = (System.nanoTime() - t0) / 1e9;
        double cl = best(reps, () -> dev.gemm(a, n, 1, b, n, 1, c, n, n, n));
        double twin = best(Math.max(1, reps / 2), () -> CpuTwins.gemm(a, n, 1, b, n, 1, c, n, n, n));
        return new Result(DType.F32, n, reps, first, cl, twin, Double.NaN);
    }

    private static double best(int reps, Runnable r) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
