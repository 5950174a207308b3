package org.spectralssl.repro;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** Batches with an exactly prescribed covariance spectrum, for the library experiments. */
final class Batches {
    private Batches() {}

    /** A random d×d orthogonal matrix (QR of a Gaussian matrix). */
    static DMatrixRMaj orthogonal(int d, SplittableRandom rnd) {
        return orthonormalColumns(gaussian(d, d, rnd));
    }

    static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rnd) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = gauss(rnd);
        }
        return a;
    }

    static double gauss(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static DMatrixRMaj orthonormalColumns(DMatrixRMaj a) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        if (!qr.decompose(a.copy())) {
            throw new IllegalStateException("QR failed");
        }
        return qr.getQ(null, true);
    }

    /**
     * An m×d batch (rows = samples, m &gt; d) whose feature covariance with divisor m − 1 is exactly
     * (up to rounding) V·diag(λ)·Vᵀ with V a random orthogonal matrix: Z = √(m−1)·Q·diag(√λ)·Vᵀ with
     * Q m×d orthonormal and orthogonal to the all-ones vector, so Z is already centred.
     */
    static DMatrixRMaj withCovariance(int m, double[] lambda, long seed) {
        int d = lambda.length;
        if (m <= d) {
            throw new IllegalArgumentException("need m > d, got m = " + m + ", d = " + d);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj a = gaussian(m, d, rnd);
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += a.get(i, j);
            }
            mean /= m;
            for (int i = 0; i < m; i++) {
                a.set(i, j, a.get(i, j) - mean);
            }
        }
        DMatrixRMaj q = orthonormalColumns(a);
        DMatrixRMaj v = orthogonal(d, rnd);
        double s = Math.sqrt(m - 1.0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                q.set(i, j, q.get(i, j) * s * Math.sqrt(lambda[j]));
            }
        }
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        CommonOps_DDRM.multTransB(q, v, z);
        return z;
    }

    /** Q·diag(λ)·Qᵀ. */
    static DMatrixRMaj symmetric(DMatrixRMaj q, double[] lambda) {
        int n = lambda.length;
        DMatrixRMaj ql = q.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ql.set(i, j, q.get(i, j) * lambda[j]);
            }
        }
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(ql, q, s);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double x = 0.5 * (s.get(i, j) + s.get(j, i));
                s.set(i, j, x);
                s.set(j, i, x);
            }
        }
        return s;
    }

    /** n values log-spaced from hi down to lo. */
    static double[] logSpaced(double hi, double lo, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = hi * Math.pow(lo / hi, n == 1 ? 0 : (double) i / (n - 1));
        }
        return v;
    }
}
