package org.spectralssl.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Lower Cholesky factor, triangular solves, and the pivot tolerance. */
class CholeskyTest {
    private static DMatrixRMaj randomSpd(int n, SplittableRandom rnd) {
        DMatrixRMaj b = new DMatrixRMaj(n, 2 * n);
        for (int i = 0; i < b.getNumElements(); i++) {
            b.data[i] = rnd.nextDouble(-1, 1);
        }
        return Mat.symmetrize(Mat.multTransB(b, b));
    }

    @Test
    void twoByTwoByHand() {
        // [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]].
        Cholesky.Factor f = Cholesky.lower(new DMatrixRMaj(new double[][] {{4, 2}, {2, 5}}));
        assertTrue(f.succeeded());
        assertArrayEquals(new double[] {2, 0, 1, 2}, f.lower().data, 0);
    }

    @Test
    void factorReproducesTheMatrixAndSolvesInvertIt() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 5, 17}) {
            DMatrixRMaj a = randomSpd(n, rnd);
            DMatrixRMaj l = Cholesky.lower(a).lower();
            for (int i = 0; i < n; i++) {
                assertTrue(l.get(i, i) > 0);
                for (int j = i + 1; j < n; j++) {
                    assertEquals(0, l.get(i, j), "upper triangle must be 0");
                }
            }
            assertArrayEquals(a.data, Mat.multTransB(l, l).data, 1e-13 * Mat.maxAbs(a));
            DMatrixRMaj b = new DMatrixRMaj(n, 3);
            for (int i = 0; i < b.getNumElements(); i++) {
                b.data[i] = rnd.nextDouble(-1, 1);
            }
            assertArrayEquals(b.data, Mat.mult(l, Cholesky.solveLower(l, b)).data, 1e-12);
            assertArrayEquals(b.data, Mat.multTransA(l, Cholesky.solveLowerTransposed(l, b)).data, 1e-12);
        }
    }

    @Test
    void singularAndIndefiniteMatricesFail() {
        // Rank 1, exactly: the second pivot is 0.
        Cholesky.Factor f = Cholesky.lower(new DMatrixRMaj(new double[][] {{1, 2}, {2, 4}}));
        assertFalse(f.succeeded());
        assertEquals(1, f.failedPivot());
        assertFalse(Cholesky.lower(new DMatrixRMaj(new double[][] {{1, 3}, {3, 1}})).succeeded());
        assertFalse(Cholesky.lower(new DMatrixRMaj(new double[][] {{0, 0}, {0, 1}})).succeeded());
        // A pivot just above the tolerance passes, one at it fails.
        double tol = Cholesky.PIVOT_RTOL_PER_ROW * 2;
        assertTrue(Cholesky.lower(new DMatrixRMaj(new double[][] {{1, 0}, {0, 2 * tol}})).succeeded());
        assertFalse(Cholesky.lower(new DMatrixRMaj(new double[][] {{1, 0}, {0, tol}})).succeeded());
    }
}
