package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;

/** A transformation of one view's batch: spectral transformation (E3) or IterNorm (E10). */
public interface Whitener {
    /**
     * Transforms one view.
     *
     * @param z the batch, m×d, rows = samples. Not modified.
     * @return the output and everything its backward pass needs
     */
    Whitening forward(DMatrixRMaj z);

    /** The mode, which fixes n (the size of the whitened matrix). */
    WhiteningMode mode();

    /** The divisor of the covariance. */
    Divisor divisor();

    /** A short description with parameters. */
    String describe();
}
