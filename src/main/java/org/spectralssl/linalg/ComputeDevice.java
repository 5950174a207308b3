package org.spectralssl.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * Where the O(n³) matrix work of the spectral core runs: the seam between the core and an
 * accelerator. The core takes a device as an explicit argument (never from global state) and
 * defaults to {@link CpuDevice#INSTANCE}, the double-precision EJML reference path; the OpenCL
 * implementation lives in package {@code gpu}, which the core never imports.
 *
 * <p>Contract, for every implementation: each method allocates its result, leaves its arguments
 * unmodified, and computes in float64. An implementation that cannot run an operation where it
 * says it runs throws {@link DeviceUnavailableException}; it never computes the result somewhere
 * else and reports it as its own. {@link #describe()} names the device that actually runs the
 * operations, so that results can record it.
 *
 * <p>Shapes use the legend of {@code spec/SPEC.md}. Non-finite values propagate by IEEE
 * arithmetic; nothing is checked here.
 */
public interface ComputeDevice {
    /** The kind of device. */
    enum Kind { CPU, OPENCL }

    /**
     * ", device=opencl" for a non-CPU device, "" for the CPU reference path, so that descriptions of
     * reference computations keep their text.
     */
    static String describeSuffix(ComputeDevice d) {
        return d.kind() == Kind.CPU ? "" : ", device=" + d.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind of device. */
    Kind kind();

    /** One line naming the device that runs the operations, its precision and, for OpenCL, its platform. */
    String describe();

    /** Returns A·B (m×n from m×k and k×n). Not modified: a, b. */
    DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b);

    /** Returns Aᵀ·B (m×n from k×m and k×n). Not modified: a, b. */
    DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b);

    /** Returns A·Bᵀ (m×n from m×k and n×k). Not modified: a, b. */
    DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b);

    /**
     * Returns the Gram matrix X·Xᵀ (n×n from n×k), exactly symmetric: element (j, i) is the same
     * double as element (i, j). Not modified: x.
     */
    DMatrixRMaj gram(DMatrixRMaj x);

    /** Returns α·A + β·B, elementwise (same shape). Not modified: a, b. */
    DMatrixRMaj axpby(double alpha, DMatrixRMaj a, double beta, DMatrixRMaj b);
}
