package org.spectralssl.nn;

import java.util.SplittableRandom;

/** Weight initialisation; draws are made in double, in storage order, then stored in the tensor's precision. */
final class Init {
    private Init() {}

    /**
     * U(−1/√fanIn, 1/√fanIn): PyTorch's default for linear and convolutional layers
     * ({@code kaiming_uniform_} with a = √5 gives gain·√(3/fanIn) = √(1/3)·√(3/fanIn)), used for
     * weights and biases alike.
     */
    static void pytorchDefault(Tensor t, int fanIn, SplittableRandom rnd) {
        double bound = 1 / Math.sqrt(fanIn);
        for (int k = 0; k < t.size(); k++) {
            t.set(k, bound * (2 * rnd.nextDouble() - 1));
        }
    }

    static void fill(Tensor t, double v) {
        for (int k = 0; k < t.size(); k++) {
            t.set(k, v);
        }
    }
}
