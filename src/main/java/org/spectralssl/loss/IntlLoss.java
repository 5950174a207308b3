package org.spectralssl.loss;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.WhiteningMode;

/**
 * INTL (E13): IterNorm on each view plus the trace loss,
 * L = L_align(Ẑ1, Ẑ0) + β·(TL(Ẑ1) + TL(Ẑ0)), with β = 0.01·(log₂ n − 3) by default, n the size of
 * the whitened matrix (the official code's {@code cal_trade_off}: the global batch size in SAMPLES
 * mode, the embedding dimension in FEATURES mode).
 */
@Equation("E13")
public final class IntlLoss {
    private IntlLoss() {}

    /**
     * INTL's settings; defaults are the official code's.
     *
     * @param mode which matrix IterNorm whitens (default SAMPLES)
     * @param divisor covariance divisor (default UNBIASED)
     * @param iterations T (default 4)
     * @param beta an explicit β ≥ 0, or empty for the rule of {@link #betaRule(int)}
     */
    public record Params(WhiteningMode mode, Divisor divisor, int iterations, OptionalDouble beta) {
        /** The official code's settings, defined once. */
        public static final Params DEFAULTS =
                new Params(WhiteningMode.SAMPLES, Divisor.DEFAULT, IterNorm.DEFAULT_ITERATIONS, OptionalDouble.empty());

        public Params {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(divisor, "divisor");
            Objects.requireNonNull(beta, "beta");
            if (iterations < 0) {
                throw new InvalidInputException("IterNorm iterations T must be >= 0, got " + iterations);
            }
            if (beta.isPresent() && !(beta.getAsDouble() >= 0 && Double.isFinite(beta.getAsDouble()))) {
                throw new InvalidInputException("beta must be a finite number >= 0, got " + beta.getAsDouble());
            }
        }

        public Params withMode(WhiteningMode m) {
            return new Params(m, divisor, iterations, beta);
        }

        public Params withIterations(int t) {
            return new Params(mode, divisor, t, beta);
        }

        public Params withBeta(double b) {
            return new Params(mode, divisor, iterations, OptionalDouble.of(b));
        }

        public Params withDivisor(Divisor dv) {
            return new Params(mode, dv, iterations, beta);
        }

        /** β for a batch of m samples and d features: the explicit one, else the rule. */
        public double betaFor(int m, int d) {
            return beta.isPresent() ? beta.getAsDouble() : betaRule(mode.size(m, d));
        }
    }

    /**
     * β = 0.01·(log₂ n − 3). For n ≤ 8 the rule gives β ≤ 0, which would turn INTL into IterNorm
     * alone (β = 0, which collapses at finite T) or reward collapse (β &lt; 0); this project refuses
     * the rule there and asks for an explicit β (spec E13).
     */
    @Equation("E13")
    public static double betaRule(int n) {
        if (n <= 8) {
            throw new InvalidInputException("the β rule 0.01·(log2 n − 3) gives β <= 0 for n = " + n
                    + " <= 8; pass an explicit beta (for example 0.01)");
        }
        return 0.01 * (log2(n) - 3);
    }

    /** log₂ n, exact for powers of two (as Python's math.log2 is). */
    static double log2(int n) {
        int e = 31 - Integer.numberOfLeadingZeros(n);
        double frac = (double) n / (1 << e);
        return frac == 1 ? e : e + Math.log(frac) / Math.log(2);
    }

    /** INTL over V ≥ 2 views (m×d each). Not modified: views. */
    @Equation("E13")
    public static WhiteningLoss.Result compute(List<DMatrixRMaj> views, Params p) {
        if (views == null || views.isEmpty()) {
            throw new InvalidInputException("INTL needs at least 2 views, got 0");
        }
        DMatrixRMaj z0 = views.get(0);
        double beta = p.betaFor(z0.numRows, z0.numCols);
        return WhiteningLoss.compute(views, new IterNorm(p.mode(), p.divisor(), p.iterations()), beta);
    }

    /** Two-view INTL. */
    public static WhiteningLoss.Result compute(DMatrixRMaj z1, DMatrixRMaj z2, Params p) {
        return compute(List.of(z1, z2), p);
    }
}
