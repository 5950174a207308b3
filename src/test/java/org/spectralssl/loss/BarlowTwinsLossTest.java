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

/** Barlow Twins: known answers, defining properties, gradients, bad input. */
@Equation({"E15", "E23"})
class BarlowTwinsLossTest {
    /**
     * m = 2: z1 columns (1, 3) and (2, 0), z2 columns (0, 2) and (0, 4). Centred: (−1, 1), (1, −1),
     * (−1, 1), (−2, 2) with biased variances 1, 1, 1, 4, so with e = bnEps
     * C = [[1/(1+e), 2/√((1+e)(4+e))], [−1/(1+e), −2/√((1+e)(4+e))]].
     */
    @Test
    void knownAnswerByHand() {
        DMatrixRMaj z1 = new DMatrixRMaj(new double[][] {{1, 2}, {3, 0}});
        DMatrixRMaj z2 = new DMatrixRMaj(new double[][] {{0, 0}, {2, 4}});
        for (double e : new double[] {0, 1e-5, 0.5}) {
            for (double lambda : new double[] {0.0051, 1}) {
                BarlowTwinsLoss.Params p = new BarlowTwinsLoss.Params(lambda, e);
                double c00 = 1 / (1 + e);
                double c01 = 2 / Math.sqrt((1 + e) * (4 + e));
                double c10 = -1 / (1 + e);
                double c11 = -2 / Math.sqrt((1 + e) * (4 + e));
                double on = (1 - c00) * (1 - c00) + (1 - c11) * (1 - c11);
                double off = c01 * c01 + c10 * c10;
                LossResult r = BarlowTwinsLoss.compute(z1, z2, p);
                assertEquals(on, r.terms().get("on_diag"), 1e-15, "e=" + e);
                assertEquals(off, r.terms().get("off_diag"), 1e-15, "e=" + e);
                assertEquals(on + lambda * off, r.value(), 1e-14, "e=" + e + " lambda=" + lambda);
            }
        }
        // With bnEps = 0: C = [[1, 1], [−1, −1]], so L = 0 + 4 + λ·2.
        assertEquals(4 + 2 * 0.0051, BarlowTwinsLoss.compute(z1, z2, new BarlowTwinsLoss.Params(0.0051, 0)).value(),
                1e-15);
    }

