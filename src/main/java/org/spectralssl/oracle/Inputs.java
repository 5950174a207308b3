package org.spectralssl.oracle;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The kinds of input batch in the golden suite, each chosen for a reason (FORMAT.md §5). Each
 * builds both views from one seed; z2 is z1 plus noise, as two augmentations of one batch are
 * close. The kinds are defined in the variables frame of the case's mode (n variables × k
 * observations), so that "rank-deficient" or "repeated eigenvalues" is a property of the matrix
 * that is actually whitened; ops without a mode use the features frame (X = Zᵀ).
 *
 * @param label the kind's short name, used in file names
 * @param description how z1 and z2 were made, for the manifest
 * @param z1 view 1, m×d
 * @param z2 view 2, m×d
 */
public record Inputs(String label, String description, DMatrixRMaj z1, DMatrixRMaj z2) {

    private static DMatrixRMaj gaussian(SplitMix64 rnd, int rows, int cols) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.getNumElements(); i++) {
            a.data[i] = rnd.nextGaussian();
        }
        return a;
    }

    /** a + s·N(0, 1), a new matrix. */
    private static DMatrixRMaj plusNoise(DMatrixRMaj a, double s, SplitMix64 rnd) {
        DMatrixRMaj b = a.copy();
        for (int i = 0; i < b.getNumElements(); i++) {
            b.data[i] += s * rnd.nextGaussian();
        }
        return b;
    }

    private static DMatrixRMaj plus(DMatrixRMaj a, double c) {
        DMatrixRMaj b = a.copy();
        for (int i = 0; i < b.getNumElements(); i++) {
            b.data[i] += c;
        }
        return b;
    }

    private static WhiteningMode frame(WhiteningMode mode) {
        return mode == null ? WhiteningMode.FEATURES : mode;
    }

    /** i.i.d. N(0, 1); z2 = z1 + 0.5·N(0, 1). */
    public static Inputs gauss(WhiteningMode mode, int m, int d, long seed) {
        SplitMix64 rnd = new SplitMix64(seed);
        DMatrixRMaj z1 = gaussian(rnd, m, d);
        return new Inputs("gauss", "z1 ~ N(0, 1) i.i.d.; z2 = z1 + 0.5·N(0, 1)", z1, plusNoise(z1, 0.5, rnd));
    }

    /** Gaussian plus 1000 everywhere: centring must remove a mean 1000 times the spread. */
    public static Inputs meanShift(WhiteningMode mode, int m, int d, long seed) {
        Inputs g = gauss(mode, m, d, seed);
        return new Inputs("meanshift", "gauss (z1 ~ N(0, 1), z2 = z1 + 0.5·N(0, 1)), then 1000 added to every entry",
                plus(g.z1, 1000), plus(g.z2, 1000));
    }

    /** Z = A·B/√r with A m×r, B r×d Gaussian: rank r, so Σ has n − r (or n − r + 1) zero eigenvalues. */
    public static Inputs rankDeficient(WhiteningMode mode, int m, int d, int r, long seed) {
        SplitMix64 rnd = new SplitMix64(seed);
        DMatrixRMaj a = gaussian(rnd, m, r);
        DMatrixRMaj b = gaussian(rnd, r, d);
        DMatrixRMaj z1 = org.spectralssl.linalg.Mat.scale(1 / Math.sqrt(r), org.spectralssl.linalg.Mat.mult(a, b));
        DMatrixRMaj b2 = plusNoise(b, 0.3, rnd);
        DMatrixRMaj z2 = org.spectralssl.linalg.Mat.scale(1 / Math.sqrt(r), org.spectralssl.linalg.Mat.mult(a, b2));
        return new Inputs("rankdef" + r, "z1 = A·B/√" + r + " with A (m×" + r + "), B (" + r + "×d) ~ N(0, 1): rank "
                + r + "; z2 = A·(B + 0.3·N(0, 1))/√" + r + ", also rank " + r, z1, z2);
    }

    /**
     * Exactly repeated eigenvalues: in the variables frame, X = Q·D·H with H rows 1..n of the
     * Sylvester–Hadamard matrix of order k (orthogonal rows that sum to zero), D = diag(1, …, 1,
     * 2, …, 2) (n/2 of each) and Q = H_n/√n, an orthogonal matrix with entries ±1/√n. Every entry
     * is a dyadic rational, so X, its centring and X Xᵀ are exact, and Σ = (k/q)·Q D² Qᵀ has the two
     * eigenvalues k/q and 4k/q, each exactly n/2 times, with eigenvectors that are not the axes.
     * Needs k a power of 2, n ∈ {4, 16, 64, …} (√n a power of 2) and n ≤ k − 1. z2 = z1 + 0.1·N(0, 1).
     */
    public static Inputs repeated(WhiteningMode mode, int m, int d, long seed) {
        WhiteningMode f = frame(mode);
        int n = f.size(m, d);
        int k = f.observations(m, d);
        int rootN = (int) Math.round(Math.sqrt(n));
        if (Integer.bitCount(k) != 1 || rootN * rootN != n || Integer.bitCount(rootN) != 1 || n > k - 1) {
            throw new IllegalArgumentException("repeated needs k a power of 2, n a power of 4 and n <= k - 1; got n = "
                    + n + ", k = " + k);
        }
        DMatrixRMaj h = new DMatrixRMaj(n, k);
        for (int i = 0; i < n; i++) {
            double scale = i < n / 2 ? 1 : 2;
            for (int j = 0; j < k; j++) {
                h.unsafe_set(i, j, scale * hadamard(i + 1, j));
            }
        }
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q.unsafe_set(i, j, hadamard(i, j) / rootN);
            }
        }
        DMatrixRMaj z1 = f.fromVariables(org.spectralssl.linalg.Mat.mult(q, h));
        SplitMix64 rnd = new SplitMix64(seed);
        return new Inputs("repeated", "X = Q·D·H in the variables frame (" + f.id() + "): H = rows 1.." + n
                + " of the Sylvester-Hadamard matrix of order " + k + ", D = diag(1 ×" + (n / 2) + ", 2 ×" + (n / 2)
                + "), Q = H_" + n + "/" + rootN + "; Σ has the eigenvalues k/q and 4k/q, each exactly " + (n / 2)
                + " times; z2 = z1 + 0.1·N(0, 1)", z1, plusNoise(z1, 0.1, rnd));
    }

    /**
     * Nearly repeated eigenvalues: {@link #repeated} with 1e-9·N(0, 1) added to z1, which splits
     * each repeated eigenvalue into a cluster about 1e-9 wide: the differences λ_i − λ_j that
     * autograd through eigh divides by.
     */
    public static Inputs nearTie(WhiteningMode mode, int m, int d, long seed) {
        Inputs r = repeated(mode, m, d, seed);
        SplitMix64 rnd = new SplitMix64(seed ^ 0x9E3779B97F4A7C15L);
        return new Inputs("neartie", r.description().replace("; z2 = z1 + 0.1·N(0, 1)", "")
                + ", then 1e-9·N(0, 1) added (clusters of eigenvalues about 1e-9 wide); z2 = that + 0.1·N(0, 1)",
                plusNoise(r.z1(), 1e-9, rnd), null).withZ2(0.1, rnd);
    }

    private Inputs withZ2(double noise, SplitMix64 rnd) {
        return new Inputs(label, description, z1, plusNoise(z1, noise, rnd));
    }

    /** Entry (i, j) of the Sylvester–Hadamard matrix: (−1)^popcount(i AND j). */
    private static double hadamard(int i, int j) {
        return Integer.bitCount(i & j) % 2 == 0 ? 1 : -1;
    }

    /**
     * Ill-conditioned: in the variables frame, variable i of a Gaussian X is scaled by
     * 10^(−s·i/(n − 1)), so κ(Σ) ≈ 10^(2s). z2 is built the same way from z1's X plus 0.5·N(0, 1).
     */
    public static Inputs illConditioned(WhiteningMode mode, int m, int d, int s, long seed) {
        WhiteningMode f = frame(mode);
        int n = f.size(m, d);
        int k = f.observations(m, d);
        SplitMix64 rnd = new SplitMix64(seed);
        DMatrixRMaj x1 = gaussian(rnd, n, k);
        DMatrixRMaj x2 = plusNoise(x1, 0.5, rnd);
        for (int i = 0; i < n; i++) {
            double scale = StrictMath.pow(10, -(double) s * i / Math.max(1, n - 1));
            for (int j = 0; j < k; j++) {
                x1.unsafe_set(i, j, x1.unsafe_get(i, j) * scale);
                x2.unsafe_set(i, j, x2.unsafe_get(i, j) * scale);
            }
        }
        return new Inputs("illcond1e" + (2 * s), "variables frame (" + f.id() + "): variable i of an N(0, 1) batch "
                + "scaled by 10^(-" + s + "·i/(n-1)), so κ(Σ) ≈ 1e" + (2 * s) + "; z2 likewise from z1's + 0.5·N(0, 1)",
                f.fromVariables(x1), f.fromVariables(x2));
    }

    /** z1 constant (every entry 0.75): Σ = 0, the zero-trace guard's case. z2 Gaussian. */
    public static Inputs constant(WhiteningMode mode, int m, int d, long seed) {
        DMatrixRMaj z1 = new DMatrixRMaj(m, d);
        java.util.Arrays.fill(z1.data, 0.75);
        SplitMix64 rnd = new SplitMix64(seed);
        return new Inputs("constant", "z1 = 0.75 everywhere (Σ = 0); z2 ~ N(0, 1)", z1, gaussian(rnd, m, d));
    }

    /** gauss scaled by a factor: the results of scale-invariant transforms must not change digits. */
    public static Inputs scaled(WhiteningMode mode, int m, int d, double factor, String label, long seed) {
        Inputs g = gauss(mode, m, d, seed);
        return new Inputs(label, "gauss (z1 ~ N(0, 1), z2 = z1 + 0.5·N(0, 1)), both multiplied by " + factor,
                org.spectralssl.linalg.Mat.scale(factor, g.z1), org.spectralssl.linalg.Mat.scale(factor, g.z2));
    }

    /** gauss with row 0 of z1 set to zero: the alignment's normalisation meets ‖z‖ = 0. */
    public static Inputs zeroRow(WhiteningMode mode, int m, int d, long seed) {
        Inputs g = gauss(mode, m, d, seed);
        DMatrixRMaj z1 = g.z1.copy();
        for (int j = 0; j < d; j++) {
            z1.unsafe_set(0, j, 0);
        }
        return new Inputs("zerorow", "gauss (z1 ~ N(0, 1), z2 = z1 + 0.5·N(0, 1)), then row 0 of z1 set to 0", z1, g.z2);
    }
}
