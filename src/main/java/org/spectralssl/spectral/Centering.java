package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spec.Equation;

/**
 * Centring in the variables frame (E1): each row of X (n×k) loses its mean over the k
 * observations, X_c = X (I − 11ᵀ/k). The mean is computed in two passes (the second corrects the
 * rounding of the first), and a constant row centres to exact zeros.
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
            int row = i * k;
            double first = x.data[row];
            boolean constant = true;
            double s = 0;
            for (int j = 0; j < k; j++) {
                double v = x.data[row + j];
                s += v;
                constant &= v == first;
            }
            if (constant) {
                // A constant row centres to exact zeros. Its computed mean need not be the constant
                // itself (three 0.1s average to 0.1 + 1 ulp), and the residue would otherwise be
                // lifted by the exact scale frame and whitened as if it were data (E9c).
                java.util.Arrays.fill(c.data, row, row + k, 0.0);
                continue;
            }
            double mean = s / k;
            // Second pass: the mean of the residuals corrects the first mean's rounding error.
            double r = 0;
            for (int j = 0; j < k; j++) {
                r += x.data[row + j] - mean;
            }
            mean += r / k;
            for (int j = 0; j < k; j++) {
                c.data[row + j] -= mean;
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
