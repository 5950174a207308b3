package org.spectralssl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.Gemm;

/**
 * The element-wise passes that run in blocks on the product threads (ReLU forward and backward,
 * the float transpose) give the same bits with 1, 2 and 3 threads, and the transpose equals its
 * naive twin, on sizes above {@link Chunks#MIN_PARALLEL} (and one below). Counted: sizes × threads.
 */
class ChunksTest {
    @Test
    void sameBitsWhateverTheThreads() {
        int before = Gemm.threads();
        int cases = 0;
        try {
            for (int[] shape : new int[][] {{256, 512}, {301, 130}, {7, 9}}) {
                int m = shape[0];
                int c = shape[1];
                SplittableRandom rnd = new SplittableRandom(m + 7L * c);
                Tensor x = GradCheck.random(Precision.FLOAT32, rnd, m, c);
                x.floats()[3] = Float.NaN;
                x.floats()[5] = -0f;
                Tensor dy = GradCheck.random(Precision.FLOAT32, rnd, m, c);
                float[] naiveT = new float[m * c];
                NaiveKernels.transpose(x.floats(), 0, m, c, naiveT, 0);
                float[] y1 = null;
                float[] dx1 = null;
                for (int t : new int[] {1, 2, 3}) {
                    Gemm.setThreads(t);
                    Pass p = new Relu().forward(x, Mode.TRAIN);
                    Tensor dx = p.backward(dy, true);
                    float[] tr = new float[m * c];
                    Kernels.transpose(x.floats(), 0, m, c, tr, 0);
                    assertArrayEquals(naiveT, tr, "transpose " + m + "x" + c + " threads " + t);
                    if (y1 == null) {
                        y1 = p.output().floats();
                        dx1 = dx.floats();
                    } else {
                        assertArrayEquals(y1, p.output().floats(), "ReLU forward " + m + "x" + c + " threads " + t);
                        assertArrayEquals(dx1, dx.floats(), "ReLU backward " + m + "x" + c + " threads " + t);
                    }
                    cases++;
                }
            }
        } finally {
            Gemm.setThreads(before);
        }
        assertEquals(3 * 3, cases);
    }
}
