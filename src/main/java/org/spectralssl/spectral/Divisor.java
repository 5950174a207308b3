package org.spectralssl.spectral;

import org.spectralssl.linalg.InvalidInputException;

/**
 * The divisor of a covariance or variance over k observations. One divisor must be used
 * consistently: changing it only rescales Ẑ by a constant, but mixing two is a bug
 * (METHOD.md §5).
 */
public enum Divisor {
    /** k − 1, as the official INTL code does everywhere. The default. */
    UNBIASED("unbiased"),
    /** k. */
    BIASED("biased");

    /** The default divisor, defined once. */
    public static final Divisor DEFAULT = UNBIASED;

    private final String id;

    Divisor(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses {@code unbiased} or {@code biased} (case-insensitive). */
    public static Divisor parse(String s) {
        for (Divisor v : values()) {
            if (v.id.equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new InvalidInputException("unknown divisor '" + s + "': use 'unbiased' (k − 1) or 'biased' (k)");
    }

    /**
     * The divisor for k observations.
     *
     * @throws InvalidInputException if k is too small for this divisor (k &lt; 2 when unbiased)
     */
    public double of(int k) {
        if (this == UNBIASED && k < 2) {
            throw new InvalidInputException("the unbiased divisor needs at least 2 observations per variable, got "
                    + k + "; a batch of 1 (or a single feature in samples mode) has no covariance");
        }
        if (k < 1) {
            throw new InvalidInputException("no observations to average over");
        }
        return this == UNBIASED ? k - 1 : k;
    }
}