    /**
     * Identical views whose features are already uncorrelated (orthogonal Hadamard columns, any
     * scale and shift): C = I and L = 0 when bnEps = 0. With bnEps = e, C = diag(σ²/(σ² + e)) and
     * L = Σ_j (e/(σ_j² + e))². Fails if the variance is unbiased (C_ii = (m−1)/m) or C is not
     * divided by m.
     */
    @Test
    void identicalDecorrelatedViewsGiveZero() {
        double[][] h = {{1, 1, 1}, {-1, 1, -1}, {1, -1, -1}, {-1, -1, 1}};
        double[] scale = {0.5, 3, 7};
        double[] shift = {10, -2, 0.25};
        DMatrixRMaj z = new DMatrixRMaj(4, 3);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                z.set(i, j, scale[j] * h[i][j] + shift[j]);
            }
        }
        LossResult exact = BarlowTwinsLoss.compute(z, z, new BarlowTwinsLoss.Params(0.0051, 0));
        assertEquals(0, exact.value(), 1e-15);
        assertEquals(0, Mat.maxAbs(exact.gradient(0)), 1e-15);
        double e = BarlowTwinsLoss.Params.DEFAULTS.bnEps();
        double expected = 0;
        for (double s : scale) {
            expected += Math.pow(e / (s * s + e), 2);
        }
        LossResult withEps = BarlowTwinsLoss.compute(z, z, BarlowTwinsLoss.Params.DEFAULTS);
        assertEquals(expected, withEps.value(), 1e-18);
        assertEquals(0, withEps.terms().get("off_diag"), 1e-18);
    }

    /** For z1 = z2 and bnEps = 0, C is the Pearson correlation matrix: L = λ Σ_{i≠j} ρ_ij². */
    @Test
    void identicalViewsGiveSquaredCorrelations() {
        SplittableRandom rnd = new SplittableRandom(21);
        DMatrixRMaj z = GradientCheck.batch(12, 4, 5, rnd);
        // Mix the features so that they are correlated.
        z = Mat.mult(z, new DMatrixRMaj(new double[][] {{1, 0.5, 0, 0}, {0, 1, -0.7, 0}, {0, 0, 1, 0.2}, {0.3, 0, 0, 1}}));
        double lambda = 0.3;
        double expectedOff = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                if (a != b) {
                    double rho = pearson(z, a, b);
                    expectedOff += rho * rho;
                }
            }
        }
        LossResult r = BarlowTwinsLoss.compute(z, z, new BarlowTwinsLoss.Params(lambda, 0));
        assertEquals(0, r.terms().get("on_diag"), 1e-28);
        assertEquals(expectedOff, r.terms().get("off_diag"), 1e-13);
        assertEquals(lambda * expectedOff, r.value(), 1e-13);
    }

    private static double pearson(DMatrixRMaj z, int a, int b) {
        int m = z.numRows;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < m; i++) {
            ma += z.get(i, a) / m;
            mb += z.get(i, b) / m;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < m; i++) {
            sab += (z.get(i, a) - ma) * (z.get(i, b) - mb);
            saa += (z.get(i, a) - ma) * (z.get(i, a) - ma);
            sbb += (z.get(i, b) - mb) * (z.get(i, b) - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** With bnEps = 0 the loss is invariant to a positive scale and a shift of any feature of either view. */
    @Test
    void invariantToPerFeatureAffineMapsWithoutEps() {
        SplittableRandom rnd = new SplittableRandom(22);
        BarlowTwinsLoss.Params p = new BarlowTwinsLoss.Params(0.0051, 0);
        DMatrixRMaj z1 = GradientCheck.batch(10, 3, 0, rnd);
        DMatrixRMaj z2 = GradientCheck.batch(10, 3, 0, rnd);
        DMatrixRMaj mapped = z2.copy();
        for (int j = 0; j < 3; j++) {
            double a = rnd.nextDouble(0.1, 10);
            double b = rnd.nextDouble(-50, 50);
            for (int i = 0; i < 10; i++) {
                mapped.set(i, j, a * z2.get(i, j) + b);
            }
        }
        double base = BarlowTwinsLoss.compute(z1, z2, p).value();
        assertEquals(base, BarlowTwinsLoss.compute(z1, mapped, p).value(), 1e-12 * base);
    }

    @Test
    void swappingViewsTransposesCAndSwapsGradients() {
        SplittableRandom rnd = new SplittableRandom(23);
        DMatrixRMaj z1 = GradientCheck.batch(9, 4, 3, rnd);
        DMatrixRMaj z2 = GradientCheck.batch(9, 4, 3, rnd);
        BarlowTwinsLoss.Params p = BarlowTwinsLoss.Params.DEFAULTS;
        LossResult a = BarlowTwinsLoss.compute(z1, z2, p);
        LossResult b = BarlowTwinsLoss.compute(z2, z1, p);
        assertEquals(a.value(), b.value(), 1e-14);
        assertArrayEquals(a.gradient(0).data, b.gradient(1).data, 1e-14);
        assertArrayEquals(a.gradient(1).data, b.gradient(0).data, 1e-14);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(24);
        double worst = 0;
        for (int[] md : new int[][] {{3, 2}, {8, 5}, {6, 9}}) {
            for (double shift : new double[] {0, 20}) {
                for (BarlowTwinsLoss.Params p : List.of(BarlowTwinsLoss.Params.DEFAULTS,
                        new BarlowTwinsLoss.Params(0.5, 0), new BarlowTwinsLoss.Params(0.0051, 0.3))) {
                    DMatrixRMaj z1 = GradientCheck.batch(md[0], md[1], shift, rnd);
                    DMatrixRMaj z2 = GradientCheck.batch(md[0], md[1], shift, rnd);
                    worst = Math.max(worst, checkGradient(z1, z2, p));
                }
            }
        }
        // A constant feature with bnEps > 0 standardises to 0 but still has a large gradient (1/√bnEps);
        // the step is then a sizeable fraction of √bnEps, which makes this the least accurate case (~5e-8).
        DMatrixRMaj z1 = GradientCheck.batch(7, 3, 1, rnd);
        for (int i = 0; i < 7; i++) {
            z1.set(i, 1, 2.5);
        }
        worst = Math.max(worst, checkGradient(z1, GradientCheck.batch(7, 3, 1, rnd), BarlowTwinsLoss.Params.DEFAULTS));
        System.out.println("Barlow Twins largest finite-difference relative error: " + worst);
    }

    private static double checkGradient(DMatrixRMaj z1, DMatrixRMaj z2, BarlowTwinsLoss.Params p) {
        LossResult r = BarlowTwinsLoss.compute(z1, z2, p);
        GradientCheck.ViewError e = GradientCheck.check(x -> BarlowTwinsLoss.compute(x.get(0), x.get(1), p).value(),
                List.of(z1, z2), r.gradients());
        assertTrue(e.relativeError() <= 1e-6, p + " " + z1.numRows + "×" + z1.numCols + ": " + e);
        return e.relativeError();
    }

    @Test
    void badInputIsRejectedWithOneLine() {
        SplittableRandom rnd = new SplittableRandom(25);
        BarlowTwinsLoss.Params p = BarlowTwinsLoss.Params.DEFAULTS;
        DMatrixRMaj z = GradientCheck.batch(6, 3, 0, rnd);
        DMatrixRMaj nan = z.copy();
        nan.set(5, 2, Double.NaN);
        assertRejected(() -> BarlowTwinsLoss.compute(z, nan, p), "non-finite");
        assertRejected(() -> BarlowTwinsLoss.compute(nan, z, p), "non-finite");
        assertRejected(() -> BarlowTwinsLoss.compute(z, GradientCheck.batch(6, 2, 0, rnd), p), "same shape");
        DMatrixRMaj one = GradientCheck.batch(1, 3, 0, rnd);
        assertRejected(() -> BarlowTwinsLoss.compute(one, one, p), "at least 2");
        DMatrixRMaj constant = z.copy();
        for (int i = 0; i < 6; i++) {
            constant.set(i, 1, -4);
        }
        assertRejected(() -> BarlowTwinsLoss.compute(z, constant, p.withBnEps(0)), "z2: feature 1 is constant");
        assertRejected(() -> p.withLambda(-1), "lambda");
        assertRejected(() -> p.withBnEps(Double.NaN), "bnEps");
        assertRejected(() -> p.withBnEps(Double.POSITIVE_INFINITY), "bnEps");
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable call, String fragment) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(GradientCheck.oneLine(e.getMessage()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
}
