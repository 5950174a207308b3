package org.spectralssl.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * Lower Cholesky factorisation A = L·Lᵀ of a symmetric n×n matrix and the two triangular solves
 * that go with it. Plain loops (a reference, never optimised): n is an embedding dimension or a
 * batch size, and the cost O(n³/3) is small next to forming A.
 *
 * <p>Numerical singularity: a pivot p_j = A_jj − Σ_{k&lt;j} L_jk² at or below
 * {@code 16·n·ε·max_i A_ii} (ε = 2⁻⁵², {@link #PIVOT_RTOL_PER_ROW} = 16ε) counts as zero and the
 * factorisation fails. Rounding alone makes pivots of about n·ε·max A_ii for an exactly
 * dependent set of rows (measured on Gaussian batches with a duplicated, constant or linearly
 * dependent column, n = 2…256), so a smaller pivot carries no information about A and 1/√p_j
 * would only amplify rounding noise. The threshold rejects matrices with a condition number above
 * roughly 1/(16·n·ε), about 3·10¹³/n.
 *
 * <p>Non-finite values: A must be finite (callers check); a NaN pivot fails the factorisation.
 */
public final class Cholesky {
    /** The relative pivot tolerance per row of A, 16ε: see the class comment. */
    public static final double PIVOT_RTOL_PER_ROW = 16 * 0x1p-52;

    private Cholesky() {}

    /**
     * The outcome of a factorisation.
     *
     * @param lower L (n×n, lower triangular, positive diagonal), or null if A is not numerically
     *     positive definite
     * @param failedPivot the index j of the first pivot at or below the tolerance, or −1
     * @param pivot the value of that pivot (NaN when the factorisation succeeded)
     * @param tolerance the pivot tolerance used, 16·n·ε·max_i A_ii
     */
    public record Factor(DMatrixRMaj lower, int failedPivot, double pivot, double tolerance) {
        public boolean succeeded() {
            return lower != null;
        }
    }

    /**
     * Factors A = L·Lᵀ, reading only the lower triangle of A. Not modified: a.
     */
    public static Factor lower(DMatrixRMaj a) {
        int n = a.numRows;
        if (a.numCols != n) {
            throw new InvalidInputException("Cholesky needs a square matrix, got " + Checks.shape(a));
        }
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, a.unsafe_get(i, i));
        }
        double tol = PIVOT_RTOL_PER_ROW * n * maxDiag;
        DMatrixRMaj l = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            double p = a.unsafe_get(j, j);
            for (int k = 0; k < j; k++) {
                p -= l.unsafe_get(j, k) * l.unsafe_get(j, k);
            }
            if (!(p > tol)) {
                return new Factor(null, j, p, tol);
            }
            double ljj = Math.sqrt(p);
            l.unsafe_set(j, j, ljj);
            for (int i = j + 1; i < n; i++) {
                double s = a.unsafe_get(i, j);
                for (int k = 0; k < j; k++) {
                    s -= l.unsafe_get(i, k) * l.unsafe_get(j, k);
                }
                l.unsafe_set(i, j, s / ljj);
            }
        }
        return new Factor(l, -1, Double.NaN, tol);
    }

    /** Returns X = L⁻¹·B by forward substitution (L n×n lower, B n×k). Not modified: l, b. */
    public static DMatrixRMaj solveLower(DMatrixRMaj l, DMatrixRMaj b) {
        int n = l.numRows;
        int k = b.numCols;
        DMatrixRMaj x = new DMatrixRMaj(n, k);
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double s = b.unsafe_get(i, c);
                for (int j = 0; j < i; j++) {
                    s -= l.unsafe_get(i, j) * x.unsafe_get(j, c);
                }
                x.unsafe_set(i, c, s / l.unsafe_get(i, i));
            }
        }
        return x;
    }

    /** Returns X = L⁻ᵀ·B by back substitution on Lᵀ (L n×n lower, B n×k). Not modified: l, b. */
    public static DMatrixRMaj solveLowerTransposed(DMatrixRMaj l, DMatrixRMaj b) {
        int n = l.numRows;
        int k = b.numCols;
        DMatrixRMaj x = new DMatrixRMaj(n, k);
        for (int c = 0; c < k; c++) {
            for (int i = n - 1; i >= 0; i--) {
                double s = b.unsafe_get(i, c);
                for (int j = i + 1; j < n; j++) {
                    s -= l.unsafe_get(j, i) * x.unsafe_get(j, c);
                }
                x.unsafe_set(i, c, s / l.unsafe_get(i, i));
            }
        }
        return x;
    }
}
