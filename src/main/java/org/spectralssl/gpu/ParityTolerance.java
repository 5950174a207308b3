package org.spectralssl.gpu;

/**
 * How far an OpenCL kernel may be from its CPU twin, per element, per dtype: a bound that holds
 * for any order of summation and with or without fused multiply-adds, so a kernel that fails it
 * computed something else.
 *
 * <p><b>Dot products</b> (GEMM, Gram). Each of the two results ŝ of s = Σ_{p<k} a_p·b_p satisfies
 * |ŝ − s| ≤ γ_k·Σ|a_p·b_p| with γ_k = k·u/(1 − k·u) (Higham, <i>Accuracy and Stability of
 * Numerical Algorithms</i>, 2nd ed., §3.1, eq. 3.5; an FMA rounds once where a product and a sum
 * round twice, which only tightens it). Their difference is therefore at most
 * 2·γ_k·(|A|·|B|)_ij. OpenCL allows a device to flush subnormal results to zero, each flush losing
 * less than the smallest normal number η, at most 2k of them per element: hence
 * <pre>  |C_dev − C_twin|_ij ≤ 2·γ_k·(|A|·|B|)_ij + 2k·η.</pre>
 *
 * <p><b>axpby</b> c = α·a + β·b: each result is within γ_2·(|α·a| + |β·b|) of the exact value, so
 * <pre>  |c_dev − c_twin| ≤ 2·γ_2·(|α·a| + |β·b|) + 4η.</pre>
 *
 * <p><b>Float64 probe</b>: (1 + 2^−40) − 1 is exact in IEEE float64, so the bound is 0.
 *
 * <p>u and η per dtype are in {@link DType}: 2^−53 and 2^−1022 for float64, 2^−24 and 2^−126 for
 * float32. The float32 kernel is compared with its float32 twin, not with a float64 product.
 */
public final class ParityTolerance {
    private ParityTolerance() {}

    /** γ_k = k·u/(1 − k·u); k·u must be below 1 (k &lt; 2^24 in float32). */
    public static double gamma(int k, DType t) {
        double ku = k * t.unitRoundoff();
        if (!(ku < 1)) {
            throw new IllegalArgumentException("γ_k is undefined for k·u >= 1 (k = " + k + ", " + t.id() + ")");
        }
        return ku / (1 - ku);
    }

    /** The bound for one element of a length-k dot product whose absolute products sum to absSum. */
    public static double dot(double absSum, int k, DType t) {
        return 2 * gamma(k, t) * absSum + 2.0 * k * t.minNormal();
    }

    /** The bound for one element of α·a + β·b. */
    public static double axpby(double alpha, double a, double beta, double b, DType t) {
        return 2 * gamma(2, t) * (Math.abs(alpha * a) + Math.abs(beta * b)) + 4 * t.minNormal();
    }

    /**
     * The comparison of a device result with its twin: the largest |got − want|, where it is, and
     * the largest ratio |got − want|/bound (≤ 1 passes; a zero difference against a zero bound
     * counts as 0). Elements that differ are also counted, to show when results are bit-identical.
     */
    public record Comparison(int elements, int differing, double maxAbsError, int worstIndex, double worstRatio) {
        public boolean passes() {
            return worstRatio <= 1;
        }

        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%d elements, %d differ from the twin, max |Δ| %.3g, max |Δ|/bound %.3g%s", elements, differing,
                    maxAbsError, worstRatio, worstIndex >= 0 ? " at [" + worstIndex + "]" : "");
        }
    }

    /** Compares got with want element by element against bound. Not modified: any argument. */
    public static Comparison compare(double[] got, double[] want, double[] bound, int len) {
        int differing = 0;
        double maxAbs = 0;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < len; i++) {
            double g = got[i];
            double w = want[i];
            if (Double.compare(g, w) == 0 || (g == w)) {
                continue;
            }
            differing++;
            double err = Math.abs(g - w);
            // NaN against a number, or different infinities: infinitely far.
            double ratio = Double.isNaN(err) || Double.isInfinite(err) ? Double.POSITIVE_INFINITY
                    : bound[i] > 0 ? err / bound[i] : Double.POSITIVE_INFINITY;
            if (!(err <= maxAbs)) {
                maxAbs = err;
            }
            if (!(ratio <= worst)) {
                worst = ratio;
                worstAt = i;
            }
        }
        return new Comparison(len, differing, maxAbs, worstAt, worst);
    }
}
