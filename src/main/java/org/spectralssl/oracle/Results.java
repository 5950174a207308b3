package org.spectralssl.oracle;

import java.util.Map;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Reads what {@code oracle check} compares: a result (FORMAT.md §3), or a golden vector
 * (FORMAT.md §5) whose {@code expected} result and manifest tolerance are used.
 */
public final class Results {
    /** The format name of a golden vector. */
    public static final String VECTOR_FORMAT = "spectral-ssl-vector/1";

    private Results() {}

    /** Whether a parsed JSON value is a golden vector. */
    public static boolean isVector(Object json) {
        return json instanceof Map<?, ?> m && VECTOR_FORMAT.equals(m.get("format"));
    }

    /** The result in a parsed file: a vector's {@code expected}, or the object itself. */
    public static Map<?, ?> resultOf(String what, Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            throw new InvalidInputException(what + " is not a JSON object");
        }
        if (isVector(json)) {
            if (!(m.get("expected") instanceof Map<?, ?> e)) {
                throw new InvalidInputException(what + " is a golden vector without an 'expected' object");
            }
            return e;
        }
        Object f = m.get("format");
        if (CaseSpec.FORMAT.equals(f) || (f == null && m.containsKey("z1") && !m.containsKey("loss"))) {
            throw new InvalidInputException(what + " is a case, not a result; evaluate it first: oracle eval " + what);
        }
        if (f != null && !Evaluator.RESULT_FORMAT.equals(f)) {
            throw new InvalidInputException(what + " has format " + Json.write(f) + "; expected \""
                    + Evaluator.RESULT_FORMAT + "\" or \"" + VECTOR_FORMAT + "\"");
        }
        return m;
    }

    /** A vector's manifest tolerance, or the default field-scaled tolerance for a plain result. */
    public static Tolerance toleranceOf(Object json) {
        if (isVector(json) && ((Map<?, ?>) json).get("manifest") instanceof Map<?, ?> man
                && man.containsKey("tolerance")) {
            return Tolerance.fromJson(man.get("tolerance"));
        }
        return Tolerance.fieldScaled(Tolerance.DEFAULT_RTOL);
    }
}
