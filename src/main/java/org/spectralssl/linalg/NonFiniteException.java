package org.spectralssl.linalg;

/**
 * A computation would produce NaN or ±∞ from finite input, and no stabiliser that the caller
 * enabled prevents it. The message is one line that says where and which setting to change.
 * Thrown instead of returning a silently non-finite result.
 */
public final class NonFiniteException extends ArithmeticException {
    public NonFiniteException(String message) {
        super(message);
    }
}
