package org.spectralssl.linalg;

/**
 * The reference twin of {@link Gemm#gemm}: the plain triple loop of its contract, one element of C
 * at a time, terms in the order p = 0…k−1, double as {@code c + a·b}, float as {@code fma(a, b, c)}.
 * Unoptimised on purpose; the parity test compares every implementation with it.
 */
public final class NaiveGemm {
    private NaiveGemm() {}

    /** As {@link Gemm#gemm(double[], int, int, int, double[], int, int, double[], int, int, int, int, int, boolean)}. */
    public static void gemm(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int ldb, double[] c,
            int cOff, int ldc, int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * ldc + j] : 0d;
                for (int p = 0; p < k; p++) {
                    s = s + a[aOff + i * ars + p * acs] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    /** As {@link Gemm#gemm(float[], int, int, int, float[], int, int, float[], int, int, int, int, int, boolean)}. */
    public static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + i * ars + p * acs], b[bOff + p * ldb + j], s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
