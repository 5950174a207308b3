package org.spectralssl.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's backward against central finite differences in FLOAT64, for the input and for
 * every parameter, in training and evaluation mode where they differ.
 */
class LayerGradientTest {
    static final Precision P = Precision.FLOAT64;

    /** A BatchNorm whose running statistics are not the defaults, so that evaluation mode is not the identity. */
    static BatchNorm warmedBatchNorm(int c, int[] shape, SplittableRandom rnd) {
        BatchNorm bn = new BatchNorm(c, P);
        bn.forward(GradCheck.random(P, rnd, 6, shape), Mode.TRAIN);
        for (Parameter p : bn.parameters()) {
            for (int k = 0; k < p.value().size(); k++) {
                p.value().set(k, p.value().get(k) + rnd.nextDouble(-0.5, 0.5));
            }
        }
        return bn;
    }

    static Stream<Arguments> cases() {
        SplittableRandom r = new SplittableRandom(7);
        return Stream.of(
                Arguments.of("Linear with bias", new Linear(5, 4, true, P, r), new int[] {5}, Mode.TRAIN),
                Arguments.of("Linear without bias", new Linear(6, 3, false, P, r), new int[] {6}, Mode.TRAIN),
                Arguments.of("BatchNorm1d train", warmedBatchNorm(4, new int[] {4}, r), new int[] {4}, Mode.TRAIN),
                Arguments.of("BatchNorm1d eval", warmedBatchNorm(4, new int[] {4}, r), new int[] {4}, Mode.EVAL),
                Arguments.of("BatchNorm2d train", warmedBatchNorm(3, new int[] {3, 4, 5}, r), new int[] {3, 4, 5},
                        Mode.TRAIN),
                Arguments.of("BatchNorm2d eval", warmedBatchNorm(3, new int[] {3, 4, 5}, r), new int[] {3, 4, 5},
                        Mode.EVAL),
                Arguments.of("ReLU", new Relu(), new int[] {2, 3, 3}, Mode.TRAIN),
                Arguments.of("Conv2d 3×3 s1 q1", new Conv2d(2, 3, 3, 1, 1, true, P, r), new int[] {2, 6, 5}, Mode.TRAIN),
                Arguments.of("Conv2d 3×3 s2 q0 no bias", new Conv2d(3, 2, 3, 2, 0, false, P, r), new int[] {3, 7, 8},
                        Mode.TRAIN),
                Arguments.of("Conv2d 1×1", new Conv2d(4, 2, 1, 1, 0, true, P, r), new int[] {4, 3, 3}, Mode.TRAIN),
                Arguments.of("MaxPool 2", Pool2d.max(2), new int[] {2, 6, 4}, Mode.TRAIN),
                Arguments.of("MaxPool 3 stride 2", new Pool2d(Pool2d.Kind.MAX, 3, 2), new int[] {2, 7, 7}, Mode.TRAIN),
                Arguments.of("AvgPool 2", Pool2d.average(2), new int[] {2, 4, 6}, Mode.TRAIN),
                Arguments.of("AvgPool global", new Pool2d(Pool2d.Kind.AVERAGE, 5, 1), new int[] {3, 5, 5}, Mode.TRAIN),
                Arguments.of("Flatten", new Flatten(), new int[] {2, 3, 2}, Mode.TRAIN),
                Arguments.of("projector", Encoders.projector(6, 8, 5, P, r), new int[] {6}, Mode.TRAIN),
                Arguments.of("projector eval", Encoders.projector(6, 8, 5, P, r), new int[] {6}, Mode.EVAL),
                Arguments.of("MLP encoder", Encoders.mlp(10, new int[] {9, 7}, P, r), new int[] {10}, Mode.TRAIN),
                Arguments.of("CNN encoder", Encoders.cnn(P, r), new int[] {1, 28, 28}, Mode.TRAIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(String name, Layer layer, int[] shape, Mode mode) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int m = name.startsWith("CNN") ? 3 : 5;
        Tensor x = GradCheck.random(P, rnd, m, shape);
        List<GradCheck.Result> results = GradCheck.check(layer, x, mode, rnd);
        assertFalse(results.isEmpty());
        for (GradCheck.Result res : results) {
            assertTrue(res.relativeError() < 1e-6, name + " " + res);
            assertTrue(Math.abs(res.analytic()) > 1e-8, name + " " + res.target() + ": a zero gradient checks nothing");
        }
    }
}
