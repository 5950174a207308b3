package org.spectralssl.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The networks of the reference trainer: two backbones for 28×28 grayscale images and the
 * projector of the paper (METHOD.md §7). Weights are drawn from {@code rnd} in construction
 * order, so a FLOAT32 and a FLOAT64 network built from equal generators hold the same weights
 * up to float rounding.
 */
public final class Encoders {
    private Encoders() {}

    /**
     * MLP backbone: input vector of {@code input} values, then for each width h of
     * {@code hidden}: Linear(no bias)–BatchNorm–ReLU. Input m×input (images flattened), output
     * m×hidden[last].
     */
    public static Sequential mlp(int input, int[] hidden, Precision precision, SplittableRandom rnd) {
        if (hidden.length == 0) {
            throw new InvalidInputException("an MLP encoder needs at least one hidden layer");
        }
        List<Layer> l = new ArrayList<>();
        int prev = input;
        for (int h : hidden) {
            l.add(new Linear(prev, h, false, precision, rnd));
            l.add(new BatchNorm(h, precision));
            l.add(new Relu());
            prev = h;
        }
        return new Sequential(l);
    }

    /**
     * Small CNN backbone for 1×28×28 images, 128 features:
     * [Conv 3×3 (q1, no bias)–BatchNorm–ReLU–MaxPool 2] with 32 then 64 channels (28 → 14 → 7),
     * Conv 3×3 to 128 channels–BatchNorm–ReLU, global average pool over 7×7, flatten.
     * Input m×1×28×28, output m×128.
     */
    public static Sequential cnn(Precision precision, SplittableRandom rnd) {
        return new Sequential(
                new Conv2d(1, 32, 3, 1, 1, false, precision, rnd), new BatchNorm(32, precision), new Relu(), Pool2d.max(2),
                new Conv2d(32, 64, 3, 1, 1, false, precision, rnd), new BatchNorm(64, precision), new Relu(), Pool2d.max(2),
                new Conv2d(64, 128, 3, 1, 1, false, precision, rnd), new BatchNorm(128, precision), new Relu(),
                new Pool2d(Pool2d.Kind.AVERAGE, 7, 1), new Flatten());
    }

    /**
     * The projector of the paper (METHOD.md §7): Linear(no bias)–BatchNorm–ReLU twice, then
     * Linear with bias. Input m×input, output m×output. The first two linear layers carry no bias
     * because the batch normalisation after each cancels it.
     */
    public static Sequential projector(int input, int hidden, int output, Precision precision, SplittableRandom rnd) {
        return new Sequential(
                new Linear(input, hidden, false, precision, rnd), new BatchNorm(hidden, precision), new Relu(),
                new Linear(hidden, hidden, false, precision, rnd), new BatchNorm(hidden, precision), new Relu(),
                new Linear(hidden, output, true, precision, rnd));
    }
}
