package org.spectralssl.nn;

/**
 * State of a layer that is saved with the network but not trained (batch normalisation's
 * running mean and variance). The tensor is shared, not copied.
 */
public record Buffer(String name, Tensor value) {
    /** The same buffer under {@code prefix + "." + name}. */
    public Buffer prefixed(String prefix) {
        return new Buffer(prefix + "." + name, value);
    }
}
