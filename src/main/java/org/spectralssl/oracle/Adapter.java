package org.spectralssl.oracle;

import java.util.Map;

/**
 * An implementation under test, as the conformance runner sees it: one case in (FORMAT.md §2),
 * one answer out (a result, §3, or {@code {"error": "…"}}).
 */
public interface Adapter extends AutoCloseable {
    /**
     * Evaluates one case.
     *
     * @param caseJson the case, with an {@code id}
     * @return the adapter's answer as parsed JSON
     * @throws AdapterException when the adapter breaks the protocol (dies, times out, answers
     *     something that is not one JSON object)
     */
    Map<?, ?> ask(Map<String, Object> caseJson) throws AdapterException;

    /** A description for the report. */
    String describe();

    @Override
    void close();

    /** The adapter broke the protocol; the message is one line. */
    final class AdapterException extends Exception {
        public AdapterException(String message) {
            super(message);
        }
    }
}
