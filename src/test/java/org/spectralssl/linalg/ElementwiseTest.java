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

    /**
     * The batch-normalisation kernels by every implementation against the plain loops, bit for bit:
     * channel counts around the vector widths, a row offset, ranges that start inside a row,
     * training and evaluation, values from 1e-30 to 1e30 with NaN, ±0 and ±∞ mixed in.
     */
    @Test
    void batchNormKernelsAreThePlainLoopsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(13);
        float[] specials = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        int cases = 0;
        for (Elementwise.Impl impl : Elementwise.implementations()) {
            for (int channels : new int[] {1, 7, 8, 15, 16, 17, 33, 130}) {
                int off = 5;
                int len = off + channels;
                float[] x = new float[len];
                float[] x2 = new float[len];
                double[] mean = new double[channels];
                double[] inv = new double[channels];
                double[] gamma = new double[channels];
                double[] beta = new double[channels];
                double[] scale = new double[channels];
                for (int k = 0; k < len; k++) {
                    x[k] = rnd.nextInt(7) == 0 ? specials[rnd.nextInt(specials.length)]
                            : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 31)));
                    x2[k] = (float) rnd.nextGaussian();
                }
                for (int c = 0; c < channels; c++) {
                    mean[c] = rnd.nextGaussian();
                    inv[c] = Math.abs(rnd.nextGaussian()) * 10;
                    gamma[c] = rnd.nextGaussian();
                    beta[c] = rnd.nextGaussian();
                    scale[c] = rnd.nextGaussian();
                }
                int c0 = Math.min(channels, 3);
                double[] a1 = mean.clone();
                double[] a2 = mean.clone();
                impl.addRow(x, off, a1, c0, channels);
                Elementwise.scalarAddRow(x, off, a2, c0, channels);
                assertArrayEquals(a2, a1, "addRow, " + channels + " channels");
                a1 = beta.clone();
                a2 = beta.clone();
                impl.addSquaredDeviations(x, off, mean, a1, c0, channels);
                Elementwise.scalarAddSquaredDeviations(x, off, mean, a2, c0, channels);
                assertArrayEquals(a2, a1, "addSquaredDeviations, " + channels + " channels");
                float[] h1 = new float[len];
                float[] h2 = new float[len];
                float[] y1 = new float[len];
                float[] y2 = new float[len];
                impl.normalise(x, off, mean, inv, gamma, beta, h1, y1, channels);
                Elementwise.scalarNormalise(x, off, mean, inv, gamma, beta, h2, y2, 0, channels);
                assertArrayEquals(h2, h1, "normalise x̂, " + channels + " channels");
                assertArrayEquals(y2, y1, "normalise y, " + channels + " channels");
                double[] s1 = gamma.clone();
                double[] s2 = gamma.clone();
                double[] t1 = inv.clone();
                double[] t2 = inv.clone();
                impl.addDyAndDyXhat(x, x2, off, s1, t1, c0, channels);
                Elementwise.scalarAddDyAndDyXhat(x, x2, off, s2, t2, c0, channels);
                assertArrayEquals(s2, s1, "addDyAndDyXhat Σdy, " + channels + " channels");
                assertArrayEquals(t2, t1, "addDyAndDyXhat Σdy·x̂, " + channels + " channels");
                for (boolean train : new boolean[] {true, false}) {
                    float[] d1 = new float[len];
                    float[] d2 = new float[len];
                    impl.normInputGradient(x, x2, off, mean, beta, 37, scale, train, d1, channels);
                    Elementwise.scalarNormInputGradient(x, x2, off, mean, beta, 37, scale, train, d2, 0, channels);
                    assertArrayEquals(d2, d1, "normInputGradient, train " + train + ", " + channels + " channels");
                }
                cases++;
            }
        }
        assertEquals(Elementwise.implementations().size() * 8, cases);
    }
}
