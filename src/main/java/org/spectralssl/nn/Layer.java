package org.spectralssl.nn;

import java.util.List;

/**
 * A differentiable map from a batch to a batch. Implementations keep forward and backward in
 * one method: {@link #forward} computes y and returns a {@link Pass} whose backward closes over
 * what it needs.
 */
public interface Layer {
    /**
     * Runs the layer. Not modified: x (it may be kept by the returned pass for its backward, so
     * the caller must not modify it until then).
     *
     * @param x    m × (input sample shape)
     * @param mode training or evaluation
     */
    Pass forward(Tensor x, Mode mode);

    /** The trainable parameters, in a fixed order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** The non-trained state saved with the network, in a fixed order. */
    default List<Buffer> buffers() {
        return List.of();
    }

    /** The output sample shape for a given input sample shape; fails with a one-line message if unsupported. */
    int[] outputShape(int... inputShape);

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }
}
