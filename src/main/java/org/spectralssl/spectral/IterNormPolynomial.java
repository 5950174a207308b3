package org.spectralssl.spectral;

import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.spec.Equation;

/**
 * IterNorm's scalar polynomial (E7): f_0(x) = 1, f_k(x) = 1.5·f_{k−1}(x) − 0.5·f_{k−1}(x)³·x, and
 * the output eigenvalue map h_T(x) = x·f_T(x)², where x = λ/τ is an eigenvalue of the
 * trace-normalised matrix S = Σ/τ. Newton's iteration P_k = 1.5P_{k−1} − 0.5P_{k−1}³S (E10)
 * applies exactly this polynomial to the spectrum of S.
 */
@Equation("E7")
public final class IterNormPolynomial {
    private IterNormPolynomial() {}

    static void checkT(int t) {
        if (t < 0) {
            throw new InvalidInputException("IterNorm iterations T must be >= 0, got " + t);
        }
    }

    /** f_T(x). */
    public static double f(int t, double x) {
        checkT(t);
        double f = 1;
        for (int k = 0; k < t; k++) {
            f = 1.5 * f - 0.5 * f * f * f * x;
        }
        return f;
    }

    /** f_T′(x), by the chain rule through the recursion. */
    public static double fPrime(int t, double x) {
        checkT(t);
        double f = 1;
        double df = 0;
        for (int k = 0; k < t; k++) {
            double f2 = f * f;
            double nf = 1.5 * f - 0.5 * f2 * f * x;
            double ndf = 1.5 * df - 0.5 * (3 * f2 * df * x + f2 * f);
            f = nf;
            df = ndf;
        }
        return df;
    }

    /** h_T(x) = x·f_T(x)², the output eigenvalue of IterNorm for a normalised eigenvalue x. */
    public static double h(int t, double x) {
        double f = f(t, x);
        return x * f * f;
    }

    /**
     * The divided difference f_T[a, b] without cancellation, by the Leibniz rule for divided
     * differences of products, D[uv] = u(a)·D[v] + D[u]·v(b), applied to the recursion:
     * D[f³x] = f(a)³ + D[f³]·b and D[f³] = D[f]·(f(a)² + f(a)f(b) + f(b)²). Exact in exact
     * arithmetic for every a, b (including a = b, where it equals f_T′(a)).
     */
    @Equation("E17")
    public static double dividedDifference(int t, double a, double b) {
        checkT(t);
        if (a == b) {
            return fPrime(t, a);
        }
        double fa = 1;
        double fb = 1;
        double dd = 0;
        for (int k = 0; k < t; k++) {
            double fa2 = fa * fa;
            double fb2 = fb * fb;
            double ddCube = dd * (fa2 + fa * fb + fb2);
            double ddCubeX = fa2 * fa + ddCube * b;
            double nfa = 1.5 * fa - 0.5 * fa2 * fa * a;
            double nfb = 1.5 * fb - 0.5 * fb2 * fb * b;
            dd = 1.5 * dd - 0.5 * ddCubeX;
            fa = nfa;
            fb = nfb;
        }
        return dd;
    }

    /** The upper bound n·h_T(1/n) on the output trace of IterNorm over an n×n matrix (E26). */
    @Equation("E26")
    public static double traceBound(int t, int n) {
        return n * h(t, 1.0 / n);
    }

    /** The lower bound n·(1 − h_T(1/n))² on the trace loss after IterNorm (E26). */
    @Equation("E26")
    public static double traceLossBound(int t, int n) {
        double g = 1 - h(t, 1.0 / n);
        return n * g * g;
    }
}
