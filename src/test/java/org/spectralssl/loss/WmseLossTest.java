package org.spectralssl.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/** W-MSE: known answers, whiteness and Cholesky structure, gradients, bad input. */
@Equation({"E14", "E22"})
class WmseLossTest {
    private static final double SQ2 = Math.sqrt(2);
    private static final double SQ3 = Math.sqrt(3);
    /** e1, e2: orthonormal and orthogonal to (1, 1, 1), so centring leaves them unchanged. */
    private static final double[] E1 = {1 / SQ2, -1 / SQ2, 0};
    private static final double[] E2 = {1 / Math.sqrt(6), 1 / Math.sqrt(6), -2 / Math.sqrt(6)};

    /**
     * A batch whose variables-frame rows (n = 2, k = 3) are r1 + 7 and r2 − 3 (the shifts vanish on
     * centring). FEATURES: Z = Xᵀ (3 samples × 2 features); SAMPLES: Z = X (2 samples × 3 features).
     */
    private static DMatrixRMaj batch(WhiteningMode mode, double[] r1, double[] r2) {
        DMatrixRMaj x = new DMatrixRMaj(2, 3);
        for (int j = 0; j < 3; j++) {
            x.set(0, j, r1[j] + 7);
            x.set(1, j, r2[j] - 3);
        }
        return mode.fromVariables(x);
    }

    private static double[] comb(double a, double[] u, double b, double[] v) {
        double[] r = new double[u.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = a * u[i] + b * v[i];
        }
        return r;
    }

