package org.spectralssl.nn;

/** Views each sample, of any shape (C, H, W), as one vector of C·H·W values; the storage is shared. */
public final class Flatten implements Layer {
    @Override
    public Pass forward(Tensor x, Mode mode) {
        int[] shape = x.sampleShape();
        Tensor y = x.reshape(x.cols());
        return Pass.of("Flatten", y, (dy, inputGradient) -> inputGradient ? dy.reshape(shape) : null);
    }

    @Override
    public int[] outputShape(int... inputShape) {
        int c = 1;
        for (int s : inputShape) {
            c *= s;
        }
        return new int[] {c};
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
