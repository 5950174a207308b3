package org.spectralssl.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.AlignmentLoss;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.spec.Equation;

/** Hand-computed answers, with the expected values written as formulas. */
class KnownAnswerTest {
    private static final double TOL = 1e-14;

    /**
     * FEATURES mode, m = 4, d = 2, orthogonal centred columns a·(1,−1,1,−1) and b·(1,1,−1,−1) plus a
     * mean shift: Σ = diag(4a²/3, 4b²/3) (unbiased, q = 3).
     */
    private static DMatrixRMaj diagonalBatch(double a, double b) {
        double[] c1 = {1, -1, 1, -1};
        double[] c2 = {1, 1, -1, -1};
        DMatrixRMaj z = new DMatrixRMaj(4, 2);
        for (int i = 0; i < 4; i++) {
            z.set(i, 0, a * c1[i] + 7);
            z.set(i, 1, b * c2[i] - 3);
        }
        return z;
    }

    @Test
    @Equation({"E1", "E2"})
    void diagonalCovariance() {
        double a = 2;
        double b = 0.5;
        DMatrixRMaj cov = Covariance.ofBatch(diagonalBatch(a, b), WhiteningMode.FEATURES, Divisor.UNBIASED);
        assertEquals(4 * a * a / 3, cov.get(0, 0), TOL);
        assertEquals(4 * b * b / 3, cov.get(1, 1), TOL);
        assertEquals(0, cov.get(0, 1), TOL);
        DMatrixRMaj biased = Covariance.ofBatch(diagonalBatch(a, b), WhiteningMode.FEATURES, Divisor.BIASED);
        assertEquals(4 * a * a / 4, biased.get(0, 0), TOL);
    }

