package org.spectralssl.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;

/**
 * A number, vector or matrix as FORMAT.md §1 encodes it: a scalar is a JSON number, an array is
 * {@code {"shape": [...], "data": [row-major]}}; NaN and ±∞ are the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}.
 *
 * @param shape {@code []} for a scalar, {@code [n]} for a vector, {@code [rows, cols]} for a matrix
 * @param data the elements, row-major; length is the product of the shape
 */
public record NumericArray(int[] shape, double[] data) {
    public NumericArray {
        shape = shape.clone();
        data = data.clone();
    }

    public static NumericArray scalar(double v) {
        return new NumericArray(new int[0], new double[] {v});
    }

    public static NumericArray of(DMatrixRMaj a) {
        return new NumericArray(new int[] {a.numRows, a.numCols}, java.util.Arrays.copyOf(a.data, a.getNumElements()));
    }

    public static NumericArray vector(double[] v) {
        return new NumericArray(new int[] {v.length}, v);
    }

    public boolean isScalar() {
        return shape.length == 0;
    }

    /** The shape as text, {@code [16, 32]}, or {@code scalar}. */
    public String shapeText() {
        return isScalar() ? "scalar" : java.util.Arrays.toString(shape);
    }

    /** The index of element {@code i} as text: {@code [r, c]}, {@code [i]}, or empty for a scalar. */
    public String indexText(int i) {
        if (shape.length == 2) {
            return "[" + i / shape[1] + ", " + i % shape[1] + "]";
        }
        return shape.length == 1 ? "[" + i + "]" : "";
    }

    /** The JSON value of FORMAT.md §1: a number (or NaN/∞ string) for a scalar, else shape and data. */
    public Object toJson() {
        if (isScalar()) {
            return data[0];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> s = new ArrayList<>();
        for (int v : shape) {
            s.add(v);
        }
        m.put("shape", s);
        m.put("data", data.clone());
        return m;
    }

    /** The JSON of a matrix. Not modified: a. */
    public static Object json(DMatrixRMaj a) {
        return of(a).toJson();
    }

    /** The JSON of a vector. Not modified: v. */
    public static Object json(double[] v) {
        return vector(v).toJson();
    }

    /**
     * Reads a scalar or array from its JSON value. Non-finite values are accepted only as the
     * strings of FORMAT.md §1.
     *
     * @param name what the value is, for the error message
     * @throws InvalidInputException if the value is not a number, a non-finite string or a
     *     well-formed array
     */
    public static NumericArray fromJson(String name, Object json) {
        if (json instanceof Double || json instanceof String) {
            return scalar(element(name, json));
        }
        if (!(json instanceof Map<?, ?> m)) {
            throw new InvalidInputException(name + " must be a number or {\"shape\": [...], \"data\": [...]}, got "
                    + kind(json));
        }
        for (Object k : m.keySet()) {
            if (!"shape".equals(k) && !"data".equals(k)) {
                throw new InvalidInputException(name + " has an unknown field '" + k + "'; an array has only "
                        + "'shape' and 'data'");
            }
        }
        if (!(m.get("shape") instanceof List<?> shapeList)) {
            throw new InvalidInputException(name + " has no 'shape' list");
        }
        Object rawData = m.get("data");
        if (rawData instanceof double[] arr) {
            rawData = java.util.Arrays.stream(arr).boxed().toList(); // a result built in memory
        }
        if (!(rawData instanceof List<?> dataList)) {
            throw new InvalidInputException(name + " has no 'data' list");
        }
        if (shapeList.isEmpty() || shapeList.size() > 2) {
            throw new InvalidInputException(name + ".shape must be [n] or [rows, cols], got " + shapeList.size()
                    + " dimensions");
        }
        int[] shape = new int[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            Object s = shapeList.get(i);
            Double d = s instanceof Integer i0 ? Double.valueOf(i0) : s instanceof Double dd ? dd : null;
            if (d == null || d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new InvalidInputException(name + ".shape[" + i + "] must be a whole number >= 0, got "
                        + Json.write(s));
            }
            shape[i] = (int) d.doubleValue();
            count *= shape[i];
        }
        if (count != dataList.size()) {
            throw new InvalidInputException(name + " has " + dataList.size() + " numbers in 'data' but its shape "
                    + java.util.Arrays.toString(shape) + " needs " + count);
        }
        double[] data = new double[dataList.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = element(name + ".data[" + i + "]", dataList.get(i));
        }
        return new NumericArray(shape, data);
    }

    private static double element(String name, Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof String s) {
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    throw new InvalidInputException(name + " is the string \"" + s
                            + "\"; the only strings allowed for numbers are \"NaN\", \"Infinity\", \"-Infinity\"");
            }
        }
        throw new InvalidInputException(name + " must be a number, got " + kind(o));
    }

    static String kind(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map) {
            return "an object";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof String s) {
            return "the string \"" + (s.length() > 20 ? s.substring(0, 20) + "…" : s) + "\"";
        }
        if (o instanceof Boolean) {
            return o.toString();
        }
        return Json.write(o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericArray a && java.util.Arrays.equals(shape, a.shape)
                && java.util.Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(shape) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NumericArray" + shapeText();
    }
}
