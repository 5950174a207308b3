package org.spectralssl.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm} against its naive twin {@link NaiveGemm}, and the double products of {@link Mat}
 * against EJML's. The contract fixes the order and rounding of every term, so the tolerance is
 * zero: every implementation (the vector kernels when the module is present, and always the
 * scalar fallback), every rectangle split and every thread count must give the naive result bit for
 * bit (±0 compared as equal). A separate check bounds the float kernel's error against the exact
 * product by the standard model |ĉ − c| ≤ γ_k·Σ|a||b|, γ_k = k·u/(1 − k·u), u = 2⁻²⁴. Shapes
 * cross the 6-row tiles and every remainder of 1–5 rows (with and without packing), the 4-vector
 * tiles, single vectors and scalar columns, the panel width ({@link VectorGemm#PANEL} vectors)
 * and the k block ({@link Gemm#KC}). Each test counts the cases it compared and checks the count.
 */
class GemmParityTest {
    static final int[] MS = {1, 3, 4, 6, 8, 11, 13, 98, 101};
    static final int[] KS = {0, 1, 5, 256, 259};
    static final int[] NS = {1, 7, 8, 17, 48, 50, 200, 401};

    @AfterEach
    void restoreThreads() {
        Gemm.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void everyImplementationIsTheNaiveProductBitForBit() {
        SplittableRandom rnd = new SplittableRandom(11);
        int cases = 0;
        for (Gemm.Impl impl : Gemm.implementations()) {
            for (int m : MS) {
                for (int k : KS) {
                    for (int n : NS) {
                        boolean transA = (m + k + n) % 2 == 0;
                        boolean acc = (m * 7 + n) % 3 == 0;
                        cases += checkDouble(impl, rnd, m, k, n, transA, acc);
                        cases += checkFloat(impl, rnd, m, k, n, transA, acc);
                    }
                }
            }
        }
        assertEquals(Gemm.implementations().size() * MS.length * KS.length * NS.length * 2, cases);
        System.out.println("GemmParityTest: " + cases + " products compared bit for bit with the naive twin ("
                + Gemm.kernel() + ")");
    }

    /** A, B inside larger arrays at offsets, C with a leading dimension larger than n. */
    private static int checkDouble(Gemm.Impl impl, SplittableRandom rnd, int m, int k, int n, boolean transA,
            boolean acc) {
        int ars = transA ? 1 : k + 2;
        int acs = transA ? m + 1 : 1;
        double[] a = randomD(3 + Math.max(m * ars + k * acs, 1), rnd);
        int ldb = n + 3;
        double[] b = randomD(2 + k * ldb + 1, rnd);
        int ldc = n + 5;
        double[] c0 = randomD(4 + m * ldc, rnd);
        double[] c1 = c0.clone();
        impl.run(a, 3, ars, acs, b, 2, ldb, c0, 4, ldc, k, 0, m, 0, n, acc);
        NaiveGemm.gemm(a, 3, ars, acs, b, 2, ldb, c1, 4, ldc, m, k, n, acc);
        assertSame(c1, c0, impl.name() + " double m=" + m + " k=" + k + " n=" + n + " transA=" + transA);
        return 1;
    }

    private static int checkFloat(Gemm.Impl impl, SplittableRandom rnd, int m, int k, int n, boolean transA,
            boolean acc) {
        int ars = transA ? 1 : k;
        int acs = transA ? m : 1;
        float[] a = randomF(1 + Math.max(m * ars + k * acs, 1), rnd);
        float[] b = randomF(k * n + 1, rnd);
        float[] c0 = randomF(m * n + 2, rnd);
        float[] c1 = c0.clone();
        impl.run(a, 1, ars, acs, b, 0, n, c0, 2, n, k, 0, m, 0, n, acc);
        NaiveGemm.gemm(a, 1, ars, acs, b, 0, n, c1, 2, n, m, k, n, acc);
        for (int i = 0; i < c0.length; i++) {
            assertTrue(c0[i] == c1[i] || (Float.isNaN(c0[i]) && Float.isNaN(c1[i])), impl.name() + " float m=" + m
                    + " k=" + k + " n=" + n + " transA=" + transA + " at " + i + ": " + c0[i] + " vs " + c1[i]);
        }
        return 1;
    }

    @Test
    void splitsAndThreadCountsChangeNoBit() {
        SplittableRandom rnd = new SplittableRandom(12);
        int m = 37, k = 300, n = 413;
        double[] a = randomD(m * k, rnd);
        double[] b = randomD(k * n, rnd);
        float[] af = randomF(m * k, rnd);
        float[] bf = randomF(k * n, rnd);
        double[] ref = new double[m * n];
        float[] reff = new float[m * n];
        NaiveGemm.gemm(a, 0, k, 1, b, 0, n, ref, 0, n, m, k, n, false);
        NaiveGemm.gemm(af, 0, k, 1, bf, 0, n, reff, 0, n, m, k, n, false);
        int cases = 0;
        for (Gemm.Impl impl : Gemm.implementations()) {
            // Four rectangles with odd edges, filled one by one.
            double[] c = new double[m * n];
            float[] cf = new float[m * n];
            int[] is = {0, 13, m};
            int[] js = {0, 101, n};
            for (int x = 0; x < 2; x++) {
                for (int y = 0; y < 2; y++) {
                    impl.run(a, 0, k, 1, b, 0, n, c, 0, n, k, is[x], is[x + 1], js[y], js[y + 1], false);
                    impl.run(af, 0, k, 1, bf, 0, n, cf, 0, n, k, is[x], is[x + 1], js[y], js[y + 1], false);
                }
            }
            assertSame(ref, c, impl.name() + " in rectangles");
            assertTrue(java.util.Arrays.equals(reff, cf), impl.name() + " float in rectangles");
            cases += 2;
        }
        for (int t : new int[] {1, 2, 3, 5}) {
            Gemm.setThreads(t);
            double[] c = new double[m * n];
            float[] cf = new float[m * n];
            Gemm.gemm(a, 0, k, 1, b, 0, n, c, 0, n, m, k, n, false);
            Gemm.gemm(af, 0, k, 1, bf, 0, n, cf, 0, n, m, k, n, false);
            assertSame(ref, c, t + " threads");
            assertTrue(java.util.Arrays.equals(reff, cf), t + " threads, float");
            cases += 2;
        }
        assertEquals(2 * Gemm.implementations().size() + 8, cases);
    }

    @Test
    void matProductsAreEjmlsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(13);
        int cases = 0;
        for (int[] s : new int[][] {{1, 1, 1}, {3, 14, 2}, {5, 16, 15}, {20, 33, 70}, {64, 300, 9}, {130, 257, 131}}) {
            int m = s[0], k = s[1], n = s[2];
            DMatrixRMaj a = random(m, k, rnd);
            DMatrixRMaj b = random(k, n, rnd);
            DMatrixRMaj e = new DMatrixRMaj(m, n);
            CommonOps_DDRM.mult(a, b, e);
            assertSame(e.data, Mat.mult(a, b).data, "mult " + m + "x" + k + "x" + n);
            DMatrixRMaj at = random(k, m, rnd);
            CommonOps_DDRM.multTransA(at, b, e);
            assertSame(e.data, Mat.multTransA(at, b).data, "multTransA");
            DMatrixRMaj bt = random(n, k, rnd);
            CommonOps_DDRM.multTransB(a, bt, e);
            assertSame(e.data, Mat.multTransB(a, bt).data, "multTransB");
            cases += 3;
        }
        assertEquals(18, cases);
    }

    @Test
    void floatErrorIsWithinTheStandardBound() {
        SplittableRandom rnd = new SplittableRandom(14);
        int m = 9, k = 1000, n = 70;
        float[] a = randomF(m * k, rnd);
        float[] b = randomF(k * n, rnd);
        float[] c = new float[m * n];
        Gemm.gemm(a, 0, k, 1, b, 0, n, c, 0, n, m, k, n, false);
        double u = 0x1p-24;
        double gamma = k * u / (1 - k * u);
        int cases = 0;
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    exact += (double) a[i * k + p] * b[p * n + j];
                    abs += Math.abs((double) a[i * k + p] * b[p * n + j]);
                }
                double err = Math.abs(c[i * n + j] - exact);
                assertTrue(err <= gamma * abs, "element " + i + "," + j + ": error " + err + " > " + gamma * abs);
                worst = Math.max(worst, err / (gamma * abs));
                cases++;
            }
        }
        assertEquals(m * n, cases);
        assertTrue(worst > 0, "the float product rounds somewhere (the bound is not vacuous)");
    }

    @Test
    void argumentsOutsideTheArraysAreRefusedBeforeAnyAccess() {
        double[] a = new double[12];
        double[] b = new double[12];
        double[] c = new double[9];
        // 3×4 · 4×3 fits exactly; one more row, column, offset or a larger stride does not.
        Gemm.gemm(a, 0, 4, 1, b, 0, 3, c, 0, 3, 3, 4, 3, false);
        int cases = 0;
        for (int[] bad : new int[][] {{1, 0, 0, 3, 3, 4, 3}, {0, 1, 0, 3, 3, 4, 3}, {0, 0, 1, 3, 3, 4, 3},
            {0, 0, 0, 4, 4, 4, 3}, {0, 0, 0, 3, 3, 5, 3}, {0, 0, 0, 3, 3, 4, 4}, {0, 0, 0, 2, 3, 4, 3}, {-1, 0, 0, 3, 3, 4, 3}}) {
            org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> Gemm.gemm(a, bad[0], 4,
                    1, b, bad[1], 3, c, bad[2], bad[3], bad[4], bad[5], bad[6], false), java.util.Arrays.toString(bad));
            cases++;
        }
        float[] f = new float[4];
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.gemm(f, 0, 2, 1, f, 0, 2, new float[3], 0, 2, 2, 2, 2, false));
        assertEquals(8, cases);
    }

    @Test
    void aNonFiniteTermPropagates() {
        double[] a = {1, Double.NaN, 2, 3};
        double[] b = {1, 1, 1, 1};
        double[] c = new double[4];
        Gemm.mult(a, b, c, 2, 2, 2);
        assertTrue(Double.isNaN(c[0]) && Double.isNaN(c[1]));
        assertEquals(5.0, c[2]);
    }

    private static void assertSame(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double x = expected[i];
            double y = actual[i];
            assertTrue(x == y || (Double.isNaN(x) && Double.isNaN(y)), what + " at " + i + ": " + x + " vs " + y);
        }
    }

    static DMatrixRMaj random(int r, int c, SplittableRandom rnd) {
        DMatrixRMaj x = new DMatrixRMaj(r, c);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = rnd.nextDouble(-1, 1);
        }
        return x;
    }

    static double[] randomD(int n, SplittableRandom rnd) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(-1, 1);
        }
        return a;
    }

    static float[] randomF(int n, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }
}
