package org.spectralssl.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The spectral core on the OpenCL device against the CPU reference path: IterNorm (forward, W,
 * backward), ST and the INTL loss, in both modes. Every launch is counted, so the test asserts that
 * the products ran on OpenCL, and how many of them.
 *
 * <p>Tolerance (composite results): the kernels differ from EJML only in the order of summation
 * and in fused multiply-adds, each product within 2γ_k of the other elementwise (ParityTolerance).
 * Through T Newton steps and the backward pass these differences are amplified by at most the
 * condition of the computation; on the batches here (Σ of full rank, condition up to about 1e3)
 * the measured relative differences on PoCL are 0 to 3e-13, and the test allows {@link #REL} =
 * 1e-10 of the largest element: well above what was measured, far below an actual error (a wrong
 * or float32-rounded product shows at 1e-7 or more).
 */
class CoreOnOpenClTest {
    static final double REL = 1e-10;

    /** A seeded m×d batch with standard deviations decaying as decay^j and a mean shift. */
    static DMatrixRMaj batch(int m, int d, double decay, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) {
            double std = 1;
            for (int j = 0; j < d; j++) {
                z.set(i, j, 0.3 * j + std * rnd.nextGaussian());
                std *= decay;
            }
        }
        return z;
    }

    static double relDiff(DMatrixRMaj got, DMatrixRMaj want) {
        double scale = Math.max(Mat.maxAbs(want), Double.MIN_NORMAL);
        double max = 0;
        for (int i = 0; i < want.getNumElements(); i++) {
            max = Math.max(max, Math.abs(got.data[i] - want.data[i]));
        }
        return max / scale;
    }

    static void close(String what, DMatrixRMaj got, DMatrixRMaj want) {
        assertEquals(want.numRows, got.numRows, what);
        assertEquals(want.numCols, got.numCols, what);
        double r = relDiff(got, want);
        System.out.printf(Locale.ROOT, "[core on opencl] %-40s max|Δ|/max|ref| = %.3g%n", what, r);
        assertTrue(r <= REL, what + ": relative difference " + r + " > " + REL);
    }

    @Test
    void iterNormForwardAndBackwardMatchTheCpuAndRanOnOpenCl() {
        OpenClDevice dev = OpenClTestDevice.get();
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (int t : new int[] {0, 1, 4, 5}) {
                DMatrixRMaj z = batch(24, 10, 0.8, 7 + t);
                int n = mode.size(z.numRows, z.numCols);
                IterNorm cpu = new IterNorm(mode, Divisor.UNBIASED, t);
                IterNorm cl = new IterNorm(mode, Divisor.UNBIASED, t, dev);
                Whitening wc = cpu.forward(z);
                Map<GpuKernel, Long> before = dev.launches();
                Whitening wg = cl.forward(z);
                Map<GpuKernel, Long> fwd = delta(before, dev.launches());
                // E2: one Gram; E10: one axpby per Newton step and three products per step after the
                // first (P_0 = I needs none), then W·X_s.
                assertEquals(Map.of(GpuKernel.GRAM_F64, 1L, GpuKernel.GEMM_F64, 3L * Math.max(t - 1, 0) + 1,
                        GpuKernel.AXPBY_F64,
                        (long) t).entrySet().stream().filter(e -> e.getValue() > 0).collect(
                                java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), fwd,
                        "launches of the forward pass, mode " + mode + ", T " + t);
                assertEquals(dev.describe(), wg.device());
                assertEquals(CpuDevice.INSTANCE.describe(), wc.device());
                String c = mode.id() + " T=" + t + " n=" + n;
                close("IterNorm output " + c, wg.output(), wc.output());
                close("IterNorm W " + c, wg.transform(), wc.transform());
                DMatrixRMaj grad = batch(24, 10, 1, 99);
                before = dev.launches();
                DMatrixRMaj gg = wg.backward(grad);
                // E18: dW and dX_s, eight products per Newton step after the first (the forward kept
                // P² and P³; the step from P_0 = I needs none), and the covariance backward.
                assertEquals(3L + 8L * Math.max(t - 1, 0), delta(before, dev.launches()).getOrDefault(GpuKernel.GEMM_F64, 0L),
                        "GEMM launches of the backward pass");
                close("IterNorm gradient " + c, gg, wc.backward(grad));
            }
        }
    }

    @Test
    void spectralTransformMatchesTheCpuAndRanOnOpenCl() {
        OpenClDevice dev = OpenClTestDevice.get();
        for (WhiteningMode mode : WhiteningMode.values()) {
            // Σ of full rank in both modes (n < k). On a singular Σ the floored directions are pure
            // rounding noise multiplied by f(floor) ~ 1e7: any two summation orders differ there by
            // ~1e-8 relative (measured), on the CPU as on OpenCL, which says nothing about the device.
            DMatrixRMaj z = mode == WhiteningMode.FEATURES ? batch(20, 8, 0.7, 3) : batch(8, 20, 0.7, 3);
            SpectralTransform cpu = new SpectralTransform(mode, Divisor.UNBIASED, SpectrumFunctions.power(0.5),
                    Stabilisation.DEFAULT);
            SpectralTransform cl = new SpectralTransform(mode, Divisor.UNBIASED, SpectrumFunctions.power(0.5),
                    Stabilisation.DEFAULT, dev);
            Whitening wc = cpu.forward(z);
            long before = dev.totalLaunches();
            Whitening wg = cl.forward(z);
            assertEquals(3, dev.totalLaunches() - before, "Gram, Uᵀ·X_s and U·(f∘Y) on OpenCL");
            assertEquals(dev.describe(), wg.device());
            close("ST output " + mode.id(), wg.output(), wc.output());
            DMatrixRMaj grad = batch(z.numRows, z.numCols, 1, 5);
            close("ST gradient " + mode.id(), wg.backward(grad), wc.backward(grad));
        }
    }

    @Test
    void intlLossIsTheSameOnOpenCl() {
        OpenClDevice dev = OpenClTestDevice.get();
        List<DMatrixRMaj> views = List.of(batch(16, 12, 0.9, 11), batch(16, 12, 0.9, 12));
        WhiteningLoss.Result cpu = WhiteningLoss.compute(views, new IterNorm(WhiteningMode.SAMPLES), 0.01);
        WhiteningLoss.Result cl = WhiteningLoss.compute(views,
                new IterNorm(WhiteningMode.SAMPLES, Divisor.DEFAULT, IterNorm.DEFAULT_ITERATIONS, dev), 0.01);
        double rel = Math.abs(cl.loss().value() - cpu.loss().value()) / Math.abs(cpu.loss().value());
        System.out.printf(Locale.ROOT, "[core on opencl] INTL loss %.17g (cpu %.17g), relative difference %.3g%n",
                cl.loss().value(), cpu.loss().value(), rel);
        assertTrue(rel <= REL, "loss " + rel);
        for (int v = 0; v < 2; v++) {
            close("INTL gradient view " + v, cl.loss().gradient(v), cpu.loss().gradient(v));
            assertEquals(dev.describe(), cl.views().get(v).device());
        }
    }

    private static Map<GpuKernel, Long> delta(Map<GpuKernel, Long> before, Map<GpuKernel, Long> after) {
        java.util.EnumMap<GpuKernel, Long> d = new java.util.EnumMap<>(GpuKernel.class);
        for (Map.Entry<GpuKernel, Long> e : after.entrySet()) {
            long x = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (x != 0) {
                d.put(e.getKey(), x);
            }
        }
        return d;
    }
}
