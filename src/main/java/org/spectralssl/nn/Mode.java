package org.spectralssl.nn;

/** Whether a forward pass trains (batch statistics, running averages updated) or evaluates. */
public enum Mode {
    /** Batch normalisation uses and records the batch's statistics. */
    TRAIN,
    /** Batch normalisation uses its running statistics; nothing is updated. */
    EVAL
}
