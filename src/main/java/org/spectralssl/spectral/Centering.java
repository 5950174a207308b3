package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spec.Equation;

/**
 * Centring in the variables frame (E1): each row of X (n×k) loses its mean over the k
 * observations, X_c = X (I − 11ᵀ/k).
 */
@Equation("E1")
public final class Centering {
    private Centering() {}

    /** Returns X_c (n×k) with every row summing to zero. Not modified: x. */
    @Equation("E1")
    public static DMatrixRMaj forward(DMatrixRMaj x) {
        DMatrixRMaj c = x.copy();
        int n = x.numRows;
        int k = x.numCols;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += x.data[i * k + j];
            }
            double mean = s / k;
            for (int j = 0; j < k; j++) {
                c.data[i * k + j] -= mean;
            }
        }
        return c;
    }

    /**
     * Backward of E1: the centring projector I − 11ᵀ/k is symmetric, so dL/dX = dL/dX_c with each
     * row's mean removed. Not modified: gradXc.
     */
    @Equation("E19")
    public static DMatrixRMaj backward(DMatrixRMaj gradXc) {
        return forward(gradXc);
    }
}
