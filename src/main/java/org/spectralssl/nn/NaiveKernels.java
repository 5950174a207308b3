package org.spectralssl.nn;

/**
 * The unoptimised references for {@link Kernels}: the textbook loops, same signatures, never
 * to be optimised. Products add their terms in the order p = 0…k−1 as the fast kernels do
 * ({@link org.spectralssl.linalg.Gemm}'s contract: double {@code s + a·b}, float
 * {@code fma(a, b, s)}), so the two agree bit for bit on finite input; tests hold them to that.
 */
public final class NaiveKernels {
    private NaiveKernels() {}

    /** C (+)= A·B; see {@link Kernels#mult(float[], int, float[], int, float[], int, int, int, int, boolean)}. */
    public static void mult(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[cOff + i * n + j] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + i * k + p], b[bOff + p * n + j], s);
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** C (+)= A·B in double. */
    public static void mult(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * n + j] : 0d;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** C (+)= Aᵀ·B, A k×m; see {@link Kernels#multTransA(float[], int, float[], int, float[], int, int, int, int, boolean)}. */
    public static void multTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[cOff + i * n + j] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + p * m + i], b[bOff + p * n + j], s);
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** C (+)= Aᵀ·B in double, A k×m. */
    public static void multTransA(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * n + j] : 0d;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + p * m + i] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** out = aᵀ. */
    public static void transpose(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c * rows + r] = a[aOff + r * cols + c];
            }
        }
    }

    /** out = aᵀ in double. */
    public static void transpose(double[] a, int aOff, int rows, int cols, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c * rows + r] = a[aOff + r * cols + c];
            }
        }
    }
}
