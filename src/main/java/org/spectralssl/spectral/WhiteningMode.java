package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;

/**
 * Which matrix is whitened. A batch {@code Z} is always m×d with rows = samples, as a PyTorch
 * batch is. Internally the core works in the <em>variables frame</em>: a matrix X of shape n×k
 * whose n rows are the variables being decorrelated and whose k columns are the observations
 * (the paper's {@code Z ∈ R^{d×m}} layout). Each mode fixes how Z maps to X (spec/SPEC.md,
 * Conventions and E1).
 */
public enum WhiteningMode {
    /**
     * Whitens the d×d covariance of features over the batch (the paper's notation; the official
     * code's {@code axis=1}). X = Zᵀ, n = d, k = m; output Ẑ = (W X)ᵀ = C W.
     */
    FEATURES("features"),
    /**
     * Whitens the m×m Gram matrix between samples, each sample centred across its features (the
     * official code's default, {@code axis=0}, used for every published number). X = Z, n = m,
     * k = d; output Ẑ = W C.
     */
    SAMPLES("samples");

    private final String id;

    WhiteningMode(String id) {
        this.id = id;
    }

    /** The lower-case name used in files and on the command line. */
    public String id() {
        return id;
    }

    /** Parses {@code features} or {@code samples} (case-insensitive). */
    public static WhiteningMode parse(String s) {
        for (WhiteningMode m : values()) {
            if (m.id.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new org.spectralssl.linalg.InvalidInputException(
                "unknown whitening mode '" + s + "': use 'features' (d×d covariance) or 'samples' (m×m Gram)");
    }

    /** Maps a batch Z (m×d) to the variables frame X (n×k). Returns a new matrix. Not modified: z. */
    public DMatrixRMaj toVariables(DMatrixRMaj z) {
        return this == FEATURES ? Mat.transpose(z) : z.copy();
    }

    /** Maps X (n×k) in the variables frame back to the batch layout (m×d). Not modified: x. */
    public DMatrixRMaj fromVariables(DMatrixRMaj x) {
        return this == FEATURES ? Mat.transpose(x) : x.copy();
    }

    /** n, the size of the whitened matrix, for a batch of m samples and d features. */
    public int size(int m, int d) {
        return this == FEATURES ? d : m;
    }

    /** k, the number of observations each variable has, for a batch of m samples and d features. */
    public int observations(int m, int d) {
        return this == FEATURES ? m : d;
    }
}
