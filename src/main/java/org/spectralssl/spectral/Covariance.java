package org.spectralssl.spectral;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
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

    /** Returns Σ = X_c X_cᵀ / q (n×n, exactly symmetric), on the CPU reference path. Not modified: xc. */
    @Equation("E2")
    public static DMatrixRMaj forward(DMatrixRMaj xc, double q) {
        return forward(xc, q, CpuDevice.INSTANCE);
    }

    /**
     * Returns Σ = X_c X_cᵀ / q (n×n, exactly symmetric), the Gram product on the given device.
     * Not modified: xc.
     */
    @Equation("E2")
    public static DMatrixRMaj forward(DMatrixRMaj xc, double q, ComputeDevice device) {
        DMatrixRMaj s = device.gram(xc);
        int len = s.getNumElements();
        for (int i = 0; i < len; i++) {
            s.data[i] /= q;
        }
        return s;
    }

    /** Backward of E2: dL/dX_c = (G + Gᵀ) X_c / q for G = dL/dΣ (n×n). Not modified: g, xc. */
    @Equation("E19")
    public static DMatrixRMaj backward(DMatrixRMaj g, DMatrixRMaj xc, double q) {
        return backward(g, xc, q, CpuDevice.INSTANCE);
    }

    /** As {@link #backward(DMatrixRMaj, DMatrixRMaj, double)}, the product on the given device. */
    @Equation("E19")
    public static DMatrixRMaj backward(DMatrixRMaj g, DMatrixRMaj xc, double q, ComputeDevice device) {
        DMatrixRMaj gs = Mat.add(g, Mat.transpose(g));
        return Mat.scale(1.0 / q, device.mult(gs, xc));
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
