package org.spectralssl.nn;

/** Storage and arithmetic precision of a network; see the package comment. */
public enum Precision {
    /** float storage and float matrix products: the training path. */
    FLOAT32,
    /** double everywhere: the checking path. */
    FLOAT64
}
