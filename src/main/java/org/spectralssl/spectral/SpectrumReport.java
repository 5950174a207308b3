package org.spectralssl.spectral;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;

/**
 * What a transformation saw and did (E25): the input and output spectra, the condition number,
 * the effective rank, how far the output covariance is from the identity and from its exact
 * target, and every stabiliser that acted.
 *
 * @param eigenvaluesIn eigenvalues of Σ, ascending
 * @param eigenvaluesOut eigenvalues of the output covariance Σ̂, ascending
 * @param conditionNumber λ_max/λ_min of Σ; +∞ when λ_min ≤ 0
 * @param smallestEigenvalue λ_min of Σ
 * @param largestEigenvalue λ_max of Σ
 * @param effectiveRank exp of the spectral entropy of Σ (Roy and Vetterli 2007)
 * @param effectiveRankOut the same for Σ̂
 * @param distanceFromIdentity ‖Σ̂ − I‖_F
 * @param distanceFromTarget ‖Σ̂ − U·diag(target)·Uᵀ‖_F, with target the exact output eigenvalues
 *     of the transformation (λ·g(λ)² for ST, h_T(λ/τ) for IterNorm): the numerical error
 * @param flooredEigenvalues how many eigenvalues the floor raised (E9a)
 * @param zeroTraceGuard whether the zero-trace guard (E9c) set the output to zero
 * @param actions one line per stabiliser that acted, empty when none did
 */
@Equation("E25")
public record SpectrumReport(
        double[] eigenvaluesIn,
        double[] eigenvaluesOut,
        double conditionNumber,
        double smallestEigenvalue,
        double largestEigenvalue,
        double effectiveRank,
        double effectiveRankOut,
        double distanceFromIdentity,
        double distanceFromTarget,
        int flooredEigenvalues,
        boolean zeroTraceGuard,
        List<String> actions) {

    public SpectrumReport {
        eigenvaluesIn = eigenvaluesIn.clone();
        eigenvaluesOut = eigenvaluesOut.clone();
        actions = List.copyOf(actions);
    }

    /**
     * exp(−Σ p_i log p_i) with p_i = max(λ_i, 0)/Σ_j max(λ_j, 0); 0 for an all-zero spectrum.
     * Negative eigenvalues (rounding noise of a singular Σ) count as 0.
     */
    @Equation("E25")
    public static double effectiveRank(double[] eigenvalues) {
        double sum = 0;
        for (double v : eigenvalues) {
            sum += Math.max(v, 0);
        }
        if (!(sum > 0)) {
            return 0;
        }
        double h = 0;
        for (double v : eigenvalues) {
            double p = Math.max(v, 0) / sum;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return Math.exp(h);
    }

    /** λ_max/λ_min for ascending eigenvalues; +∞ when λ_min ≤ 0. */
    @Equation("E25")
    public static double conditionNumber(double[] ascending) {
        double lo = ascending[0];
        double hi = ascending[ascending.length - 1];
        return lo > 0 ? hi / lo : Double.POSITIVE_INFINITY;
    }

    /**
     * Builds the report.
     *
     * @param eigIn eigenvalues of Σ ascending (true scale)
     * @param u eigenvectors of Σ as columns
     * @param targetOut exact output eigenvalues, matched to the columns of u
     * @param covOut the output covariance Σ̂ as computed from the output batch
     */
    static SpectrumReport build(double[] eigIn, DMatrixRMaj u, double[] targetOut, DMatrixRMaj covOut,
            int floored, boolean guard, List<String> actions) {
        int n = covOut.numRows;
        double[] eigOut = Mat.eigSymmetric(covOut).values();
        DMatrixRMaj fromIdentity = covOut.copy();
        for (int i = 0; i < n; i++) {
            fromIdentity.add(i, i, -1);
        }
        DMatrixRMaj target = Mat.spectralProduct(u, targetOut);
        return new SpectrumReport(eigIn, eigOut, conditionNumber(eigIn), eigIn[0], eigIn[eigIn.length - 1],
                effectiveRank(eigIn), effectiveRank(eigOut), Mat.frobenius(fromIdentity),
                Mat.frobenius(Mat.add(covOut, Mat.scale(-1, target))), floored, guard, actions);
    }
}
