package org.spectralssl.nn;

/**
 * One forward call of a layer: its output, and the way back. {@link #backward} may be called
 * once; it adds the parameter gradients of this call into {@link Parameter#grad()} and returns
 * the gradient with respect to the input.
 */
public interface Pass {
    /** The forward output y. Not to be modified while the backward pass is still to come. */
    Tensor output();

    /**
     * Given dL/dy (shape of {@link #output()}), adds dL/dθ into the gradients and returns dL/dx,
     * or null when {@code inputGradient} is false (the first layer of a network need not form it).
     * Not modified: dy.
     */
    Tensor backward(Tensor dy, boolean inputGradient);

    /** {@code backward(dy, true)}. */
    default Tensor backward(Tensor dy) {
        return backward(dy, true);
    }

    /** The backward half of a pass, written beside its forward as a lambda. */
    @FunctionalInterface
    interface Backward {
        Tensor apply(Tensor dy, boolean inputGradient);
    }

    /** A pass with output {@code y} whose backward is {@code back}, checking dy's shape. */
    static Pass of(String who, Tensor y, Backward back) {
        return new Pass() {
            private boolean used;

            @Override
            public Tensor output() {
                return y;
            }

            @Override
            public Tensor backward(Tensor dy, boolean inputGradient) {
                if (used) {
                    throw new IllegalStateException(who + ": backward called twice on one forward pass");
                }
                Tensor.requireSameShape(who, dy, y);
                used = true;
                return back.apply(dy, inputGradient);
            }
        };
    }
}
