package org.spectralssl.linalg;

/**
 * Bad input to a public entry point. The message is one line that names the argument, what is
 * wrong with it, and where useful what to do instead; callers (the CLI, the oracle) print it as
 * it is, without a stack trace.
 */
public final class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }
}
