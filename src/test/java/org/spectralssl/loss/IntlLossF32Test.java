package org.spectralssl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The float32 INTL path against the float64 reference ({@link IntlLoss}) on the same inputs (float
 * values, exact in double). Tolerance model: float32 rounds at u = 2⁻²⁴ ≈ 6e-8 and the T Newton
 * steps amplify it by a modest factor on well-conditioned Σ (here n &lt; k, Gaussian data), so the
 * loss must agree to 1e-6 relative and every gradient to 1e-4 of its largest entry; the measured
 * errors are printed (about 1e-8 and 6e-7 when written), two orders of magnitude below the bounds. Counted: modes ×
 * T × views.
 */
@Equation({"E10", "E13", "E18"})
class IntlLossF32Test {
    @Test
    void agreesWithTheFloat64Path() {
        int cases = 0;
        double worstLoss = 0;
        double worstGrad = 0;
        for (WhiteningMode mode : WhiteningMode.values()) {
            int m = mode == WhiteningMode.SAMPLES ? 32 : 96;
            int d = mode == WhiteningMode.SAMPLES ? 64 : 24;
            for (int t : new int[] {1, 2, 4}) {
                for (int nv : new int[] {2, 3}) {
                    SplittableRandom rnd = new SplittableRandom(100L * t + nv + (mode == WhiteningMode.SAMPLES ? 0 : 7));
                    List<float[]> vf = new ArrayList<>();
                    List<DMatrixRMaj> vd = new ArrayList<>();
                    for (int v = 0; v < nv; v++) {
                        float[] z = new float[m * d];
                        DMatrixRMaj zd = new DMatrixRMaj(m, d);
                        for (int i = 0; i < z.length; i++) {
                            z[i] = (float) (rnd.nextGaussian() * 3 + 0.5);
                            zd.data[i] = z[i];
                        }
                        vf.add(z);
                        vd.add(zd);
                    }
                    IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(mode).withIterations(t);
                    IntlLossF32.Result r32 = IntlLossF32.compute(vf, m, d, p);
                    WhiteningLoss.Result r64 = IntlLoss.compute(vd, p);
                    String what = mode.id() + " T=" + t + " V=" + nv;
                    double lossErr = Math.abs(r32.value() - r64.loss().value()) / Math.abs(r64.loss().value());
                    assertTrue(lossErr <= 1e-6, what + ": loss " + r32.value() + " vs " + r64.loss().value());
                    assertEquals(r64.loss().terms().get("align"), r32.align(), 1e-5, what + " align");
                    worstLoss = Math.max(worstLoss, lossErr);
                    for (int v = 0; v < nv; v++) {
                        double[] g64 = r64.loss().gradient(v).data;
                        float[] g32 = r32.gradients().get(v);
                        double max = 0;
                        double err = 0;
                        for (int i = 0; i < g32.length; i++) {
                            max = Math.max(max, Math.abs(g64[i]));
                            err = Math.max(err, Math.abs(g32[i] - g64[i]));
                        }
                        assertTrue(err <= 1e-4 * max, what + " view " + v + ": gradient error " + err + " of " + max);
                        worstGrad = Math.max(worstGrad, err / max);
                    }
                    cases++;
                }
            }
        }
        assertEquals(2 * 3 * 2, cases);
        System.out.printf("IntlLossF32Test: %d cases; worst loss error %.2g (bound 1e-6), worst gradient error %.2g "
                + "of max|g| (bound 1e-4)%n", cases, worstLoss, worstGrad);
    }

    @Test
    void refusesBadInput() {
        IntlLoss.Params p = IntlLoss.Params.DEFAULTS;
        assertThrows(InvalidInputException.class, () -> IntlLossF32.compute(List.of(new float[6]), 2, 3, p));
        assertThrows(InvalidInputException.class, () -> IntlLossF32.compute(List.of(new float[6], new float[5]), 2, 3,
                p.withBeta(0.01)));
        float[] c = new float[16 * 4];
        assertThrows(InvalidInputException.class, () -> IntlLossF32.compute(List.of(c, c), 16, 4, p));
    }

    /**
     * The views run side by side and the alignment in row blocks on the product threads: the
     * loss, its terms and every gradient must be the same bits with 1, 2 and 3 threads, in both
     * modes and with a view count that does not divide the threads.
     */
    @Test
    void sameBitsWhateverTheThreads() {
        int before = org.spectralssl.linalg.Gemm.threads();
        try {
            int cases = 0;
            for (WhiteningMode mode : WhiteningMode.values()) {
                int m = 48;
                int d = mode == WhiteningMode.SAMPLES ? 80 : 24;
                for (int nv : new int[] {2, 3}) {
                    SplittableRandom rnd = new SplittableRandom(31L * nv + mode.ordinal());
                    List<float[]> views = new ArrayList<>();
                    for (int v = 0; v < nv; v++) {
                        float[] z = new float[m * d];
                        for (int i = 0; i < z.length; i++) {
                            z[i] = (float) (rnd.nextGaussian() + 0.25 * v);
                        }
                        views.add(z);
                    }
                    IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(mode);
                    org.spectralssl.linalg.Gemm.setThreads(1);
                    IntlLossF32.Result one = IntlLossF32.compute(views, m, d, p);
                    for (int t : new int[] {2, 3}) {
                        org.spectralssl.linalg.Gemm.setThreads(t);
                        IntlLossF32.Result r = IntlLossF32.compute(views, m, d, p);
                        String what = mode.id() + " V=" + nv + " threads=" + t;
                        assertEquals(Double.doubleToRawLongBits(one.value()), Double.doubleToRawLongBits(r.value()), what);
                        assertEquals(one.align(), r.align(), 0.0, what + " align");
                        for (int v = 0; v < nv; v++) {
                            assertEquals(one.traces()[v], r.traces()[v], 0.0, what + " trace " + v);
                            org.junit.jupiter.api.Assertions.assertArrayEquals(one.gradients().get(v),
                                    r.gradients().get(v), what + " gradient " + v);
                        }
                        cases++;
                    }
                }
            }
            assertEquals(2 * 2 * 2, cases);
        } finally {
            org.spectralssl.linalg.Gemm.setThreads(before);
        }
    }

    /** The array scaling is Math.scalb bit for bit, on both of its branches and into the subnormals. */
    @Test
    void scalbIsMathScalb() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] values = new float[400];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(-140, 120)));
        }
        values[0] = Float.MIN_VALUE;
        values[1] = -Float.MIN_NORMAL;
        values[2] = Float.MAX_VALUE;
        values[3] = 0f;
        int checked = 0;
        for (int e = -200; e <= 200; e += 7) {
            float[] x = values.clone();
            IntlLossF32.scalb(x, e);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(Math.scalb(values[i], e)), Float.floatToRawIntBits(x[i]),
                        "2^" + e + " · " + values[i]);
                checked++;
            }
        }
        assertEquals(58 * 400, checked);
    }
}
