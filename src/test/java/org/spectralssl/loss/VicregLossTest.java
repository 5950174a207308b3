package org.spectralssl.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;

/** VICReg: known answers, defining properties, relu′(0), gradients, bad input. */
@Equation({"E16", "E24"})
class VicregLossTest {
    /**
     * m = 2, d = 2. Z1 centred columns (−1, 1) and (1, −1): unbiased variances 2, 2 (std > 1, no
     * hinge), cov1_01 = −2. Z2 columns (0, 0.5) and (0, 1): centred (−0.25, 0.25), (−0.5, 0.5),
     * variances 0.125 and 0.5, cov2_01 = 0.25.
     */
    @Test
    void knownAnswerByHand() {
        DMatrixRMaj z1 = new DMatrixRMaj(new double[][] {{1, 2}, {3, 0}});
        DMatrixRMaj z2 = new DMatrixRMaj(new double[][] {{0, 0}, {0.5, 1}});
        for (double e : new double[] {1e-4, 0, 0.3}) {
            VicregLoss.Params p = VicregLoss.Params.DEFAULTS.withStdEps(e);
            double invariance = (1 * 1 + 2 * 2 + 2.5 * 2.5 + 1 * 1) / 4.0;
            double variance = (Math.max(0, 1 - Math.sqrt(2 + e)) + Math.max(0, 1 - Math.sqrt(2 + e))) / 2 / 2
                    + (Math.max(0, 1 - Math.sqrt(0.125 + e)) + Math.max(0, 1 - Math.sqrt(0.5 + e))) / 2 / 2;
            double covariance = 2 * (-2.0) * (-2.0) / 2 + 2 * 0.25 * 0.25 / 2;
            LossResult r = VicregLoss.compute(z1, z2, p);
            assertEquals(invariance, r.terms().get("invariance"), 1e-15);
            assertEquals(variance, r.terms().get("variance"), 1e-15, "stdEps " + e);
            assertEquals(covariance, r.terms().get("covariance"), 1e-15);
            assertEquals(25 * invariance + 25 * variance + 1 * covariance, r.value(), 1e-13, "stdEps " + e);
        }
    }

