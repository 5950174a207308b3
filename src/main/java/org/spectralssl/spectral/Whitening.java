package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;

/** The result of one {@link Whitener#forward} call, with its backward pass beside it. */
public interface Whitening {
    /** Ẑ, m×d, the same layout as the input. */
    DMatrixRMaj output();

    /** The n×n matrix applied to the centred input in the variables frame (F of E3, W of E10). */
    DMatrixRMaj transform();

    /** Σ, n×n, the input covariance (E2). */
    DMatrixRMaj covarianceIn();

    /**
     * The device that ran this result's matrix products, as {@link
     * org.spectralssl.linalg.ComputeDevice#describe()} names it; its backward runs there too.
     */
    String device();

    /** The spectrum report (E25), computed on first use. */
    SpectrumReport report();

    /**
     * dL/dZ (m×d) from dL/dẐ (m×d). May be called more than once. Not modified: gradOutput.
     */
    DMatrixRMaj backward(DMatrixRMaj gradOutput);
}
