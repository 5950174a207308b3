package org.spectralssl.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every implementation of {@link Elementwise#momentumStep} against the plain loop, bit for bit,
 * over lengths around the vector width (tails) and values from 1e-30 to 1e30, with zero and
 * non-zero decay. Counted.
 */
class ElementwiseTest {
    @Test
    void everyImplementationIsThePlainLoopBitForBit() {
        SplittableRandom rnd = new SplittableRandom(5);
        int cases = 0;
        for (Elementwise.Impl impl : Elementwise.implementations()) {
            for (int len : new int[] {0, 1, 7, 8, 9, 16, 17, 100, 1001}) {
                for (double lambda : new double[] {0, 1e-4}) {
                    float[] w = new float[len];
                    float[] g = new float[len];
                    double[] v = new double[len];
                    for (int k = 0; k < len; k++) {
                        double scale = Math.pow(10, rnd.nextInt(-30, 31));
                        w[k] = (float) (rnd.nextGaussian() * scale);
                        g[k] = (float) (rnd.nextGaussian() * scale);
                        v[k] = rnd.nextGaussian() * scale;
                    }
                    float[] w2 = w.clone();
                    double[] v2 = v.clone();
                    for (int step = 0; step < 3; step++) {
                        impl.momentumStep(w, g, v, lambda, 0.9, 0.05, 0, w.length);
                        Elementwise.scalar(w2, g, v2, lambda, 0.9, 0.05, 0, w2.length);
                    }
                    assertArrayEquals(w2, w, "weights, length " + len);
                    assertArrayEquals(v2, v, "velocity, length " + len);
                    cases++;
                }
            }
        }
        assertEquals(Elementwise.implementations().size() * 9 * 2, cases);
    }

    /** The public update on an array above the parallel threshold: the same bits with 1, 2 and 3 threads as the plain loop. */
    @Test
    void rangesOnThreadsAreThePlainLoop() {
        int before = Gemm.threads();
        try {
            SplittableRandom rnd = new SplittableRandom(9);
            int len = Elementwise.PARALLEL_MIN * 2 + 13;
            float[] w0 = new float[len];
            float[] g = new float[len];
            double[] v0 = new double[len];
            for (int k = 0; k < len; k++) {
                w0[k] = (float) rnd.nextGaussian();
                g[k] = (float) rnd.nextGaussian();
                v0[k] = rnd.nextGaussian();
            }
            float[] wRef = w0.clone();
            double[] vRef = v0.clone();
            Elementwise.scalar(wRef, g, vRef, 1e-4, 0.9, 0.05, 0, len);
            int cases = 0;
            for (int t : new int[] {1, 2, 3}) {
                Gemm.setThreads(t);
                float[] w = w0.clone();
                double[] v = v0.clone();
                Elementwise.momentumStep(w, g, v, 1e-4, 0.9, 0.05);
                assertArrayEquals(wRef, w, "weights, threads " + t);
                assertArrayEquals(vRef, v, "velocity, threads " + t);
                cases++;
            }
            assertEquals(3, cases);
        } finally {
            Gemm.setThreads(before);
        }
    }

    /** ReLU's backward by every implementation against the plain loop, bit for bit, with NaN, ±0 and ±∞ in y and dy. */
    @Test
    void reluBackwardIsThePlainLoopBitForBit() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] specials = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE};
        int cases = 0;
        for (Elementwise.Impl impl : Elementwise.implementations()) {
            for (int len : new int[] {0, 1, 15, 16, 17, 100, 1001}) {
                float[] y = new float[len];
                float[] dy = new float[len];
                for (int k = 0; k < len; k++) {
                    y[k] = rnd.nextInt(5) == 0 ? specials[rnd.nextInt(specials.length)] : (float) rnd.nextGaussian();
                    dy[k] = rnd.nextInt(5) == 0 ? specials[rnd.nextInt(specials.length)] : (float) rnd.nextGaussian();
                }
                for (int from : new int[] {0, Math.min(len, 3)}) {
                    float[] dx = new float[len];
                    float[] ref = new float[len];
                    java.util.Arrays.fill(dx, 7f);
                    java.util.Arrays.fill(ref, 7f);
                    impl.reluBackward(y, dy, dx, from, len);
                    Elementwise.scalarReluBackward(y, dy, ref, from, len);
                    for (int k = 0; k < len; k++) {
                        assertEquals(Float.floatToRawIntBits(ref[k]), Float.floatToRawIntBits(dx[k]),
                                "length " + len + " from " + from + " index " + k + " y=" + y[k] + " dy=" + dy[k]);
                    }
                    cases++;
                }
            }
        }
        assertEquals(Elementwise.implementations().size() * 7 * 2, cases);
    }
}
