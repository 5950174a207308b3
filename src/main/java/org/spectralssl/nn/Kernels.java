package org.spectralssl.nn;

/**
 * The dense kernels of the hot loops, on row-major arrays at given offsets. Each has a plain
 * twin of the same signature in {@link NaiveKernels}, kept unoptimised as the reference, and a
 * parity test pairs every method here with its twin.
 *
 * <p>The product is the i-k-j loop order: the innermost loop runs along a row of B and a row
 * of C, both contiguous, so the JIT vectorises it. Four rows of C are updated together so that
 * each row of B, once loaded, serves four rows of A; the k loop is cut into blocks of
 * {@link #K_BLOCK} rows of B, which (for n up to a few thousand) stay in the L2 cache while
 * every block of four rows of A passes over them. Float products accumulate in float, in
 * the order p = 0, 1, …, k−1 for each element, so the result does not depend on m or on the
 * blocking.
 *
 * <p>Non-finite values: propagate by IEEE arithmetic; nothing is checked here.
 */
public final class Kernels {
    private Kernels() {}

    /** Rows of B per block of the k loop; 64 rows of 1024 floats are 256 KiB. */
    static final int K_BLOCK = 64;

    /**
     * C (+)= A·B with A m×k at aOff, B k×n at bOff, C m×n at cOff, all row-major and
     * contiguous. Modified: c. Not modified: a, b. With {@code accumulate} false C is overwritten.
     */
    public static void mult(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int c0 = cOff + i * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                int a0 = aOff + i * k;
                for (int p = p0; p < p1; p++) {
                    float x0 = a[a0 + p];
                    float x1 = a[a0 + k + p];
                    float x2 = a[a0 + 2 * k + p];
                    float x3 = a[a0 + 3 * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        float y = b[bp + j];
                        c[c0 + j] += x0 * y;
                        c[c1 + j] += x1 * y;
                        c[c2 + j] += x2 * y;
                        c[c3 + j] += x3 * y;
                    }
                }
            }
            for (; i < m; i++) {
                int ci = cOff + i * n;
                for (int p = p0; p < p1; p++) {
                    float x = a[aOff + i * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += x * b[bp + j];
                    }
                }
            }
        }
    }

    /** The double-precision twin of {@link #mult(float[], int, float[], int, float[], int, int, int, int, boolean)}. */
    public static void mult(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
            boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0d);
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int c0 = cOff + i * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                int a0 = aOff + i * k;
                for (int p = p0; p < p1; p++) {
                    double x0 = a[a0 + p];
                    double x1 = a[a0 + k + p];
                    double x2 = a[a0 + 2 * k + p];
                    double x3 = a[a0 + 3 * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        double y = b[bp + j];
                        c[c0 + j] += x0 * y;
                        c[c1 + j] += x1 * y;
                        c[c2 + j] += x2 * y;
                        c[c3 + j] += x3 * y;
                    }
                }
            }
            for (; i < m; i++) {
                int ci = cOff + i * n;
                for (int p = p0; p < p1; p++) {
                    double x = a[aOff + i * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += x * b[bp + j];
                    }
                }
            }
        }
    }

    /**
     * out (cols×rows at outOff) = transpose of a (rows×cols at aOff), in tiles of 32×32 so that
     * both sides are read and written a cache line at a time. Modified: out. Not modified: a.
     */
    public static void transpose(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        final int t = 32;
        for (int r0 = 0; r0 < rows; r0 += t) {
            int r1 = Math.min(rows, r0 + t);
            for (int c0 = 0; c0 < cols; c0 += t) {
                int c1 = Math.min(cols, c0 + t);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        out[outOff + c * rows + r] = a[aOff + r * cols + c];
                    }
                }
            }
        }
    }

    /** The double-precision twin of {@link #transpose(float[], int, int, int, float[], int)}. */
    public static void transpose(double[] a, int aOff, int rows, int cols, double[] out, int outOff) {
        final int t = 32;
        for (int r0 = 0; r0 < rows; r0 += t) {
            int r1 = Math.min(rows, r0 + t);
            for (int c0 = 0; c0 < cols; c0 += t) {
                int c1 = Math.min(cols, c0 + t);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        out[outOff + c * rows + r] = a[aOff + r * cols + c];
                    }
                }
            }
        }
    }
}
