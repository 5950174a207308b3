package org.spectralssl.data;

import java.util.SplittableRandom;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Gaussian data with a known covariance spectrum, shaped as images, for tests of whitening,
 * training and diagnostics.
 *
 * <p>Each sample is {@code x = Q (√λ ∘ g)} with g ~ N(0, I_D), D = H·W, λ the given eigenvalues
 * and Q a fixed random orthogonal D×D matrix. So E[x] = 0 and Cov[x] = Q diag(λ) Qᵀ exactly:
 * the population eigenvalues are λ and the eigenvectors are Q's columns. The label of a sample is
 * {@code argmax_{c < K} g_c}, the largest of its first K standardised latent coordinates: classes
 * are balanced in expectation, and telling them apart needs the directions Q e_0 … Q e_{K−1},
 * which carry the largest variance when λ is sorted descending. A representation that collapses
 * onto fewer directions loses classes.
 *
 * <p>Pixel values are not clipped (clipping would change the spectrum), so they are not in [0, 1].
 */
public final class SyntheticSpectrum {
    private final int height;
    private final int width;
    private final double[] eigenvalues;
    private final double[] basis;
    private final int classes;

    /**
     * @param eigenvalues D = height·width non-negative finite values (copied)
     * @param classes     K, 2 ≤ K ≤ D
     * @param basisSeed   seed of Q
     */
    public SyntheticSpectrum(int height, int width, double[] eigenvalues, int classes, long basisSeed) {
        int d = height * width;
        if (height < 1 || width < 1 || eigenvalues.length != d) {
            throw new InvalidInputException("eigenvalues has " + eigenvalues.length + " entries but " + height + "×"
                    + width + " images need " + d);
        }
        for (double l : eigenvalues) {
            if (!(l >= 0) || !Double.isFinite(l)) {
                throw new InvalidInputException("eigenvalues must be finite and >= 0, got " + l);
            }
        }
        if (classes < 2 || classes > d) {
            throw new InvalidInputException("classes must be in [2, " + d + "], got " + classes);
        }
        this.height = height;
        this.width = width;
        this.eigenvalues = eigenvalues.clone();
        this.classes = classes;
        this.basis = randomOrthogonal(d, new SplittableRandom(basisSeed));
    }

    /** λ, the population eigenvalues, in the order given (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Q, D×D row-major, column j the eigenvector of λ_j (a copy). */
    public double[] basis() {
        return basis.clone();
    }

    /** {@code count} samples drawn from {@code new SplittableRandom(seed)}. */
    public ImageDataset sample(String name, int count, long seed) {
        int d = height * width;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] px = new float[count * d];
        int[] labels = new int[count];
        double[] z = new double[d];
        for (int s = 0; s < count; s++) {
            int best = 0;
            double bestG = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < d; j++) {
                double g = Seeds.gaussian(rnd);
                if (j < classes && g > bestG) {
                    best = j;
                    bestG = g;
                }
                z[j] = Math.sqrt(eigenvalues[j]) * g;
            }
            labels[s] = best;
            for (int i = 0; i < d; i++) {
                double acc = 0;
                for (int j = 0; j < d; j++) {
                    acc += basis[i * d + j] * z[j];
                }
                px[s * d + i] = (float) acc;
            }
        }
        return new ImageDataset(name, height, width, px, labels, classes);
    }

    /** Modified Gram–Schmidt on the columns of a Gaussian matrix: Q is Haar-distributed. */
    static double[] randomOrthogonal(int d, SplittableRandom rnd) {
        double[] q = new double[d * d];
        for (int i = 0; i < q.length; i++) {
            q[i] = Seeds.gaussian(rnd);
        }
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += q[i * d + j] * q[i * d + k];
                }
                for (int i = 0; i < d; i++) {
                    q[i * d + j] -= dot * q[i * d + k];
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += q[i * d + j] * q[i * d + j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                q[i * d + j] /= norm;
            }
        }
        return q;
    }
}
