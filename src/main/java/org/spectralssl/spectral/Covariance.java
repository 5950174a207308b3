package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;

/**
 * Covariance in the variables frame (E2): Σ = X_c X_cᵀ / q, n×n, with q given by the
 * {@link Divisor}. In FEATURES mode this is the d×d feature covariance, in SAMPLES mode the m×m
 * Gram matrix of the row-centred samples.
 */
@Equation("E2")
public final class Covariance {
    private Covariance() {}

    /** Returns Σ = X_c X_cᵀ / q (n×n, exactly symmetric). Not modified: xc. */
    @Equation("E2")
    public static DMatrixRMaj forward(DMatrixRMaj xc, double q) {
        DMatrixRMaj s = Mat.multTransB(xc, xc);
        int n = s.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = 0.5 * (s.unsafe_get(i, j) + s.unsafe_get(j, i)) / q;
                s.unsafe_set(i, j, v);
                s.unsafe_set(j, i, v);
            }
        }
        return s;
    }

    /** Backward of E2: dL/dX_c = (G + Gᵀ) X_c / q for G = dL/dΣ (n×n). Not modified: g, xc. */
    @Equation("E19")
    public static DMatrixRMaj backward(DMatrixRMaj g, DMatrixRMaj xc, double q) {
        DMatrixRMaj gs = Mat.add(g, Mat.transpose(g));
        return Mat.scale(1.0 / q, Mat.mult(gs, xc));
    }

    /**
     * Convenience: the covariance of a batch Z (m×d) in the given mode, centred as E1 says.
     * Not modified: z.
     */
    public static DMatrixRMaj ofBatch(DMatrixRMaj z, WhiteningMode mode, Divisor divisor) {
        DMatrixRMaj xc = Centering.forward(mode.toVariables(z));
        return forward(xc, divisor.of(xc.numCols));
    }
}
