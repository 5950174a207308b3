package org.spectralssl.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * The reference device: the double-precision EJML path of {@link Mat}, on the calling thread. It
 * is what the core used before the device seam existed, operation for operation, so results on
 * it are bit-identical to those of the core without a device argument. Stateless.
 */
public enum CpuDevice implements ComputeDevice {
    INSTANCE;

    @Override
    public Kind kind() {
        return Kind.CPU;
    }

    @Override
    public String describe() {
        return "cpu (EJML, float64)";
    }

    @Override
    public DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        return Mat.mult(a, b);
    }

    @Override
    public DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b) {
        return Mat.multTransA(a, b);
    }

    @Override
    public DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b) {
        return Mat.multTransB(a, b);
    }

    /**
     * X·Xᵀ by EJML, then (S + Sᵀ)/2: EJML's blocked product need not add the terms of (i, j) and
     * (j, i) in the same order, and the covariance (E2) must be exactly symmetric.
     */
    @Override
    public DMatrixRMaj gram(DMatrixRMaj x) {
        DMatrixRMaj s = Mat.multTransB(x, x);
        int n = s.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = 0.5 * (s.unsafe_get(i, j) + s.unsafe_get(j, i));
                s.unsafe_set(i, j, v);
                s.unsafe_set(j, i, v);
            }
        }
        return s;
    }

    /** α·A + β·B as fl(fl(α·a) + fl(β·b)) per element (Java never fuses into an FMA). */
    @Override
    public DMatrixRMaj axpby(double alpha, DMatrixRMaj a, double beta, DMatrixRMaj b) {
        Checks.sameShape("a", a, "b", b);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            c.data[i] = alpha * a.data[i] + beta * b.data[i];
        }
        return c;
    }
}
