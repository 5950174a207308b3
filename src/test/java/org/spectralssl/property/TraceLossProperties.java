package org.spectralssl.property;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.property.BatchSpec.Rank;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.IterNormPolynomial;

/** Properties of the trace loss (E11) and its lower bound after IterNorm (E26). */
class TraceLossProperties {
    static final double EPS = 0x1p-52;

    /**
     * TL ≥ 0 and TL = Σ_i (1 − (Σ_Ẑ)_ii)² with the diagonal computed independently from the
     * covariance in the batch's mode and divisor. Scales are kept to 1e±50 so that (1 − v)² cannot
     * overflow.
     */
    @Test
    @Equation("E11")
    void traceLossIsNonNegativeAndIsTheDiagonalDistance() {
        BatchGen gen = BatchGen.anything().withMaxScaleExp(50);
        PropertyRunner.forAll("TL = Σ (1 − v_i)² ≥ 0", 450, gen::generate, b -> {
            double tl = TraceLoss.value(b.z(), b.mode(), b.divisor());
            double want = Reference.traceLoss(b.z(), b.mode(), b.divisor());
            if (!(tl >= 0)) {
                throw new AssertionError("TL = " + tl + " < 0");
            }
            Compare.assertNear("TL against Σ(1 − v_i)²", tl, want, 1e-12 * Math.max(1, want));
        });
    }

    /**
     * TL = 0 iff every variance is 1: standardising every variable of a batch (no constant
     * variables) gives TL ≈ 0, and then scaling one variable by (1 + δ) gives exactly
     * ((1 + δ)² − 1)², which is 0 only for δ = 0.
     */
    @Test
    @Equation("E11")
    void traceLossIsZeroExactlyWhenTheDiagonalIsOne() {
        BatchGen gen = BatchGen.anything().withRanks(Rank.FULL, Rank.DEFICIENT, Rank.SHORT)
                .withConstantVariableChance(0).withMaxScaleExp(50).withMaxShift(1);
        PropertyRunner.forAll("TL = 0 ⇔ diag(Σ_Ẑ) = 1", 450, gen::generate, b -> {
            DMatrixRMaj x = Centering.forward(b.mode().toVariables(b.z()));
            double q = b.divisor().of(x.numCols);
            for (int i = 0; i < x.numRows; i++) {
                double ss = 0;
                for (int c = 0; c < x.numCols; c++) {
                    ss += x.get(i, c) * x.get(i, c);
                }
                double s = Math.sqrt(ss / q);
                for (int c = 0; c < x.numCols; c++) {
                    x.set(i, c, x.get(i, c) / s);
                }
            }
            DMatrixRMaj standardised = b.mode().fromVariables(x);
            double zero = TraceLoss.value(standardised, b.mode(), b.divisor());
            Compare.assertNear("TL of a standardised batch", zero, 0, 64 * b.n() * EPS * EPS * b.n());

            SplittableRandom rnd = b.random("delta");
            int row = rnd.nextInt(x.numRows);
            double delta = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-6, -0.5));
            for (int c = 0; c < x.numCols; c++) {
                x.set(row, c, x.get(row, c) * (1 + delta));
            }
            double tl = TraceLoss.value(b.mode().fromVariables(x), b.mode(), b.divisor());
            double v = (1 + delta) * (1 + delta) - 1;
            if (!(tl > 0)) {
                throw new AssertionError("TL = " + tl + " with variable " + row + " scaled by 1 + " + delta);
            }
            Compare.assertNear(String.format(Locale.ROOT, "TL with one variance (1 + %.3g)²", delta), tl, v * v,
                    1e-6 * v * v);
        });
    }

    /**
     * E26: after IterNorm, tr Σ_Ẑ = Σ h_T(x_i) ≤ n·h_T(1/n) (h_T concave, Σ x_i = 1), hence
     * TL ≥ (n − tr Σ_Ẑ)²/n ≥ n·(1 − h_T(1/n))², for every non-constant input and T = 0 … 8;
     * with equality when the spectrum is equal and full (Σ_Ẑ = h_T(1/n)·I).
     */
    @Test
    @Equation({"E11", "E26"})
    void traceLossAfterIterNormIsAtLeastTheBound() {
        BatchGen gen = BatchGen.anything().withRanks(Rank.FULL, Rank.DEFICIENT, Rank.SHORT).withMaxN(24, 16)
                .withMaxLog10Cond(8);
        PropertyRunner.forAll("TL(IterNorm_T(Z)) ≥ n·(1 − h_T(1/n))²", 600, gen::generate, b -> {
            int t = b.random("T").nextInt(9);
            int n = b.n();
            double bound = n * Math.pow(1 - Reference.h(t, 1.0 / n), 2);
            Compare.assertNear("core traceLossBound against n·(1 − h_T(1/n))²", IterNormPolynomial.traceLossBound(t, n),
                    bound, 1e-12 * Math.max(1, bound));
            DMatrixRMaj out = new IterNorm(b.mode(), b.divisor(), t).forward(b.z()).output();
            double tl = TraceLoss.value(out, b.mode(), b.divisor());
            double tol = 1e-10 * n;
            if (!(tl >= bound - tol)) {
                throw new AssertionError(String.format(Locale.ROOT, "T = %d: TL = %.17g < n·(1 − h_T(1/n))² = %.17g",
                        t, tl, bound));
            }
            boolean equalFullSpectrum = b.r() == n && b.spec().distinct() == 1;
            if (equalFullSpectrum) {
                Compare.assertNear("TL at an equal full spectrum (T = " + t + ")", tl, bound, tol);
            }
        });
    }
}
