package org.spectralssl.nn;

import org.spectralssl.linalg.Gemm;

/**
 * The dense kernels of the hot loops, on row-major arrays at given offsets. Each has a plain
 * twin of the same signature in {@link NaiveKernels}, kept unoptimised as the reference, and a
 * parity test pairs every method here with its twin.
 *
 * <p>The product runs on {@link Gemm} (vector kernels, several threads): each element adds its
 * terms in the order p = 0, 1, …, k−1, float as {@code fma(a, b, c)} (one rounding per term),
 * double as {@code c + a·b}, so the result does not depend on m, on the blocking or on the
 * number of threads.
 *
 * <p>Non-finite values: propagate by IEEE arithmetic; nothing is checked here.
 */
public final class Kernels {
    private Kernels() {}

    /**
     * C (+)= A·B with A m×k at aOff, B k×n at bOff, C m×n at cOff, all row-major and
     * contiguous. Modified: c. Not modified: a, b. With {@code accumulate} false C is overwritten.
     */
    public static void mult(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        Gemm.gemm(a, aOff, k, 1, b, bOff, n, c, cOff, n, m, k, n, accumulate);
    }

    /** The double-precision twin of {@link #mult(float[], int, float[], int, float[], int, int, int, int, boolean)}. */
    public static void mult(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        Gemm.gemm(a, aOff, k, 1, b, bOff, n, c, cOff, n, m, k, n, accumulate);
    }

    /**
     * C (+)= Aᵀ·B with A k×m at aOff (so Aᵀ is m×k), B k×n at bOff, C m×n at cOff, all row-major
     * and contiguous: the product with a transposed left factor without a transposed copy (the
     * same terms in the same order as transposing first). Modified: c. Not modified: a, b.
     */
    public static void multTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        Gemm.gemm(a, aOff, 1, m, b, bOff, n, c, cOff, n, m, k, n, accumulate);
    }

    /** The double-precision twin of {@link #multTransA(float[], int, float[], int, float[], int, int, int, int, boolean)}. */
    public static void multTransA(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        Gemm.gemm(a, aOff, 1, m, b, bOff, n, c, cOff, n, m, k, n, accumulate);
    }

    /**
     * out (cols×rows at outOff) = transpose of a (rows×cols at aOff), in square tiles of {@link
     * Gemm#TRANSPOSE_TILE} walked column by column (why that size: its comment). Modified: out.
     * Not modified: a.
     */
    public static void transpose(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        final int t = Gemm.TRANSPOSE_TILE;
        int tileRows = (rows + t - 1) / t;
        // Bands of whole tile rows on the product threads: a copy, so no bit depends on the split.
        Chunks.run(tileRows, t * cols, Chunks.MIN_PARALLEL, (b0, b1) -> {
            for (int r0 = b0 * t; r0 < Math.min(rows, b1 * t); r0 += t) {
                int r1 = Math.min(rows, r0 + t);
                for (int c0 = 0; c0 < cols; c0 += t) {
                    int c1 = Math.min(cols, c0 + t);
                    for (int c = c0; c < c1; c++) {
                        for (int r = r0; r < r1; r++) {
                            out[outOff + c * rows + r] = a[aOff + r * cols + c];
                        }
                    }
                }
            }
        });
    }

    /** The double-precision twin of {@link #transpose(float[], int, int, int, float[], int)}. */
    public static void transpose(double[] a, int aOff, int rows, int cols, double[] out, int outOff) {
        final int t = Gemm.TRANSPOSE_TILE;
        for (int r0 = 0; r0 < rows; r0 += t) {
            int r1 = Math.min(rows, r0 + t);
            for (int c0 = 0; c0 < cols; c0 += t) {
                int c1 = Math.min(cols, c0 + t);
                for (int c = c0; c < c1; c++) {
                    for (int r = r0; r < r1; r++) {
                        out[outOff + c * rows + r] = a[aOff + r * cols + c];
                    }
                }
            }
        }
    }
}
