package org.spectralssl.property;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.spectralssl.testing.FiniteDifference;

/** Seeded random matrices for the generators. Every method draws only from the given generator. */
public final class RandomMatrices {
    private RandomMatrices() {}

    /** A Gaussian matrix with independent N(0, 1) entries. */
    public static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rnd) {
        return FiniteDifference.gaussian(rows, cols, rnd);
    }

    /**
     * A Haar-distributed orthogonal n×n matrix: Q of the QR decomposition of a Gaussian matrix, with
     * each column's sign fixed so that diag(R) &gt; 0 (without the fix Q is not Haar; Mezzadri 2007).
     */
    public static DMatrixRMaj orthogonal(int n, SplittableRandom rnd) {
        return orthonormalColumns(gaussian(n, n, rnd));
    }

    /**
     * A k×r matrix with orthonormal columns that are all orthogonal to the all-ones vector (needs
     * r ≤ k − 1). The QR decomposition of [1 | G] (G Gaussian k×r) has a Q whose first column spans
     * 1; the remaining r columns are returned. A batch X_c = U·diag(σ)·Vᵀ built from such a V has
     * rows that sum to zero, so it is exactly centred (E1) up to rounding.
     */
    public static DMatrixRMaj orthonormalOrthogonalToOnes(int k, int r, SplittableRandom rnd) {
        if (r > k - 1) {
            throw new IllegalArgumentException("need r <= k - 1, got r = " + r + ", k = " + k);
        }
        DMatrixRMaj a = new DMatrixRMaj(k, r + 1);
        DMatrixRMaj g = gaussian(k, r, rnd);
        for (int i = 0; i < k; i++) {
            a.set(i, 0, 1);
            for (int j = 0; j < r; j++) {
                a.set(i, j + 1, g.get(i, j));
            }
        }
        DMatrixRMaj q = orthonormalColumns(a);
        DMatrixRMaj v = new DMatrixRMaj(k, r);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < r; j++) {
                v.set(i, j, q.get(i, j + 1));
            }
        }
        return v;
    }

    /** A uniformly random permutation of 0..m−1 (Fisher–Yates). */
    public static int[] permutationIndices(int m, SplittableRandom rnd) {
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) {
            perm[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** A uniformly random permutation matrix P (m×m), so that P·Z permutes the rows of Z. */
    public static DMatrixRMaj permutation(int m, SplittableRandom rnd) {
        int[] perm = permutationIndices(m, rnd);
        DMatrixRMaj p = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            p.set(i, perm[i], 1);
        }
        return p;
    }

    /** Q (rows×cols, cols ≤ rows) of the thin QR decomposition of a, columns signed so diag(R) &gt; 0. */
    private static DMatrixRMaj orthonormalColumns(DMatrixRMaj a) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        if (!qr.decompose(a.copy())) {
            throw new IllegalStateException("QR decomposition failed");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        for (int j = 0; j < q.numCols; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < q.numRows; i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
        return q;
    }
}
