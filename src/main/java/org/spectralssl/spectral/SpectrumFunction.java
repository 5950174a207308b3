package org.spectralssl.spectral;

import java.util.OptionalDouble;
import org.spectralssl.spec.Equation;

/**
 * A scalar function g applied to the eigenvalues of Σ by a spectral transformation (E3). The
 * backward pass (E17) needs g's divided differences g[a, b] = (g(a) − g(b))/(a − b), with
 * g[a, a] = g′(a); implementations should compute them without cancellation when a ≈ b.
 *
 * <p>Non-finite values: g is evaluated only at stabilised eigenvalues (E9), which are positive
 * whenever Σ ≠ 0; a g that still returns a non-finite value is reported by the transformation,
 * never silently replaced.
 */
@Equation("E8")
public interface SpectrumFunction {
    /** A short description with parameters, for example {@code power(p=0.5)}. */
    String describe();

    /** g(x). */
    double value(double x);

    /** g′(x). */
    double derivative(double x);

    /**
     * The divided difference g[a, b]; g′(a) when a = b. This default is for user-supplied g: the
     * difference quotient, except that when |a − b| ≤ 1e-5·max(|a|, |b|) it takes g′ at the
     * midpoint. Why 1e-5: the quotient loses about 2⁻⁵²·|g|/|a − b| to cancellation while the
     * midpoint rule errs by about |g‴|·(a − b)²/24; the two balance near a relative gap of
     * (2⁻⁵²)^(1/3) ≈ 6e-6, for a relative error near 1e-10 on smooth g.
     */
    default double dividedDifference(double a, double b) {
        if (a == b) {
            return derivative(a);
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        if (Math.abs(a - b) <= 1e-5 * scale) {
            return derivative(0.5 * (a + b));
        }
        return (value(a) - value(b)) / (a - b);
    }

    /**
     * The degree h when g is homogeneous, g(cx) = c^h·g(x) for every c &gt; 0; empty otherwise.
     * Homogeneous functions are evaluated in a power-of-two normalised frame, which keeps inputs
     * from 1e-150 to 1e150 exact (E9d).
     */
    default OptionalDouble homogeneityDegree() {
        return OptionalDouble.empty();
    }
}
