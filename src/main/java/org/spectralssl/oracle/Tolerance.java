package org.spectralssl.oracle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The tolerance model of FORMAT.md §4: a (actual) agrees with b (expected) when
 * |a − b| ≤ atol + rtol·|b|, with atol per field. Unless a field's atol is given (by a golden
 * vector's manifest or on the command line), it is {@link #scaledAtol rtol times the field's scale},
 * so that an element is judged on the scale of its field.
 *
 * @param rtol the relative tolerance, for every field
 * @param uniformAtol an absolute tolerance for every field, overriding the rest
 * @param fieldAtol absolute tolerances per field name, where given
 */
public record Tolerance(double rtol, OptionalDouble uniformAtol, Map<String, Double> fieldAtol) {
    /** The default relative tolerance: the agreement the issue asks of a float64 implementation. */
    public static final double DEFAULT_RTOL = 1e-10;

    public Tolerance {
        if (!(rtol >= 0) || !Double.isFinite(rtol)) {
            throw new InvalidInputException("rtol must be a finite number >= 0, got " + rtol);
        }
        if (uniformAtol.isPresent() && !(uniformAtol.getAsDouble() >= 0 && Double.isFinite(uniformAtol.getAsDouble()))) {
            throw new InvalidInputException("atol must be a finite number >= 0, got " + uniformAtol.getAsDouble());
        }
        fieldAtol = Map.copyOf(fieldAtol);
    }

    /** rtol with every field's atol scaled from the expected values. */
    public static Tolerance fieldScaled(double rtol) {
        return new Tolerance(rtol, OptionalDouble.empty(), Map.of());
    }

    /** The same rtol and atol for every field. */
    public static Tolerance uniform(double rtol, double atol) {
        return new Tolerance(rtol, OptionalDouble.of(atol), Map.of());
    }

    /**
     * The scale of a field: the largest finite |b| of an array (1 when all are zero), and
     * max(1, |b|) for a scalar, whose natural scale is 1 (losses are sums of O(1) terms).
     */
    public static double scale(NumericArray expected) {
        double m = 0;
        for (double v : expected.data()) {
            if (Double.isFinite(v)) {
                m = Math.max(m, Math.abs(v));
            }
        }
        if (expected.isScalar()) {
            return Math.max(1, m);
        }
        return m > 0 ? m : 1;
    }

    /** atol = rtol·scale(b): the generator's rule (FORMAT.md §4). */
    public static double scaledAtol(double rtol, NumericArray expected) {
        return rtol * scale(expected);
    }

    /** The atol for a field. */
    public double atolFor(String field, NumericArray expected) {
        if (uniformAtol.isPresent()) {
            return uniformAtol.getAsDouble();
        }
        Double a = fieldAtol.get(field);
        return a != null ? a : scaledAtol(rtol, expected);
    }

    /** Reads {@code {"rtol": r, "atol": {"field": a, …}}} from a manifest. */
    public static Tolerance fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("rtol") instanceof Double rtol)) {
            throw new InvalidInputException("manifest.tolerance must be an object with a number 'rtol'");
        }
        Map<String, Double> atol = new LinkedHashMap<>();
        Object a = m.get("atol");
        if (a instanceof Map<?, ?> am) {
            for (Map.Entry<?, ?> e : am.entrySet()) {
                if (!(e.getValue() instanceof Double v)) {
                    throw new InvalidInputException("manifest.tolerance.atol." + e.getKey() + " must be a number");
                }
                atol.put((String) e.getKey(), v);
            }
        } else if (a != null) {
            throw new InvalidInputException("manifest.tolerance.atol must be an object of per-field numbers");
        }
        return new Tolerance(rtol, OptionalDouble.empty(), atol);
    }
}
