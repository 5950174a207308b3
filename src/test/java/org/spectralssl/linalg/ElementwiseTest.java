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
                        impl.momentumStep(w, g, v, lambda, 0.9, 0.05, 0);
                        Elementwise.scalar(w2, g, v2, lambda, 0.9, 0.05, 0);
                    }
                    assertArrayEquals(w2, w, "weights, length " + len);
                    assertArrayEquals(v2, v, "velocity, length " + len);
                    cases++;
                }
            }
        }
        assertEquals(Elementwise.implementations().size() * 9 * 2, cases);
    }
}
