package org.spectralssl.gpu;

import com.aparapi.Kernel;

/**
 * Every OpenCL kernel of this package with its CPU twin in {@link CpuTwins} and its dtype. The
 * parity suite ({@link ParityCheck}) checks each constant; a test fails when a class extending
 * {@link Kernel} in this package is missing here, or when a constant has no twin or no check.
 */
public enum GpuKernel {
    GEMM_F64(GemmF64Kernel.class, DType.F64, "gemm", "C = op(A)·op(B)"),
    GEMM_F32(GemmF32Kernel.class, DType.F32, "gemm", "C = op(A)·op(B)"),
    GRAM_F64(GramF64Kernel.class, DType.F64, "gram", "G = X·Xᵀ, exactly symmetric"),
    AXPBY_F64(AxpbyF64Kernel.class, DType.F64, "axpby", "C = α·A + β·B"),
    PROBE_F64(Fp64ProbeKernel.class, DType.F64, "probe", "(x + y) − x, the float64 probe");

    private final Class<? extends Kernel> kernelClass;
    private final DType dtype;
    private final String twin;
    private final String what;

    GpuKernel(Class<? extends Kernel> kernelClass, DType dtype, String twin, String what) {
        this.kernelClass = kernelClass;
        this.dtype = dtype;
        this.twin = twin;
        this.what = what;
    }

    public Class<? extends Kernel> kernelClass() {
        return kernelClass;
    }

    public DType dtype() {
        return dtype;
    }

    /** The name of the twin method in {@link CpuTwins}. */
    public String twin() {
        return twin;
    }

    public String what() {
        return what;
    }
}
