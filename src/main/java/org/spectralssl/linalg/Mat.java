package org.spectralssl.linalg;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The few dense double-precision operations the spectral core needs, as a thin facade over EJML;
 * the three products run on {@link Gemm}, which adds the same terms in the same order as EJML's
 * products (so the results are EJML's, bit for bit) on vector kernels and several threads.
 * Every method allocates its result and leaves its arguments unmodified, unless its name ends in
 * {@code InPlace}. Shapes use the legend of {@code spec/SPEC.md}: n size of the whitened matrix,
 * k number of observations.
 */
public final class Mat {
    private Mat() {}

    /** Returns A·B. Not modified: a, b. Bit for bit EJML's product ({@link Gemm}'s contract), faster. */
    public static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        requireInner("A·B", a.numCols, b.numRows, a, b);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        Gemm.mult(a.data, b.data, c.data, a.numRows, a.numCols, b.numCols);
        return c;
    }

    /** Returns Aᵀ·B. Not modified: a, b. Bit for bit EJML's product, faster. */
    public static DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b) {
        requireInner("Aᵀ·B", a.numRows, b.numRows, a, b);
        DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
        Gemm.multTransA(a.data, b.data, c.data, a.numCols, a.numRows, b.numCols);
        return c;
    }

    /** Returns A·Bᵀ. Not modified: a, b. Bit for bit EJML's product, faster. */
    public static DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b) {
        requireInner("A·Bᵀ", a.numCols, b.numCols, a, b);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numRows);
        Gemm.multTransB(a.data, b.data, c.data, a.numRows, a.numCols, b.numRows, null);
        return c;
    }

    private static void requireInner(String what, int left, int right, DMatrixRMaj a, DMatrixRMaj b) {
        if (left != right) {
            throw new IllegalArgumentException(what + ": inner sizes differ, A " + Checks.shape(a) + ", B "
                    + Checks.shape(b));
        }
    }

    /** Returns Aᵀ. Not modified: a. */
    public static DMatrixRMaj transpose(DMatrixRMaj a) {
        return CommonOps_DDRM.transpose(a, null);
    }

    /** Returns α·A. Not modified: a. */
    public static DMatrixRMaj scale(double alpha, DMatrixRMaj a) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.scale(alpha, a, c);
        return c;
    }

    /** Returns A + B. Not modified: a, b. */
    public static DMatrixRMaj add(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.add(a, b, c);
        return c;
    }

    /** A ← A + α·B. Modified: a. Not modified: b. */
    public static void addInPlace(DMatrixRMaj a, double alpha, DMatrixRMaj b) {
        CommonOps_DDRM.addEquals(a, alpha, b);
    }

    /** Returns the n×n identity. */
    public static DMatrixRMaj identity(int n) {
        return CommonOps_DDRM.identity(n);
    }

    /** Returns tr(A). Not modified: a. */
    public static double trace(DMatrixRMaj a) {
        return CommonOps_DDRM.trace(a);
    }

    /** Returns the Frobenius inner product ⟨A, B⟩ = Σ A_ij B_ij. Not modified: a, b. */
    public static double dot(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            s += a.data[i] * b.data[i];
        }
        return s;
    }

    /** Returns (A + Aᵀ)/2. Not modified: a. */
    public static DMatrixRMaj symmetrize(DMatrixRMaj a) {
        int n = a.numRows;
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c.unsafe_set(i, j, 0.5 * (a.unsafe_get(i, j) + a.unsafe_get(j, i)));
            }
        }
        return c;
    }

    /** Returns max |A_ij| (0 for an empty matrix). Not modified: a. */
    public static double maxAbs(DMatrixRMaj a) {
        double m = 0;
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            m = Math.max(m, Math.abs(a.data[i]));
        }
        return m;
    }

    /** Returns the Frobenius norm. Not modified: a. */
    public static double frobenius(DMatrixRMaj a) {
        return org.ejml.dense.row.NormOps_DDRM.normF(a);
    }

    /** Returns A with every element multiplied by 2^e (exact unless the result under- or overflows). */
    public static DMatrixRMaj scalb(DMatrixRMaj a, int e) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            c.data[i] = Math.scalb(a.data[i], e);
        }
        return c;
    }

    /**
     * The binary exponent e of a positive finite x, x = f·2^e with f in [1, 2), subnormals
     * included (where {@link Math#getExponent} would answer −1023).
     */
    public static int binaryExponent(double x) {
        int e = Math.getExponent(x);
        return e >= Double.MIN_EXPONENT ? e : Math.getExponent(x * 0x1p54) - 54;
    }

    /**
     * Returns U·diag(v)·Uᵀ for a square U (columns are vectors). Not modified: u, v.
     */
    public static DMatrixRMaj spectralProduct(DMatrixRMaj u, double[] v) {
        int n = u.numRows;
        DMatrixRMaj ud = new DMatrixRMaj(n, u.numCols);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < u.numCols; j++) {
                ud.unsafe_set(i, j, u.unsafe_get(i, j) * v[j]);
            }
        }
        return multTransB(ud, u);
    }

    /**
     * Symmetric eigendecomposition A = U·diag(λ)·Uᵀ with λ ascending and U orthogonal (columns are
     * eigenvectors). Only the symmetric part of {@code a} is used. Not modified: a. Computed by the
     * method that {@code -Dspectralssl.eig} selects ({@link SymmetricEigenSolver}: by default divide
     * and conquer above 32 rows and EJML's symmetric QR algorithm up to 32).
     *
     * @throws IllegalStateException if the algorithm does not converge (non-finite entries)
     */
    public static SymmetricEigen eigSymmetric(DMatrixRMaj a) {
        return eigSymmetric(a, SymmetricEigenSolver.selected());
    }

    /**
     * {@link #eigSymmetric(DMatrixRMaj)} by the given method (tests and benchmarks compare them).
     *
     * @throws IllegalStateException if the algorithm does not converge (non-finite entries)
     */
    public static SymmetricEigen eigSymmetric(DMatrixRMaj a, SymmetricEigenSolver.Method method) {
        int n = a.numRows;
        if (a.numCols != n) {
            throw new InvalidInputException("eigSymmetric needs a square matrix, got " + Checks.shape(a));
        }
        DMatrixRMaj sym = symmetrize(a);
        // EJML's QR iteration fails to converge on matrices near the bottom of the double range
        // (entries around 1e-290), so work on 2^e·A with max|entry| in [1, 2): exact, and the
        // eigenvalues are scaled back by 2^(−e) below.
        double max = maxAbs(sym);
        int e = max > 0 && Double.isFinite(max) ? -binaryExponent(max) : 0;
        if (e != 0) {
            sym = scalb(sym, e);
        }
        if (!SymmetricEigenSolver.usesEjml(method, n)) {
            SymmetricEigenSolver.Raw raw = SymmetricEigenSolver.decompose(sym);
            double[] values = raw.values();
            double[] v = raw.vectors();
            // unit columns as for EJML's below (the same sums, i ascending), row by row for the cache
            double[] norm = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    norm[j] += v[i * n + j] * v[i * n + j];
                }
            }
            for (int j = 0; j < n; j++) {
                values[j] = Math.scalb(values[j], -e);
                norm[j] = Math.sqrt(norm[j]);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    v[i * n + j] /= norm[j];
                }
            }
            return new SymmetricEigen(values, DMatrixRMaj.wrap(n, n, v));
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(sym)) {
            throw new IllegalStateException("symmetric eigendecomposition did not converge (n = " + n + ")");
        }
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            int src = order[j];
            values[j] = Math.scalb(raw[src], -e);
            DMatrixRMaj v = eig.getEigenVector(src);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += v.get(i, 0) * v.get(i, 0);
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                vectors.unsafe_set(i, j, v.get(i, 0) / norm);
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Eigenvalues ascending and the matching orthonormal eigenvectors as columns. */
    public record SymmetricEigen(double[] values, DMatrixRMaj vectors) {}
}
