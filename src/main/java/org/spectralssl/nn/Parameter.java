package org.spectralssl.nn;

/**
 * A trainable tensor and the gradient accumulated into it. {@link Kind} tells optimisers what
 * the tensor is, so that they can exempt biases and normalisation parameters from weight decay
 * and LARS adaptation (the usual "exclude bias and norm" rule of BYOL and Barlow Twins).
 */
public final class Parameter {
    /** What a parameter is. */
    public enum Kind {
        /** A weight matrix of a linear or convolutional layer. */
        WEIGHT,
        /** An additive bias. */
        BIAS,
        /** The scale γ of batch normalisation. */
        NORM_SCALE,
        /** The shift β of batch normalisation. */
        NORM_SHIFT;

        /** True for weights only: biases and normalisation parameters are exempt from decay. */
        public boolean isWeight() {
            return this == WEIGHT;
        }
    }

    private final String name;
    private final Kind kind;
    private final Tensor value;
    private final Tensor grad;

    /** A parameter over {@code value} (not copied) with a zero gradient of the same shape. */
    public Parameter(String name, Kind kind, Tensor value) {
        this.name = name;
        this.kind = kind;
        this.value = value;
        this.grad = value.zerosLike();
    }

    private Parameter(String name, Parameter p) {
        this.name = name;
        this.kind = p.kind;
        this.value = p.value;
        this.grad = p.grad;
    }

    /** The same parameter (shared storage) under {@code prefix + "." + name}. */
    public Parameter prefixed(String prefix) {
        return new Parameter(prefix + "." + name, this);
    }

    /** A dotted path such as {@code "3.weight"}, unique within a network. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The value; optimisers modify it in place. */
    public Tensor value() {
        return value;
    }

    /** The gradient accumulated by backward passes since the last {@link #zeroGrad()}. */
    public Tensor grad() {
        return grad;
    }

    public void zeroGrad() {
        grad.fillZero();
    }

    @Override
    public String toString() {
        return name + " " + kind + " " + value.shapeString();
    }
}
