package org.spectralssl.linalg;

/**
 * {@link Gemm}'s contract in plain loops, for a JVM without {@code jdk.incubator.vector}: the i-k-j
 * order, four rows of C per pass over a row of B (the JIT vectorises the j loop), the inner size in
 * blocks of {@link Gemm#KC}. Stateless.
 */
final class ScalarGemm implements Gemm.Impl {
    static final ScalarGemm INSTANCE = new ScalarGemm();

    private ScalarGemm() {}

    @Override
    public String name() {
        return "scalar (plain Java loops; start the JVM with --add-modules jdk.incubator.vector for the vector kernels)";
    }

    @Override
    public void run(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int ldb, double[] c, int cOff,
            int ldc, int k, int i0, int i1, int j0, int j1, boolean accumulate) {
        if (!accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0d);
            }
        }
        for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
            int p1 = Math.min(k, p0 + Gemm.KC);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int c0 = cOff + i * ldc;
                int c1 = c0 + ldc;
                int c2 = c1 + ldc;
                int c3 = c2 + ldc;
                for (int p = p0; p < p1; p++) {
                    int ap = aOff + i * ars + p * acs;
                    double x0 = a[ap];
                    double x1 = a[ap + ars];
                    double x2 = a[ap + 2 * ars];
                    double x3 = a[ap + 3 * ars];
                    int bp = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) {
                        double y = b[bp + j];
                        c[c0 + j] += x0 * y;
                        c[c1 + j] += x1 * y;
                        c[c2 + j] += x2 * y;
                        c[c3 + j] += x3 * y;
                    }
                }
            }
            for (; i < i1; i++) {
                int ci = cOff + i * ldc;
                for (int p = p0; p < p1; p++) {
                    double x = a[aOff + i * ars + p * acs];
                    int bp = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) {
                        c[ci + j] += x * b[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public void run(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, int k, int i0, int i1, int j0, int j1, boolean accumulate) {
        if (!accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
            }
        }
        for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
            int p1 = Math.min(k, p0 + Gemm.KC);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int c0 = cOff + i * ldc;
                int c1 = c0 + ldc;
                int c2 = c1 + ldc;
                int c3 = c2 + ldc;
                for (int p = p0; p < p1; p++) {
                    int ap = aOff + i * ars + p * acs;
                    float x0 = a[ap];
                    float x1 = a[ap + ars];
                    float x2 = a[ap + 2 * ars];
                    float x3 = a[ap + 3 * ars];
                    int bp = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) {
                        float y = b[bp + j];
                        c[c0 + j] = Math.fma(x0, y, c[c0 + j]);
                        c[c1 + j] = Math.fma(x1, y, c[c1 + j]);
                        c[c2 + j] = Math.fma(x2, y, c[c2 + j]);
                        c[c3 + j] = Math.fma(x3, y, c[c3 + j]);
                    }
                }
            }
            for (; i < i1; i++) {
                int ci = cOff + i * ldc;
                for (int p = p0; p < p1; p++) {
                    float x = a[aOff + i * ars + p * acs];
                    int bp = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) {
                        c[ci + j] = Math.fma(x, b[bp + j], c[ci + j]);
                    }
                }
            }
        }
    }
}
