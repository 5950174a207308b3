package org.spectralssl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm's array loops for float features (S = 1) against its generic loops, the naive twin:
 * the same terms in the same order, so every output, input gradient, dγ, dβ and running statistic
 * must agree bit for bit. The two largest shapes pass {@link Chunks#MIN_PARALLEL}, so the fast
 * loops run in channel and row blocks on the product threads. Counted: shapes × modes × steps.
 */
class BatchNormFastPathTest {
    @AfterEach
    void restore() {
        BatchNorm.fastPath = true;
    }

    @Test
    void fastAndGenericLoopsAgreeBitForBit() {
        int cases = 0;
        for (int[] shape : new int[][] {{2, 1}, {37, 19}, {256, 64}, {256, 512}, {301, 130}}) {
            int m = shape[0], c = shape[1];
            for (Mode mode : Mode.values()) {
                BatchNorm fast = new BatchNorm(c, Precision.FLOAT32);
                BatchNorm slow = new BatchNorm(c, Precision.FLOAT32);
                SplittableRandom rnd = new SplittableRandom(m * 31L + c);
                for (int step = 0; step < 3; step++) {
                    Tensor x = GradCheck.random(Precision.FLOAT32, rnd, m, c);
                    Tensor dy = GradCheck.random(Precision.FLOAT32, rnd, m, c);
                    BatchNorm.fastPath = true;
                    Pass pf = fast.forward(x, mode);
                    Tensor dxf = pf.backward(dy, true);
                    BatchNorm.fastPath = false;
                    Pass ps = slow.forward(x, mode);
                    Tensor dxs = ps.backward(dy, true);
                    String what = m + "x" + c + " " + mode + " step " + step;
                    assertArrayEquals(ps.output().floats(), pf.output().floats(), "output " + what);
                    assertArrayEquals(dxs.floats(), dxf.floats(), "input gradient " + what);
                    for (int k = 0; k < 2; k++) {
                        assertArrayEquals(slow.parameters().get(k).grad().floats(), fast.parameters().get(k).grad().floats(),
                                "parameter gradient " + k + " " + what);
                    }
                    for (int k = 0; k < 2; k++) {
                        assertArrayEquals(slow.buffers().get(k).value().floats(), fast.buffers().get(k).value().floats(),
                                "running statistic " + k + " " + what);
                    }
                    cases++;
                }
            }
        }
        assertEquals(5 * Mode.values().length * 3, cases);
    }
}
