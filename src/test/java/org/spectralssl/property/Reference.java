package org.spectralssl.property;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * Naive formulas written again from METHOD.md, independently of the core, so that properties do
 * not check the core against itself.
 */
final class Reference {
    private Reference() {}

    /** f_T(x): f_0 = 1, f_k = 1.5·f_{k−1} − 0.5·f_{k−1}³·x (METHOD.md §3). */
    static double f(int t, double x) {
        double f = 1;
        for (int i = 0; i < t; i++) {
            f = 1.5 * f - 0.5 * f * f * f * x;
        }
        return f;
    }

    /** h_T(x) = x·f_T(x)², IterNorm's output eigenvalue for a trace-normalised eigenvalue x. */
    static double h(int t, double x) {
        double f = f(t, x);
        return x * f * f;
    }

    /** TL = Σ_i (1 − (Σ_Ẑ)_ii)², with Σ_Ẑ the output's covariance in the given mode and divisor (METHOD.md §4). */
    static double traceLoss(DMatrixRMaj zhat, WhiteningMode mode, Divisor divisor) {
        DMatrixRMaj cov = Covariance.ofBatch(zhat, mode, divisor);
        double tl = 0;
        for (int i = 0; i < cov.numRows; i++) {
            double g = 1 - cov.get(i, i);
            tl += g * g;
        }
        return tl;
    }
}
