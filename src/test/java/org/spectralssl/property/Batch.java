package org.spectralssl.property;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * A generated batch with the exact spectrum it was built with.
 *
 * @param spec what was generated (shrinkable, reproducible from its seed)
 * @param z the batch, m×d, rows = samples
 * @param centred the exactly centred X_c (n×k, variables frame) the batch was built from
 * @param eigenvectors U (n×n, orthogonal): the intended eigenvectors of Σ, column j for eigenvalue j
 * @param eigenvalues the intended eigenvalues of Σ at the batch's scale, matched to the columns of U
 *     (the r non-zero ones first, descending, then the zeros)
 */
public record Batch(BatchSpec spec, DMatrixRMaj z, DMatrixRMaj centred, DMatrixRMaj eigenvectors,
        double[] eigenvalues) implements Shrinkable<Batch> {

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public List<Batch> shrinks() {
        return spec.shrinks().stream().map(BatchSpec::build).toList();
    }

    public WhiteningMode mode() {
        return spec.mode();
    }

    public Divisor divisor() {
        return spec.divisor();
    }

    public int n() {
        return spec.n();
    }

    /** The rank of Σ. */
    public int r() {
        return spec.r();
    }

    /** The intended eigenvalues of Σ, ascending. */
    public double[] eigenvaluesAscending() {
        double[] v = eigenvalues.clone();
        Arrays.sort(v);
        return v;
    }

    /** The largest intended eigenvalue (0 for a constant batch). */
    public double lambdaMax() {
        return r() == 0 ? 0 : eigenvalues[0];
    }

    /** tr Σ = Σ λ_i. */
    public double trace() {
        double t = 0;
        for (double v : eigenvalues) {
            t += v;
        }
        return t;
    }

    /** U·diag(φ(λ_i))·Uᵀ, the matrix function φ(Σ) from the intended eigendecomposition. */
    public DMatrixRMaj spectralFunction(DoubleUnaryOperator phi) {
        double[] v = new double[eigenvalues.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = phi.applyAsDouble(eigenvalues[i]);
        }
        return Mat.spectralProduct(eigenvectors, v);
    }

    /** The covariance of an output batch (m×d) in this batch's mode and divisor (E2). */
    public DMatrixRMaj covarianceOf(DMatrixRMaj output) {
        return Covariance.ofBatch(output, mode(), divisor());
    }

    /** A generator for the property's own extra draws (directions, rotations), fixed by the case seed and a purpose. */
    public SplittableRandom random(String purpose) {
        return new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + purpose.hashCode());
    }

    /** Another batch of the same kind, from a seed derived from this one (for example a second view). */
    public Batch companion(String purpose) {
        return spec.withSeed(random(purpose).nextLong()).build();
    }
}
