package org.spectralssl.gpu;

/**
 * The plain CPU twin of every OpenCL kernel of this package: the same arithmetic in the same
 * order, written as the obvious loops and never optimised, so that a parity test can hold each
 * kernel to it ({@link GpuKernel} pairs them). Arguments mirror the kernels' fields; shapes are
 * row-major. Modified: the output array only.
 */
public final class CpuTwins {
    private CpuTwins() {}

    /**
     * Twin of {@link GemmF64Kernel}: C (m×n) = Σ_p A(i, p)·B(p, j) with A(i, p) = a[i·aRow + p·aCol]
     * and B(p, j) = b[p·bRow + j·bCol], summed in the order p = 0, …, k−1.
     */
    public static void gemm(double[] a, int aRow, int aCol, double[] b, int bRow, int bCol, double[] c, int m, int n,
            int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
                }
                c[i * n + j] = s;
            }
        }
    }

    /** Twin of {@link GemmF32Kernel}: as the float64 twin, with products and sums in float. */
    public static void gemm(float[] a, int aRow, int aCol, float[] b, int bRow, int bCol, float[] c, int m, int n,
            int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
                }
                c[i * n + j] = s;
            }
        }
    }

    /** Twin of {@link GramF64Kernel}: G (n×n) = X·Xᵀ for X n×k, element (i, j) from rows min and max. */
    public static void gram(double[] x, double[] g, int n, int k) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int lo = Math.min(i, j);
                int hi = Math.max(i, j);
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[lo * k + p] * x[hi * k + p];
                }
                g[i * n + j] = s;
            }
        }
    }

    /** Twin of {@link AxpbyF64Kernel}: c[i] = α·a[i] + β·b[i] for i &lt; len. */
    public static void axpby(double alpha, double[] a, double beta, double[] b, double[] c, int len) {
        for (int i = 0; i < len; i++) {
            c[i] = alpha * a[i] + beta * b[i];
        }
    }

    /** Twin of {@link Fp64ProbeKernel}: out[i] = (x[i] + y[i]) − x[i] for i &lt; len. */
    public static void probe(double[] x, double[] y, double[] out, int len) {
        for (int i = 0; i < len; i++) {
            out[i] = (x[i] + y[i]) - x[i];
        }
    }
}