    @Test
    @Equation({"E3", "E5"})
    void powerOnADiagonalCovarianceScalesEachFeature() {
        double a = 2;
        double b = 0.5;
        for (double p : new double[] {0, 0.25, 0.5, 1}) {
            Whitening w = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.power(p))
                    .forward(diagonalBatch(a, b));
            double s1 = Math.pow(4 * a * a / 3, -p);
            double s2 = Math.pow(4 * b * b / 3, -p);
            double[] c1 = {1, -1, 1, -1};
            double[] c2 = {1, 1, -1, -1};
            for (int i = 0; i < 4; i++) {
                assertEquals(a * c1[i] * s1, w.output().get(i, 0), 1e-13, "p=" + p);
                assertEquals(b * c2[i] * s2, w.output().get(i, 1), 1e-13, "p=" + p);
            }
            assertEquals(s1, w.transform().get(0, 0), 1e-13 * s1);
            assertEquals(0, w.transform().get(0, 1), 1e-13);
        }
    }

    /**
     * Σ = [[2, 1], [1, 2]] by construction: X_c rows r1 = 2e1, r2 = e1 + √3·e2 with e1 = (1,−1,0)/√2,
     * e2 = (1,1,−2)/√6, so X_c X_cᵀ = [[4, 2], [2, 4]] and q = 2. Eigenvalues 1 (u = (1,−1)/√2) and
     * 3 (u = (1,1)/√2), so F = ½·[[g(1) + g(3), g(3) − g(1)], [g(3) − g(1), g(1) + g(3)]].
     */
    private static DMatrixRMaj twoByTwoBatch() {
        double[] e1 = {1 / Math.sqrt(2), -1 / Math.sqrt(2), 0};
        double[] e2 = {1 / Math.sqrt(6), 1 / Math.sqrt(6), -2 / Math.sqrt(6)};
        DMatrixRMaj z = new DMatrixRMaj(3, 2);
        for (int j = 0; j < 3; j++) {
            z.set(j, 0, 2 * e1[j] + 1);
            z.set(j, 1, e1[j] + Math.sqrt(3) * e2[j] + 10);
        }
        return z;
    }

    @Test
    @Equation({"E3", "E4", "E6"})
    void twoByTwoByHand() {
        DMatrixRMaj z = twoByTwoBatch();
        DMatrixRMaj cov = Covariance.ofBatch(z, WhiteningMode.FEATURES, Divisor.UNBIASED);
        assertArrayEquals(new double[] {2, 1, 1, 2}, cov.data, 1e-14);
        for (SpectrumFunction g : List.of(SpectrumFunctions.whitening(), SpectrumFunctions.exp(0.7))) {
            Whitening w = new SpectralTransform(WhiteningMode.FEATURES, g).forward(z);
            double g1 = g.value(1);
            double g3 = g.value(3);
            DMatrixRMaj f = w.transform();
            assertEquals((g1 + g3) / 2, f.get(0, 0), 1e-13, g.describe());
            assertEquals((g3 - g1) / 2, f.get(0, 1), 1e-13, g.describe());
            // E4: output eigenvalues λ·g(λ)².
            assertArrayEquals(new double[] {1 * g1 * g1, 3 * g3 * g3}, w.report().eigenvaluesOut(), 1e-12,
                    g.describe());
        }
    }

    @Test
    @Equation({"E10", "E7"})
    void iterNormOneStepByHand() {
        // τ = 4, S = Σ/4 with eigenvalues 1/4 and 3/4; T = 1: P_1 = 1.5I − 0.5S, W = P_1/√τ = P_1/2.
        DMatrixRMaj z = twoByTwoBatch();
        Whitening w = new IterNorm(WhiteningMode.FEATURES, Divisor.UNBIASED, 1).forward(z);
        double[] expected = {(1.5 - 0.5 * 0.5) / 2, (-0.5 * 0.25) / 2, (-0.5 * 0.25) / 2, (1.5 - 0.5 * 0.5) / 2};
        assertArrayEquals(expected, w.transform().data, 1e-14);
        // Output eigenvalues h_1(x) = x(1.5 − 0.5x)² at x = 1/4 and 3/4.
        double h1 = 0.25 * Math.pow(1.5 - 0.125, 2);
        double h3 = 0.75 * Math.pow(1.5 - 0.375, 2);
        assertArrayEquals(new double[] {h1, h3}, w.report().eigenvaluesOut(), 1e-14);
    }

    @Test
    @Equation({"E7", "E26"})
    void iterNormPolynomialFacts() {
        for (int t = 0; t <= 8; t++) {
            // Slope at 0: h_T′(0) = f_T(0)² = (1.5^T)² = 2.25^T.
            double x = 1e-9;
            assertEquals(Math.pow(2.25, t), IterNormPolynomial.h(t, x) / x, 1e-6 * Math.pow(2.25, t), "T=" + t);
            assertEquals(0, IterNormPolynomial.h(t, 0));
            assertEquals(1, IterNormPolynomial.h(t, 1), 1e-15, "x = 1 is a fixed point: f_T(1) = 1");
        }
        // METHOD.md §3: T = 4, n = 256, equal spectrum → every output eigenvalue ≈ 0.095.
        assertEquals(0.095, IterNormPolynomial.h(4, 1.0 / 256), 0.0005);
        assertEquals(256 * IterNormPolynomial.h(4, 1.0 / 256), IterNormPolynomial.traceBound(4, 256), 1e-12);
        // ≈ 210 per view at n = 256 (METHOD.md §4): n(1 − h_4(1/n))².
        assertEquals(256 * Math.pow(1 - IterNormPolynomial.h(4, 1.0 / 256), 2), IterNormPolynomial.traceLossBound(4, 256),
                1e-9);
        assertEquals(210, IterNormPolynomial.traceLossBound(4, 256), 5);
    }

    @Test
    @Equation({"E7", "E17"})
    void iterNormDividedDifferenceIsExact() {
        for (int t = 0; t <= 6; t++) {
            for (double[] ab : new double[][] {{0.1, 0.7}, {0.3, 0.3 + 1e-9}, {0.5, 0.5}, {0.0, 1.0}}) {
                double a = ab[0];
                double b = ab[1];
                double dd = IterNormPolynomial.dividedDifference(t, a, b);
                double expected = a == b ? IterNormPolynomial.fPrime(t, a)
                        : Math.abs(a - b) < 1e-6 ? IterNormPolynomial.fPrime(t, 0.5 * (a + b))
                        : (IterNormPolynomial.f(t, a) - IterNormPolynomial.f(t, b)) / (a - b);
                assertEquals(expected, dd, 1e-9 * Math.max(1, Math.abs(expected)), "T=" + t + " a=" + a + " b=" + b);
            }
        }
    }

    @Test
    @Equation({"E5", "E17"})
    void powerDividedDifferenceHasNoCancellation() {
        SpectrumFunction g = SpectrumFunctions.whitening();
        double a = 2;
        double b = Math.nextUp(2.0);
        // g[a, b] → g′(2) = −½·2^(−3/2) as b → a; the naive quotient would lose every digit here.
        assertEquals(-0.5 * Math.pow(2, -1.5), g.dividedDifference(a, b), 1e-15);
        assertEquals(-0.5 * Math.pow(2, -1.5), g.dividedDifference(a, a), 0);
        // a far from b: the plain quotient is accurate.
        assertEquals((Math.pow(9, -0.5) - Math.pow(4, -0.5)) / 5, g.dividedDifference(9, 4), 1e-16);
    }

    @Test
    @Equation({"E11"})
    void traceLossByHand() {
        // FEATURES mode, columns with unbiased variances 4a²/3 and 4b²/3.
        double a = 2;
        double b = 0.5;
        double v1 = 4 * a * a / 3;
        double v2 = 4 * b * b / 3;
        double tl = TraceLoss.value(diagonalBatch(a, b), WhiteningMode.FEATURES, Divisor.UNBIASED);
        assertEquals((1 - v1) * (1 - v1) + (1 - v2) * (1 - v2), tl, 1e-13);
    }

    @Test
    @Equation({"E12"})
    void alignmentByHand() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{1, 0}, {0, 2}});
        DMatrixRMaj orth = new DMatrixRMaj(new double[][] {{0, 3}, {5, 0}});
        assertEquals(0, AlignmentLoss.compute(z, Mat.scale(3, z)).value(), TOL);
        assertEquals(4, AlignmentLoss.compute(z, Mat.scale(-1, z)).value(), TOL);
        assertEquals(2, AlignmentLoss.compute(z, orth).value(), TOL);
        // A zero row is divided by 1e-12, not by 0, as F.normalize does: the cosine is 0.
        DMatrixRMaj zero = new DMatrixRMaj(new double[][] {{0, 0}, {0, 2}});
        assertEquals(2 - 2 * (0 + 1) / 2.0, AlignmentLoss.compute(zero, z).value(), TOL);
    }

    @Test
    @Equation({"E13"})
    void betaRule() {
        assertEquals(0.05, IntlLoss.betaRule(256), 1e-17);
        assertEquals(0.01, IntlLoss.betaRule(16), 1e-17);
        assertEquals(0.01 * (Math.log(100) / Math.log(2) - 3), IntlLoss.betaRule(100), 1e-15);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IntlLoss.betaRule(8));
        assertEquals(true, e.getMessage().contains("explicit beta"), e.getMessage());
        // The rule uses n = m in SAMPLES mode and n = d in FEATURES mode.
        assertEquals(IntlLoss.betaRule(64), IntlLoss.Params.DEFAULTS.betaFor(64, 512), 0);
        assertEquals(IntlLoss.betaRule(512),
                IntlLoss.Params.DEFAULTS.withMode(WhiteningMode.FEATURES).betaFor(64, 512), 0);
    }
}
