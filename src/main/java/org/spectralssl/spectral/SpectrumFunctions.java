package org.spectralssl.spectral;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.spec.Equation;

/** The spectrum functions g of spec/SPEC.md E5–E8. */
public final class SpectrumFunctions {
    private SpectrumFunctions() {}

    /** g(λ) = λ^(−p) (E5). p = 1/2 is ZCA whitening; p = 0 is the identity transform. */
    @Equation("E5")
    public static SpectrumFunction power(double p) {
        Checks.finite("p", p);
        return new Power(p);
    }

    /** g(λ) = λ^(−1/2): whitening (E5 with p = 1/2). */
    public static SpectrumFunction whitening() {
        return new Power(0.5);
    }

    /** g(λ) = e^(aλ) (E6). */
    @Equation("E6")
    public static SpectrumFunction exp(double a) {
        Checks.finite("a", a);
        return new Exp(a);
    }

    /**
     * IterNorm's g_T(λ) = f_T(λ/τ)/√τ with a fixed τ (E7). With τ = tr Σ, the ST with this g has
     * the same forward as {@link IterNorm}; its backward differs because IterNorm's τ depends on Σ.
     */
    @Equation("E7")
    public static SpectrumFunction iterNorm(int t, double tau) {
        IterNormPolynomial.checkT(t);
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new InvalidInputException("IterNorm's τ must be a finite positive number, got " + tau);
        }
        return new IterNormG(t, tau);
    }

    /**
     * A user-supplied g with its derivative (E8). The divided differences use
     * {@link SpectrumFunction#dividedDifference}'s default rule.
     */
    @Equation("E8")
    public static SpectrumFunction custom(String name, DoubleUnaryOperator g, DoubleUnaryOperator derivative) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(derivative, "derivative");
        return new Custom(name == null ? "custom" : name, g, derivative);
    }

    private record Power(double p) implements SpectrumFunction {
        @Override
        public String describe() {
            return "power(p=" + p + ")";
        }

        @Override
        public double value(double x) {
            return p == 0 ? 1 : Math.pow(x, -p);
        }

        @Override
        public double derivative(double x) {
            return p == 0 ? 0 : -p * Math.pow(x, -p - 1);
        }

        /**
         * a^(−p) − b^(−p) = b^(−p)·expm1(−p·log1p((a − b)/b)); a − b is exact when a and b are
         * within a factor 2 (Sterbenz), so no digits cancel.
         */
        @Override
        public double dividedDifference(double a, double b) {
            if (a == b) {
                return derivative(a);
            }
            if (p == 0) {
                return 0;
            }
            if (!(a > 0 && b > 0)) {
                return (value(a) - value(b)) / (a - b);
            }
            double diff = a - b;
            return Math.pow(b, -p) * Math.expm1(-p * Math.log1p(diff / b)) / diff;
        }

        @Override
        public OptionalDouble homogeneityDegree() {
            return OptionalDouble.of(-p);
        }
    }

    private record Exp(double a) implements SpectrumFunction {
        @Override
        public String describe() {
            return "exp(a=" + a + ")";
        }

        @Override
        public double value(double x) {
            return Math.exp(a * x);
        }

        @Override
        public double derivative(double x) {
            return a * Math.exp(a * x);
        }

        /** e^(ax) − e^(ay) = e^(ay)·expm1(a(x − y)), taken from the smaller exponent. */
        @Override
        public double dividedDifference(double x, double y) {
            if (x == y) {
                return derivative(x);
            }
            double lo = a * x < a * y ? x : y;
            double hi = lo == x ? y : x;
            return Math.exp(a * lo) * Math.expm1(a * (hi - lo)) / (hi - lo);
        }
    }

    private record IterNormG(int t, double tau) implements SpectrumFunction {
        @Override
        public String describe() {
            return "iternorm(T=" + t + ", tau=" + tau + ")";
        }

        @Override
        public double value(double x) {
            return IterNormPolynomial.f(t, x / tau) / Math.sqrt(tau);
        }

        @Override
        public double derivative(double x) {
            return IterNormPolynomial.fPrime(t, x / tau) / (tau * Math.sqrt(tau));
        }

        @Override
        public double dividedDifference(double x, double y) {
            return IterNormPolynomial.dividedDifference(t, x / tau, y / tau) / (tau * Math.sqrt(tau));
        }
    }

    private record Custom(String name, DoubleUnaryOperator g, DoubleUnaryOperator dg) implements SpectrumFunction {
        @Override
        public String describe() {
            return name;
        }

        @Override
        public double value(double x) {
            return g.applyAsDouble(x);
        }

        @Override
        public double derivative(double x) {
            return dg.applyAsDouble(x);
        }
    }
}
