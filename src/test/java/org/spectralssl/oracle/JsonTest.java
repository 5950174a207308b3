package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, 0.0, -0], \"b\": \"x\\n\\u00e9\\\"\", \"c\": true, \"d\": false,"
                + " \"e\": null, \"f\": {}, \"g\": []}\n");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, -2500.0, 0.0, -0.0), m.get("a"));
        assertEquals("x\né\"", m.get("b"));
        assertEquals(Boolean.TRUE, m.get("c"));
        assertEquals(Boolean.FALSE, m.get("d"));
        assertTrue(m.containsKey("e"));
        assertNull(m.get("e"));
        assertEquals(Map.of(), m.get("f"));
        assertEquals(List.of(), m.get("g"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), List.copyOf(m.keySet()), "key order is kept");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) ((List<?>) m.get("a")).get(3)));
    }

    /** Every double, including subnormals, −0, the extremes and random bit patterns, reads back bit-exact. */
    @Test
    void doublesRoundTripExactly() {
        SplittableRandom rnd = new SplittableRandom(1);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
            -Double.MAX_VALUE, 1.0, 0.1, 1e23, 2e23, 1e-5, 2e-3, 9007199254740993.0, Math.nextUp(1.0),
            Math.nextDown(Double.MIN_NORMAL), 5e-324, 4.9e-324, 1.7976931348623157e308};
        for (double x : special) {
            assertRoundTrip(x);
        }
        for (int i = 0; i < 200_000; i++) {
            double x = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isFinite(x)) {
                assertRoundTrip(x);
            }
            assertRoundTrip(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 30)));
        }
    }

    private static void assertRoundTrip(double x) {
        String t = Json.number(x);
        double back = (Double) Json.parse(t);
        assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(back), t);
        double[] arr = {x, -x};
        List<?> l = (List<?>) Json.parse(Json.writePretty(arr));
        assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits((Double) l.get(0)));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsStrings() {
        assertEquals("\"NaN\"", Json.number(Double.NaN));
        assertEquals("\"Infinity\"", Json.number(Double.POSITIVE_INFINITY));
        assertEquals("\"-Infinity\"", Json.number(Double.NEGATIVE_INFINITY));
        assertEquals("[1.0,\"NaN\",\"-Infinity\"]",
                Json.write(new double[] {1, Double.NaN, Double.NEGATIVE_INFINITY}));
    }

    @Test
    void writesCompactAndPrettyFormsThatReadBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote\" backslash\\ tab\t newline\n control\u0001 é");
        m.put("i", 3);
        m.put("l", List.of(1, 2, 3));
        m.put("d", new double[] {0.5, -1e-300});
        m.put("nested", List.of(Map.of("x", 1.5), List.of()));
        m.put("null", null);
        String compact = Json.write(m);
        assertFalse(compact.contains("\n"), "compact JSON is one line: " + compact);
        assertTrue(compact.contains("\"i\":3") && compact.contains("\"l\":[1,2,3]"), compact);
        Object a = Json.parse(compact);
        Object b = Json.parse(Json.writePretty(m));
        assertEquals(a, b);
        assertEquals(m.get("s"), ((Map<?, ?>) a).get("s"));
        assertEquals(List.of(0.5, -1e-300), ((Map<?, ?>) a).get("d"));
    }

    @Test
    void prettyWrapsLongNumberArrays() {
        double[] many = new double[1000];
        java.util.Arrays.fill(many, 0.123456789);
        String text = Json.writePretty(Map.of("data", many));
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 110, "line too long: " + line.length());
        }
        assertEquals(1000, ((List<?>) ((Map<?, ?>) Json.parse(text)).get("data")).size());
    }

    /** Each malformed input gives one line naming line and column of the fault. */
    @Test
    void malformedInputGivesOneLineWithPosition() {
        assertError("{\"a\": 1,}", "line 1, column 9", "trailing comma");
        assertError("[1, 2,]", "line 1, column 7", "trailing comma");
        assertError("{\"a\": 1}\n{", "line 2, column 1", "after the end");
        assertError("{\n  \"a\": 01\n}", "line 2, column 9", "leading zero");
        assertError("{\n  \"a\": NaN\n}", "line 2, column 8", "NaN");
        assertError("[Infinity]", "line 1, column 2", "Infinity");
        assertError("{\"a\": 1, \"a\": 2}", "line 1, column 10", "twice");
        assertError("{\"a\" 1}", "line 1, column 6", "expected ':'");
        assertError("[1 2]", "line 1, column 4", "expected ',' or ']'");
        assertError("\"abc", "line 1, column 1", "not closed");
        assertError("\"a\tb\"", "line 1, column 3", "control character");
        assertError("\"\\x\"", "line 1, column 3", "invalid escape");
        assertError("\"\\u12g4\"", "line 1, column 6", "four hex digits");
        assertError("1e400", "line 1, column 1", "float64 range");
        assertError("-", "line 1, column 2", "digit");
        assertError("1.", "line 1, column 3", "decimal point");
        assertError("1e+", "line 1, column 4", "exponent");
        assertError("", "line 1, column 1", "end of input");
        assertError("tru", "line 1, column 1", "expected a value");
        assertError("{\"a\": [1, 2}", "line 1, column 12", "expected ',' or ']'");
        assertError("[".repeat(Json.MAX_DEPTH + 2), "nesting deeper", "");
    }

    private static void assertError(String text, String where, String what) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Json.parse(text), text);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("JSON error"), e.getMessage());
        assertTrue(e.getMessage().contains(where), "expected '" + where + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
    }
}