    private static double cos(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /**
     * View 1: X_c rows 2e1 and e1 + √3e2, so Σ = [[4, 2], [2, 4]]/2 = [[2, 1], [1, 2]],
     * L = [[√2, 0], [1/√2, √(3/2)]], Y = L⁻¹X_c = √2·[e1; e2]. View 2: X_c rows e1 + e2 and e2,
     * Σ = [[1, ½], [½, ½]], L = [[1, 0], [½, ½]], Y = [e1 + e2; e2 − e1].
     */
    @Test
    void knownAnswerByHandInBothModes() {
        for (WhiteningMode mode : WhiteningMode.values()) {
            WmseLoss.Params p = WmseLoss.Params.DEFAULTS.withMode(mode);
            DMatrixRMaj z1 = batch(mode, comb(2, E1, 0, E2), comb(1, E1, SQ3, E2));
            DMatrixRMaj z2 = batch(mode, comb(1, E1, 1, E2), E2);
            double[][] yhat1 = {comb(SQ2, E1, 0, E2), comb(0, E1, SQ2, E2)};
            double[][] yhat2 = {comb(1, E1, 1, E2), comb(-1, E1, 1, E2)};
            DMatrixRMaj expected1 = mode.fromVariables(new DMatrixRMaj(yhat1));
            DMatrixRMaj expected2 = mode.fromVariables(new DMatrixRMaj(yhat2));
            assertArrayEquals(expected1.data, WmseLoss.whiten(z1, p).data, 1e-14, mode + " view 1");
            assertArrayEquals(expected2.data, WmseLoss.whiten(z2, p).data, 1e-14, mode + " view 2");
            // Alignment is over samples = rows of Ẑ.
            double sumCos = 0;
            for (int i = 0; i < expected1.numRows; i++) {
                double[] a = Arrays.copyOfRange(expected1.data, i * expected1.numCols, (i + 1) * expected1.numCols);
                double[] b = Arrays.copyOfRange(expected2.data, i * expected2.numCols, (i + 1) * expected2.numCols);
                sumCos += cos(a, b);
            }
            double expected = 2 - 2 * sumCos / expected1.numRows;
            if (mode == WhiteningMode.SAMPLES) {
                // Rows e1 vs (e1 + e2)/√2 and e2 vs (e2 − e1)/√2: both cosines are 1/√2.
                assertEquals(2 - SQ2, expected, 1e-15);
            }
            LossResult r = WmseLoss.compute(z1, z2, p);
            assertEquals(expected, r.value(), 1e-14, mode.toString());
            assertEquals(r.value(), r.terms().get("align"));
        }
    }

    /**
     * Cholesky whitening is not ZCA: a correlated batch (Σ = [[2, 1], [1, 2]]) and an uncorrelated
     * one with the same first variable whiten to the same Ẑ, so W-MSE between them is 0. ZCA
     * would rotate the first one and give a non-zero loss.
     */
    @Test
    void correlatedAndUncorrelatedBatchesWhitenAlike() {
        for (WhiteningMode mode : WhiteningMode.values()) {
            WmseLoss.Params p = WmseLoss.Params.DEFAULTS.withMode(mode);
            DMatrixRMaj correlated = batch(mode, comb(2, E1, 0, E2), comb(1, E1, SQ3, E2));
            DMatrixRMaj diagonal = batch(mode, comb(5, E1, 0, E2), comb(0, E1, 0.25, E2));
            assertEquals(0, WmseLoss.compute(correlated, diagonal, p).value(), 1e-14, mode.toString());
        }
    }

    @Test
    void whitenedViewHasIdentityCovarianceWhenEpsIsZero() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (Divisor dv : Divisor.values()) {
                for (double shift : new double[] {0, 50}) {
                    DMatrixRMaj z = mode == WhiteningMode.FEATURES ? GradientCheck.batch(40, 8, shift, rnd)
                            : Mat.transpose(GradientCheck.batch(40, 8, shift, rnd));
                    WmseLoss.Params p = WmseLoss.Params.DEFAULTS.withMode(mode).withDivisor(dv);
                    DMatrixRMaj cov = Covariance.ofBatch(WmseLoss.whiten(z, p), mode, dv);
                    DMatrixRMaj err = Mat.add(cov, Mat.scale(-1, Mat.identity(cov.numRows)));
                    assertTrue(Mat.maxAbs(err) < 1e-10, mode + " " + dv + " shift " + shift + ": max |Cov(Ẑ) − I| = "
                            + Mat.maxAbs(err));
                }
            }
        }
    }

    /**
     * With ε > 0, Cov(Ẑ) = L⁻¹ΣL⁻ᵀ is similar to A⁻¹Σ, whose eigenvalues are λ/((1 − ε)λ + ε) for
     * the eigenvalues λ of Σ. Fails if ε enters anywhere else (for example Σ + εI).
     */
    @Test
    void shrinkageMapsEachEigenvalueAsTheFormulaSays() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (double eps : new double[] {1e-3, 0.3}) {
                // 6 samples of 8 features: Σ is rank 5 in FEATURES mode; A is positive definite only thanks to ε.
                DMatrixRMaj z = GradientCheck.batch(6, 8, 3, rnd);
                WmseLoss.Params p = WmseLoss.Params.DEFAULTS.withMode(mode).withEps(eps);
                double[] lambda = Mat.eigSymmetric(Covariance.ofBatch(z, mode, p.divisor())).values();
                double[] expected = new double[lambda.length];
                for (int i = 0; i < lambda.length; i++) {
                    double l = Math.max(lambda[i], 0);
                    expected[i] = l / ((1 - eps) * l + eps);
                }
                double[] got = Mat.eigSymmetric(Covariance.ofBatch(WmseLoss.whiten(z, p), mode, p.divisor())).values();
                assertArrayEquals(expected, got, 1e-10, mode + " eps " + eps);
            }
        }
    }

    /**
     * L⁻¹ is lower triangular, so (FEATURES) whitened feature 0 is centred feature 0 over its own
     * standard deviation, and Ẑ is unchanged when Z becomes Z·Bᵀ for any lower triangular B with
     * positive diagonal (B X_c has Cholesky factor B·L). Fails for ZCA or an upper factor.
     */
    @Test
    void choleskyWhiteningIsInvariantToLowerTriangularMaps() {
        SplittableRandom rnd = new SplittableRandom(13);
        WmseLoss.Params p = WmseLoss.Params.DEFAULTS;
        DMatrixRMaj z = GradientCheck.batch(20, 5, 4, rnd);
        DMatrixRMaj zhat = WmseLoss.whiten(z, p);
        DMatrixRMaj cov = Covariance.ofBatch(z, WhiteningMode.FEATURES, p.divisor());
        double mean0 = 0;
        for (int i = 0; i < 20; i++) {
            mean0 += z.get(i, 0) / 20;
        }
        for (int i = 0; i < 20; i++) {
            assertEquals((z.get(i, 0) - mean0) / Math.sqrt(cov.get(0, 0)), zhat.get(i, 0), 1e-12);
        }
        DMatrixRMaj b = new DMatrixRMaj(5, 5);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j <= i; j++) {
                b.set(i, j, i == j ? rnd.nextDouble(0.5, 3) : rnd.nextDouble(-2, 2));
            }
        }
        DMatrixRMaj mapped = WmseLoss.whiten(Mat.multTransB(z, b), p);
        assertArrayEquals(zhat.data, mapped.data, 1e-10);
        // An upper triangular map does change Ẑ (the test above is not vacuous).
        DMatrixRMaj rotated = WmseLoss.whiten(Mat.mult(z, b), p);
        assertTrue(Mat.maxAbs(Mat.add(zhat, Mat.scale(-1, rotated))) > 1e-3);
    }

    @Test
    void identicalViewsGiveZeroAndSwappingViewsSwapsGradients() {
        SplittableRandom rnd = new SplittableRandom(14);
        DMatrixRMaj z1 = GradientCheck.batch(16, 4, 2, rnd);
        DMatrixRMaj z2 = GradientCheck.batch(16, 4, 2, rnd);
        WmseLoss.Params p = WmseLoss.Params.DEFAULTS;
        LossResult same = WmseLoss.compute(z1, z1, p);
        assertEquals(0, same.value(), 1e-14);
        assertTrue(Mat.maxAbs(same.gradient(0)) < 1e-13, "gradient at the minimum");
        LossResult a = WmseLoss.compute(z1, z2, p);
        LossResult b = WmseLoss.compute(z2, z1, p);
        assertEquals(a.value(), b.value(), 1e-15);
        assertArrayEquals(a.gradient(0).data, b.gradient(1).data, 1e-15);
        assertArrayEquals(a.gradient(1).data, b.gradient(0).data, 1e-15);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(15);
        double worst = 0;
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (Divisor dv : Divisor.values()) {
                for (double eps : new double[] {0, 1e-3}) {
                    for (double shift : new double[] {0, 10}) {
                        // k − 1 ≥ n: full rank; n = 4, k = 9.
                        int n = 4;
                        int k = 9;
                        DMatrixRMaj z1 = mode.fromVariables(Mat.transpose(GradientCheck.batch(k, n, shift, rnd)));
                        DMatrixRMaj z2 = mode.fromVariables(Mat.transpose(GradientCheck.batch(k, n, shift, rnd)));
                        worst = Math.max(worst, checkGradient(z1, z2,
                                WmseLoss.Params.DEFAULTS.withMode(mode).withDivisor(dv).withEps(eps)));
                    }
                }
            }
            // Rank-deficient Σ (k − 1 < n): only ε keeps A positive definite.
            DMatrixRMaj z1 = mode.fromVariables(Mat.transpose(GradientCheck.batch(4, 6, 1, rnd)));
            DMatrixRMaj z2 = mode.fromVariables(Mat.transpose(GradientCheck.batch(4, 6, 1, rnd)));
            worst = Math.max(worst, checkGradient(z1, z2, WmseLoss.Params.DEFAULTS.withMode(mode).withEps(0.05)));
        }
        System.out.println("W-MSE largest finite-difference relative error: " + worst);
    }

    private static double checkGradient(DMatrixRMaj z1, DMatrixRMaj z2, WmseLoss.Params p) {
        LossResult r = WmseLoss.compute(z1, z2, p);
        GradientCheck.ViewError e = GradientCheck.check(x -> WmseLoss.compute(x.get(0), x.get(1), p).value(),
                List.of(z1, z2), r.gradients());
        assertTrue(e.relativeError() <= 1e-6, p + ": " + e);
        return e.relativeError();
    }

    @Test
    void badInputIsRejectedWithOneLine() {
        SplittableRandom rnd = new SplittableRandom(16);
        WmseLoss.Params p = WmseLoss.Params.DEFAULTS;
        DMatrixRMaj z = GradientCheck.batch(10, 3, 0, rnd);
        DMatrixRMaj nan = z.copy();
        nan.set(2, 1, Double.NaN);
        DMatrixRMaj inf = z.copy();
        inf.set(0, 0, Double.NEGATIVE_INFINITY);
        assertRejected(() -> WmseLoss.compute(nan, z, p), "non-finite");
        assertRejected(() -> WmseLoss.compute(z, inf, p), "non-finite");
        assertRejected(() -> WmseLoss.compute(z, GradientCheck.batch(10, 4, 0, rnd), p), "same shape");
        assertRejected(() -> WmseLoss.compute(z, GradientCheck.batch(9, 3, 0, rnd), p), "same shape");
        DMatrixRMaj one = GradientCheck.batch(1, 3, 0, rnd);
        assertRejected(() -> WmseLoss.compute(one, one, p), "at least 2");
        assertRejected(() -> WmseLoss.whiten(one, p), "at least 2");
        assertRejected(() -> WmseLoss.compute(null, z, p), "missing");
        assertRejected(() -> p.withEps(-1e-4), "eps");
        assertRejected(() -> p.withEps(1.5), "eps");
        assertRejected(() -> p.withEps(Double.NaN), "eps");
    }

    @Test
    void singularCovarianceWithZeroEpsIsRejected() {
        SplittableRandom rnd = new SplittableRandom(17);
        WmseLoss.Params p = WmseLoss.Params.DEFAULTS;
        // Batch no larger than the dimension: rank ≤ m − 1 < d after centring.
        for (int[] md : new int[][] {{3, 4}, {4, 4}, {8, 8}, {2, 64}}) {
            DMatrixRMaj a = GradientCheck.batch(md[0], md[1], 5, rnd);
            DMatrixRMaj b = GradientCheck.batch(md[0], md[1], 5, rnd);
            assertSingular(() -> WmseLoss.compute(a, b, p));
            // ε > 0 makes the same batch usable.
            assertTrue(Double.isFinite(WmseLoss.compute(a, b, p.withEps(1e-4)).value()));
        }
        // SAMPLES mode: the m×m Gram matrix of d-dimensional samples needs d − 1 ≥ m.
        DMatrixRMaj wide = GradientCheck.batch(6, 6, 0, rnd);
        assertSingular(() -> WmseLoss.compute(wide, wide, p.withMode(WhiteningMode.SAMPLES)));
        // Enough samples, but dependent features: a duplicated, a constant, a combined column.
        for (int kind = 0; kind < 3; kind++) {
            for (int seed = 0; seed < 10; seed++) {
                DMatrixRMaj z = GradientCheck.batch(40, 6, 5, new SplittableRandom(100 + seed));
                for (int i = 0; i < 40; i++) {
                    double v = kind == 0 ? z.get(i, 1) : kind == 1 ? 3.5 : 0.3 * z.get(i, 0) - 1.7 * z.get(i, 2) + 9;
                    z.set(i, 4, v);
                }
                DMatrixRMaj zz = z;
                assertSingular(() -> WmseLoss.compute(zz, zz, p));
            }
        }
    }

    private static void assertSingular(org.junit.jupiter.api.function.Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(GradientCheck.oneLine(e.getMessage()), e.getMessage());
        assertTrue(e.getMessage().contains("covariance is singular"), e.getMessage());
        assertTrue(e.getMessage().contains("use eps > 0 (for example 1e-4)"), e.getMessage());
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable call, String fragment) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(GradientCheck.oneLine(e.getMessage()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
}