    /**
     * Identical views with orthogonal columns of unbiased variance exactly 1: every term is 0
     * with the default stdEps (std = √(1 + 1e-4) &gt; 1). Fails if the variance is biased (std ≈ 0.87)
     * or the covariance is not centred.
     */
    @Test
    void identicalDecorrelatedUnitVarianceViewsGiveZero() {
        double[][] h = {{1, 1, 1}, {-1, 1, -1}, {1, -1, -1}, {-1, -1, 1}};
        double a = Math.sqrt(3) / 2;
        double[] shift = {10, -2, 0.25};
        DMatrixRMaj z = new DMatrixRMaj(4, 3);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                z.set(i, j, a * h[i][j] + shift[j]);
            }
        }
        LossResult r = VicregLoss.compute(z, z, VicregLoss.Params.DEFAULTS);
        assertEquals(0, r.value(), 1e-15);
        assertEquals(0, Mat.maxAbs(r.gradient(0)), 1e-14);
    }

    /**
     * relu′(0) = 0, as PyTorch: a feature with std exactly 1 (stdEps = 0, centred column (−1, 0, 1),
     * variance 2/2) gets no gradient from the variance term, although shrinking it makes the term
     * grow (the left derivative is not 0).
     */
    @Test
    void hingeAtExactlyZeroHasZeroGradient() {
        VicregLoss.Params p = new VicregLoss.Params(0, 1, 0, 0);
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{4, 0}, {5, 0.1}, {6, 0.3}});
        LossResult r = VicregLoss.compute(z, z, p);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, r.gradient(0).get(i, 0), "feature 0 sits on the kink");
            assertEquals(0.0, r.gradient(1).get(i, 0), "feature 0 sits on the kink");
            assertTrue(r.gradient(0).get(i, 1) != 0, "feature 1 (std < 1) must have a gradient");
        }
        double base = r.value();
        DMatrixRMaj shrunk = z.copy();
        DMatrixRMaj grown = z.copy();
        for (int i = 0; i < 3; i++) {
            shrunk.set(i, 0, 5 + (z.get(i, 0) - 5) * 0.999);
            grown.set(i, 0, 5 + (z.get(i, 0) - 5) * 1.001);
        }
        assertEquals(base, VicregLoss.compute(grown, grown, p).value(), 1e-15);
        assertEquals(base + 0.001 / 2 / 2 * 2, VicregLoss.compute(shrunk, shrunk, p).value(), 1e-12);
    }

    /**
     * A per-feature constant c added to Z1 only leaves the variance and covariance terms unchanged
     * (they are centred) and moves the invariance term by (2/(m·d))·Σ_ij (Z1 − Z2)_ij c_j + (1/d)·Σ_j c_j².
     */
    @Test
    void shiftingOneViewChangesOnlyTheInvarianceTerm() {
        SplittableRandom rnd = new SplittableRandom(31);
        int m = 10;
        int d = 4;
        DMatrixRMaj z1 = GradientCheck.batch(m, d, 0, rnd);
        DMatrixRMaj z2 = GradientCheck.batch(m, d, 0, rnd);
        double[] c = {3, -1.5, 0, 40};
        DMatrixRMaj shifted = z1.copy();
        double cross = 0;
        double sq = 0;
        for (int j = 0; j < d; j++) {
            sq += c[j] * c[j] / d;
            for (int i = 0; i < m; i++) {
                shifted.set(i, j, z1.get(i, j) + c[j]);
                cross += 2.0 * (z1.get(i, j) - z2.get(i, j)) * c[j] / (m * d);
            }
        }
        LossResult a = VicregLoss.compute(z1, z2, VicregLoss.Params.DEFAULTS);
        LossResult b = VicregLoss.compute(shifted, z2, VicregLoss.Params.DEFAULTS);
        assertEquals(a.terms().get("variance"), b.terms().get("variance"), 1e-13);
        assertEquals(a.terms().get("covariance"), b.terms().get("covariance"), 1e-13);
        assertEquals(a.terms().get("invariance") + cross + sq, b.terms().get("invariance"), 1e-12);
    }

    @Test
    void swappingViewsSwapsGradients() {
        SplittableRandom rnd = new SplittableRandom(32);
        DMatrixRMaj z1 = GradientCheck.batch(9, 4, 3, rnd);
        DMatrixRMaj z2 = GradientCheck.batch(9, 4, 3, rnd);
        LossResult a = VicregLoss.compute(z1, z2, VicregLoss.Params.DEFAULTS);
        LossResult b = VicregLoss.compute(z2, z1, VicregLoss.Params.DEFAULTS);
        assertEquals(a.value(), b.value(), 1e-13);
        assertArrayEquals(a.gradient(0).data, b.gradient(1).data, 1e-13);
        assertArrayEquals(a.gradient(1).data, b.gradient(0).data, 1e-13);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(33);
        double worst = 0;
        for (int[] md : new int[][] {{3, 1}, {3, 4}, {8, 5}, {6, 9}}) {
            for (double shift : new double[] {0, 20}) {
                for (VicregLoss.Params p : List.of(VicregLoss.Params.DEFAULTS, new VicregLoss.Params(1, 10, 3, 0),
                        new VicregLoss.Params(0, 1, 0, 0.5))) {
                    DMatrixRMaj z1 = GradientCheck.batch(md[0], md[1], shift, rnd);
                    DMatrixRMaj z2 = GradientCheck.batch(md[0], md[1], shift, rnd);
                    LossResult r = VicregLoss.compute(z1, z2, p);
                    GradientCheck.ViewError e = GradientCheck.check(
                            x -> VicregLoss.compute(x.get(0), x.get(1), p).value(), List.of(z1, z2), r.gradients());
                    assertTrue(e.relativeError() <= 1e-6, p + " " + md[0] + "×" + md[1] + ": " + e);
                    worst = Math.max(worst, e.relativeError());
                }
            }
        }
        System.out.println("VICReg largest finite-difference relative error: " + worst);
    }

    @Test
    void badInputIsRejectedWithOneLine() {
        SplittableRandom rnd = new SplittableRandom(34);
        VicregLoss.Params p = VicregLoss.Params.DEFAULTS;
        DMatrixRMaj z = GradientCheck.batch(6, 3, 0, rnd);
        DMatrixRMaj nan = z.copy();
        nan.set(0, 0, Double.NaN);
        assertRejected(() -> VicregLoss.compute(nan, z, p), "non-finite");
        assertRejected(() -> VicregLoss.compute(z, nan, p), "non-finite");
        assertRejected(() -> VicregLoss.compute(z, GradientCheck.batch(5, 3, 0, rnd), p), "same shape");
        DMatrixRMaj one = GradientCheck.batch(1, 3, 0, rnd);
        assertRejected(() -> VicregLoss.compute(one, one, p), "at least 2");
        DMatrixRMaj constant = z.copy();
        for (int i = 0; i < 6; i++) {
            constant.set(i, 2, 1.25);
        }
        assertRejected(() -> VicregLoss.compute(constant, z, p.withStdEps(0)), "z1: feature 2 is constant");
        // With the default stdEps a constant feature is fine (std = 0.01, gradient finite).
        assertTrue(Double.isFinite(Mat.maxAbs(VicregLoss.compute(constant, z, p).gradient(0))));
        assertRejected(() -> p.withCoefficients(-1, 25, 1), "simCoeff");
        assertRejected(() -> p.withCoefficients(25, Double.NaN, 1), "stdCoeff");
        assertRejected(() -> p.withStdEps(-1e-4), "stdEps");
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable call, String fragment) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(GradientCheck.oneLine(e.getMessage()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
}
