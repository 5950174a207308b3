package org.spectralssl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every public kernel against its naive twin. The fast and naive products add the same terms in
 * the same order, so they must agree bit for bit; the shapes are chosen to exercise the 4-row
 * blocks and their remainder (m mod 4 = 0…3), the k blocks and their remainder (k around
 * the k blocks of linalg/Gemm), and offsets inside larger arrays.
 */
class KernelsParityTest {
    static final int[][] SHAPES = {{1, 1, 1}, {4, 3, 5}, {5, 64, 7}, {6, 65, 1}, {7, 130, 33}, {8, 1, 64}, {13, 200, 17}};
    static int checkedPairs;

    @Test
    void everyKernelHasATwinWithTheSameSignature() throws NoSuchMethodException {
        TreeSet<String> fast = new TreeSet<>();
        for (Method m : Kernels.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                NaiveKernels.class.getMethod(m.getName(), m.getParameterTypes());
                fast.add(m.getName() + Arrays.toString(m.getParameterTypes()));
            }
        }
        long naive = Arrays.stream(NaiveKernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).count();
        assertEquals(fast.size(), naive, "kernels and twins pair up one to one: " + fast);
        assertEquals(6, fast.size(), "the pairs this test checks below: mult, multTransA and transpose, float and double");
    }

    @Test
    void multFloat() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            for (boolean acc : new boolean[] {false, true}) {
                float[] a = randomF(3 + m * k, rnd);
                float[] b = randomF(5 + k * n, rnd);
                float[] c0 = randomF(2 + m * n, rnd);
                float[] c1 = c0.clone();
                Kernels.mult(a, 3, b, 5, c0, 2, m, k, n, acc);
                NaiveKernels.mult(a, 3, b, 5, c1, 2, m, k, n, acc);
                assertArrayEquals(c1, c0, "float " + Arrays.toString(s) + " accumulate " + acc);
                assertEquals(c1[0], c0[0], "the value before the offset is untouched");
            }
        }
    }

    @Test
    void multDouble() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            for (boolean acc : new boolean[] {false, true}) {
                double[] a = randomD(m * k + 1, rnd);
                double[] b = randomD(k * n, rnd);
                double[] c0 = randomD(m * n, rnd);
                double[] c1 = c0.clone();
                Kernels.mult(a, 1, b, 0, c0, 0, m, k, n, acc);
                NaiveKernels.mult(a, 1, b, 0, c1, 0, m, k, n, acc);
                assertArrayEquals(c1, c0, "double " + Arrays.toString(s) + " accumulate " + acc);
            }
        }
    }

    @Test
    void multTransABoth() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            for (boolean acc : new boolean[] {false, true}) {
                float[] a = randomF(2 + k * m, rnd);
                float[] b = randomF(k * n + 1, rnd);
                float[] c0 = randomF(m * n + 3, rnd);
                float[] c1 = c0.clone();
                Kernels.multTransA(a, 2, b, 1, c0, 3, m, k, n, acc);
                NaiveKernels.multTransA(a, 2, b, 1, c1, 3, m, k, n, acc);
                assertArrayEquals(c1, c0, "float transA " + Arrays.toString(s) + " accumulate " + acc);
                double[] ad = randomD(k * m, rnd);
                double[] bd = randomD(k * n, rnd);
                double[] d0 = randomD(m * n, rnd);
                double[] d1 = d0.clone();
                Kernels.multTransA(ad, 0, bd, 0, d0, 0, m, k, n, acc);
                NaiveKernels.multTransA(ad, 0, bd, 0, d1, 0, m, k, n, acc);
                assertArrayEquals(d1, d0, "double transA " + Arrays.toString(s) + " accumulate " + acc);
                // Transposing first and multiplying adds the same terms in the same order.
                float[] at = new float[k * m];
                Kernels.transpose(a, 2, k, m, at, 0);
                float[] c2 = c1.clone();
                float[] c3 = c1.clone();
                Kernels.mult(at, 0, b, 1, c2, 3, m, k, n, acc);
                Kernels.multTransA(a, 2, b, 1, c3, 3, m, k, n, acc);
                assertArrayEquals(c2, c3, "transA = transpose then mult " + Arrays.toString(s));
            }
        }
    }

    @Test
    void multIsTheProduct() {
        // [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[19, 22], [43, 50]]
        double[] c = new double[4];
        Kernels.mult(new double[] {1, 2, 3, 4}, 0, new double[] {5, 6, 7, 8}, 0, c, 0, 2, 2, 2, false);
        assertArrayEquals(new double[] {19, 22, 43, 50}, c);
    }

    @Test
    void transposeBoth() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] rc : new int[][] {{1, 1}, {3, 70}, {33, 32}, {65, 2}}) {
            float[] a = randomF(rc[0] * rc[1] + 4, rnd);
            float[] o0 = new float[rc[0] * rc[1] + 1];
            float[] o1 = new float[rc[0] * rc[1] + 1];
            Kernels.transpose(a, 4, rc[0], rc[1], o0, 1);
            NaiveKernels.transpose(a, 4, rc[0], rc[1], o1, 1);
            assertArrayEquals(o1, o0);
            double[] d = randomD(rc[0] * rc[1], rnd);
            double[] p0 = new double[d.length];
            double[] p1 = new double[d.length];
            Kernels.transpose(d, 0, rc[0], rc[1], p0, 0);
            NaiveKernels.transpose(d, 0, rc[0], rc[1], p1, 0);
            assertArrayEquals(p1, p0);
            if (rc[0] > 1) {
                assertEquals(d[1 * rc[1] + 0], p0[0 * rc[0] + 1], "element (1, 0) moves to (0, 1)");
            }
        }
    }

    static float[] randomF(int n, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    static double[] randomD(int n, SplittableRandom rnd) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(-1, 1);
        }
        return a;
    }
}
