package org.spectralssl.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The pieces of {@link SymmetricEigenSolver}: the two tridiagonalisation kernels give the same bits
 * (so the result does not depend on the vector module), the tridiagonalisation and its
 * back-transformation reproduce A, the merge's secular solver brackets its roots, and the facade's
 * edge cases. The accuracy properties over generated spectra are in
 * {@code property/SymmetricEigenProperties}.
 */
class SymmetricEigenSolverTest {
    private static double[] randomSymmetric(int n, SplittableRandom rnd) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = rnd.nextGaussian();
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        return a;
    }

    @Test
    void kernelsAgreeBitForBitWithThePlainLoops() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<TridiagonalKernel> impls = TridiagonalKernel.implementations();
        TridiagonalKernel ref = impls.get(impls.size() - 1);
        int cases = 0;
        for (TridiagonalKernel impl : impls) {
            for (int len : new int[] {0, 1, 3, 7, 8, 9, 15, 16, 17, 33, 100}) {
                for (int from : new int[] {0, 1, 5}) {
                    int to = from + len;
                    double[] a = new double[to + 3];
                    double[] v = new double[to];
                    double[] w = new double[to];
                    double[] x = new double[to];
                    for (int j = 0; j < to; j++) {
                        v[j] = rnd.nextGaussian();
                        w[j] = rnd.nextGaussian() * 1e-3;
                        x[j] = rnd.nextGaussian() * 1e5;
                    }
                    for (int j = 0; j < a.length; j++) {
                        a[j] = rnd.nextGaussian();
                    }
                    double vi = rnd.nextGaussian();
                    double wi = rnd.nextGaussian();
                    double xi = rnd.nextGaussian();
                    double[] p = new double[to];
                    for (int j = 0; j < to; j++) {
                        p[j] = rnd.nextGaussian();
                    }
                    if (len == 0) {
                        cases++;
                        continue;
                    }
                    double[] a1 = a.clone();
                    double[] a2 = a.clone();
                    double[] p1 = p.clone();
                    double[] p2 = p.clone();
                    double s1 = impl.symmetricRow(a1, 2, from, to, vi, wi, xi, v, w, x, p1);
                    double s2 = ref.symmetricRow(a2, 2, from, to, vi, wi, xi, v, w, x, p2);
                    assertEquals(s2, s1, 0.0, "row sum, length " + len);
                    assertArrayEquals(a2, a1, 0.0, "updated row, length " + len);
                    assertArrayEquals(p2, p1, 0.0, "p, length " + len);
                    cases++;
                }
            }
        }
        assertEquals(impls.size() * 33, cases);
        // and the whole reduction
        for (int n : new int[] {3, 17, 70}) {
            double[] a = randomSymmetric(n, rnd);
            Tridiagonalization t1 = Tridiagonalization.reduce(a.clone(), n, impls.get(0));
            Tridiagonalization t2 = Tridiagonalization.reduce(a.clone(), n, ref);
            assertArrayEquals(t2.diag, t1.diag, 0.0);
            assertArrayEquals(t2.off, t1.off, 0.0);
            assertArrayEquals(t2.tau, t1.tau, 0.0);
            assertArrayEquals(t2.a, t1.a, 0.0);
        }
    }

    @Test
    void tridiagonalisationAndBackTransformationReproduceTheMatrix() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int n : new int[] {1, 2, 3, 4, 31, 32, 33, 65, 130}) {
            double[] a = randomSymmetric(n, rnd);
            Tridiagonalization t = Tridiagonalization.reduce(a.clone(), n);
            // Q = Q·I; then Q·T·Qᵀ against A
            double[] q = new double[n * n];
            for (int i = 0; i < n; i++) {
                q[i * n + i] = 1;
            }
            t.applyQ(q, n);
            double[] tq = new double[n * n]; // T·Qᵀ
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = t.diag[i] * q[j * n + i];
                    if (i > 0) {
                        s += t.off[i - 1] * q[j * n + i - 1];
                    }
                    if (i < n - 1) {
                        s += t.off[i] * q[j * n + i + 1];
                    }
                    tq[i * n + j] = s;
                }
            }
            double[] qtq = new double[n * n];
            Gemm.mult(q, tq, qtq, n, n, n);
            double err = 0;
            double norm = 0;
            for (int i = 0; i < n * n; i++) {
                err = Math.max(err, Math.abs(qtq[i] - a[i]));
                norm = Math.max(norm, Math.abs(a[i]));
            }
            assertTrue(err <= 8 * n * 0x1p-53 * norm * n, "n = " + n + ": max|Q·T·Qᵀ − A| = " + err);
        }
    }

    @Test
    void secularRootsLieBetweenThePolesAndDeltasMatch() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + rnd.nextInt(40);
            double[] d = new double[k];
            double[] z = new double[k];
            double x = rnd.nextGaussian();
            for (int i = 0; i < k; i++) {
                x += rnd.nextBoolean() ? 1e-9 * (1 + rnd.nextDouble()) : rnd.nextDouble();
                d[i] = x;
                z[i] = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, -rnd.nextInt(8)) * (0.5 + rnd.nextDouble());
            }
            double rho = Math.pow(10, rnd.nextInt(-3, 4));
            double[] lambda = new double[k];
            double[] deltaT = new double[k * k];
            TridiagonalEigen.secular(d, z, k, rho, lambda, deltaT);
            double z2 = 0;
            for (double zi : z) {
                z2 += zi * zi;
            }
            for (int j = 0; j < k; j++) {
                double hi = j < k - 1 ? d[j + 1] : d[k - 1] + rho * z2 * (1 + 1e-15);
                assertTrue(lambda[j] >= d[j] && lambda[j] <= hi, "root " + j + " outside its interval");
                for (int i = 0; i < k; i++) {
                    double direct = d[i] - lambda[j];
                    assertTrue(Math.abs(deltaT[j * k + i] - direct) <= 4 * 0x1p-53 * Math.abs(d[i])
                            + 4 * 0x1p-53 * Math.abs(lambda[j]), "delta " + i + "," + j);
                }
                assertTrue(deltaT[j * k + j] < 0 && (j == k - 1 || deltaT[j * k + j + 1] > 0),
                        "root " + j + " not strictly between its poles");
            }
        }
    }

    @Test
    void edgeCases() {
        assertEquals(0, Mat.eigSymmetric(new DMatrixRMaj(0, 0)).values().length);
        Mat.SymmetricEigen one = Mat.eigSymmetric(new DMatrixRMaj(new double[][] {{-3.5}}));
        assertArrayEquals(new double[] {-3.5}, one.values(), 0.0);
        assertArrayEquals(new double[] {1}, one.vectors().data, 0.0);
        DMatrixRMaj nan = new DMatrixRMaj(new double[][] {{1, 2}, {2, Double.NaN}});
        assertThrows(IllegalStateException.class, () -> Mat.eigSymmetric(nan, SymmetricEigenSolver.Method.DIVIDE_AND_CONQUER));
        assertThrows(InvalidInputException.class, () -> Mat.eigSymmetric(new DMatrixRMaj(2, 3)));
        assertTrue(SymmetricEigenSolver.name().startsWith(
                SymmetricEigenSolver.selected() == SymmetricEigenSolver.Method.EJML ? "EJML" : "divide"));
    }

    /** AUTO is EJML's solver up to SMALL rows and divide and conquer above, bit for bit. */
    @Test
    void autoDispatchesBySize() {
        SplittableRandom rnd = new SplittableRandom(14);
        for (int n : new int[] {5, SymmetricEigenSolver.SMALL, SymmetricEigenSolver.SMALL + 1, 70}) {
            DMatrixRMaj a = DMatrixRMaj.wrap(n, n, randomSymmetric(n, rnd));
            Mat.SymmetricEigen auto = Mat.eigSymmetric(a, SymmetricEigenSolver.Method.AUTO);
            Mat.SymmetricEigen want = Mat.eigSymmetric(a, n <= SymmetricEigenSolver.SMALL
                    ? SymmetricEigenSolver.Method.EJML : SymmetricEigenSolver.Method.DIVIDE_AND_CONQUER);
            assertArrayEquals(want.values(), auto.values(), 0.0, "n = " + n);
            assertArrayEquals(want.vectors().data, auto.vectors().data, 0.0, "n = " + n);
        }
    }
}
