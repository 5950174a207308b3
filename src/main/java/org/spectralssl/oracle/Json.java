package org.spectralssl.oracle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralssl.linalg.InvalidInputException;

/**
 * A small, strict JSON reader and writer (RFC 8259), so that the oracle needs no JSON library.
 *
 * <p>Reading gives {@link LinkedHashMap} (key order kept), {@link ArrayList}, {@link Double},
 * {@link String}, {@link Boolean} and {@code null}. Strict: a repeated key, a trailing comma, a
 * leading zero, a bare NaN or Infinity, a control character inside a string, a number beyond the
 * float64 range or anything after the top-level value is an error. Every error is one line,
 * {@code JSON error at line L, column C: …}, thrown as an {@link InvalidInputException}.
 *
 * <p>Writing accepts the reader's types plus {@link Integer}, {@link Long} and {@code double[]}.
 * A double is written as the shortest decimal that {@link Double#toString} gives, checked to read
 * back as the same double (falling back to the exact decimal expansion if it ever does not), so
 * a written file is exact. NaN and ±∞, which JSON has no numbers for, are written as the strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (FORMAT.md §1).
 */
public final class Json {
    /** Nesting deeper than this is refused, so that hostile input cannot exhaust the stack. */
    public static final int MAX_DEPTH = 256;

    private Json() {}

    // ---------------------------------------------------------------------------------- reading

    /** Parses one JSON text. */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the end of the JSON value");
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    if (s.startsWith("NaN", pos) || s.startsWith("Infinity", pos)) {
                        throw error("bare " + (c == 'N' ? "NaN" : "Infinity")
                                + " is not JSON; write it as a string, \"NaN\" or \"Infinity\"");
                    }
                    throw error("unexpected " + describeHere() + ", expected a value");
            }
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++; // '{'
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("unexpected " + describeHere() + ", expected a string key in an object");
                }
                int keyLine = pos;
                String key = string();
                skipWhitespace();
                expect(':', "after an object key");
                skipWhitespace();
                Object v = value(depth + 1);
                if (m.containsKey(key)) {
                    pos = keyLine;
                    throw error("key \"" + key + "\" appears twice in one object");
                }
                m.put(key, v);
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                    if (peek() == '}') {
                        throw error("trailing comma before '}'");
                    }
                } else if (c == '}') {
                    pos++;
                    return m;
                } else {
                    throw error("unexpected " + describeHere() + ", expected ',' or '}' in an object");
                }
            }
        }

        private List<Object> array(int depth) {
            List<Object> a = new ArrayList<>();
            pos++; // '['
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return a;
            }
            while (true) {
                skipWhitespace();
                a.add(value(depth + 1));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                    if (peek() == ']') {
                        throw error("trailing comma before ']'");
                    }
                } else if (c == ']') {
                    pos++;
                    return a;
                } else {
                    throw error("unexpected " + describeHere() + ", expected ',' or ']' in an array");
                }
            }
        }

        private String string() {
            int start = pos;
            pos++; // opening quote
            StringBuilder b = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    pos = start;
                    throw error("string is not closed");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = b == null ? s.substring(runStart, pos) : b.append(s, runStart, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw error("control character U+" + String.format("%04X", (int) c)
                            + " inside a string; escape it");
                }
                if (c == '\\') {
                    if (b == null) {
                        b = new StringBuilder();
                    }
                    b.append(s, runStart, pos);
                    pos++;
                    if (pos >= s.length()) {
                        throw error("unexpected end of input inside an escape");
                    }
                    char e = s.charAt(pos);
                    switch (e) {
                        case '"' -> b.append('"');
                        case '\\' -> b.append('\\');
                        case '/' -> b.append('/');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            if (pos + 4 >= s.length()) {
                                throw error("\\u escape needs four hex digits");
                            }
                            int code = 0;
                            for (int i = 1; i <= 4; i++) {
                                int h = Character.digit(s.charAt(pos + i), 16);
                                if (h < 0) {
                                    pos += i;
                                    throw error("\\u escape needs four hex digits");
                                }
                                code = code * 16 + h;
                            }
                            b.append((char) code);
                            pos += 4;
                        }
                        default -> throw error("invalid escape \\" + e + " in a string");
                    }
                    pos++;
                    runStart = pos;
                    continue;
                }
                pos++;
            }
        }

        private Double number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (Character.isDigit(peek())) {
                    throw error("a number may not have a leading zero");
                }
            } else if (Character.isDigit(peek())) {
                digits();
            } else {
                throw error("'-' must be followed by a digit");
            }
            if (peek() == '.') {
                pos++;
                if (!Character.isDigit(peek())) {
                    throw error("a decimal point must be followed by a digit");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!Character.isDigit(peek())) {
                    throw error("an exponent must have digits");
                }
                digits();
            }
            String text = s.substring(start, pos);
            double v = Double.parseDouble(text);
            if (Double.isInfinite(v)) {
                pos = start;
                throw error("number " + text + " is beyond the float64 range");
            }
            return v;
        }

        private void digits() {
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected " + describeHere() + ", expected a value");
            }
            pos += word.length();
            return v;
        }

        private void expect(char c, String where) {
            if (peek() != c) {
                throw error("unexpected " + describeHere() + ", expected '" + c + "' " + where);
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        String describeHere() {
            if (pos >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(pos);
            if (c < 0x20 || c == 0x7f) {
                return "character U+" + String.format("%04X", (int) c);
            }
            return "'" + c + "'";
        }

        InvalidInputException error(String message) {
            int line = 1;
            int col = 1;
            int end = Math.min(pos, s.length());
            for (int i = 0; i < end; i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            return new InvalidInputException("JSON error at line " + line + ", column " + col + ": " + message);
        }
    }

    // ---------------------------------------------------------------------------------- writing

    /** Writes a value as compact JSON on one line (no newline inside, as the JSON-lines protocol needs). */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        new Writer(b, false).value(value, 0);
        return b.toString();
    }

    /**
     * Writes a value indented by two spaces per level; an array of numbers is wrapped at about 100
     * characters a line, so that a matrix neither becomes one number per line nor one endless line.
     */
    public static String writePretty(Object value) {
        StringBuilder b = new StringBuilder();
        new Writer(b, true).value(value, 0);
        return b.append('\n').toString();
    }

    /**
     * The JSON text of a double: the shortest round-trip decimal, or for NaN and ±∞ the strings
     * of FORMAT.md §1.
     */
    public static String number(double x) {
        if (Double.isNaN(x)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        String t = Double.toString(x);
        if (Double.doubleToRawLongBits(Double.parseDouble(t)) == Double.doubleToRawLongBits(x)) {
            return t;
        }
        // Never expected on a conforming JDK; exactness matters more than brevity.
        return new BigDecimal(x).toString();
    }

    private static final class Writer {
        private static final int WRAP = 100;
        private final StringBuilder b;
        private final boolean pretty;

        Writer(StringBuilder b, boolean pretty) {
            this.b = b;
            this.pretty = pretty;
        }

        void value(Object v, int depth) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof String str) {
                string(str);
            } else if (v instanceof Boolean bool) {
                b.append(bool ? "true" : "false");
            } else if (v instanceof Double dbl) {
                b.append(number(dbl));
            } else if (v instanceof Float f) {
                b.append(number(f.doubleValue()));
            } else if (v instanceof Integer || v instanceof Long) {
                b.append(v);
            } else if (v instanceof double[] arr) {
                numbers(arr, depth);
            } else if (v instanceof Map<?, ?> map) {
                object(map, depth);
            } else if (v instanceof List<?> list) {
                list(list, depth);
            } else {
                throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
            }
        }

        private void object(Map<?, ?> map, int depth) {
            if (map.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                newline(depth + 1);
                string(key);
                b.append(pretty ? ": " : ":");
                value(e.getValue(), depth + 1);
            }
            newline(depth);
            b.append('}');
        }

        private void list(List<?> list, int depth) {
            boolean allNumbers = !list.isEmpty();
            for (Object o : list) {
                if (!(o instanceof Number)) {
                    allNumbers = false;
                    break;
                }
            }
            if (allNumbers) {
                double[] arr = new double[list.size()];
                boolean integral = true;
                for (int i = 0; i < arr.length; i++) {
                    Object o = list.get(i);
                    integral &= o instanceof Integer || o instanceof Long;
                    arr[i] = ((Number) o).doubleValue();
                }
                if (!integral) {
                    numbers(arr, depth);
                    return;
                }
            }
            if (list.isEmpty()) {
                b.append("[]");
                return;
            }
            boolean inline = !pretty || list.stream().allMatch(o -> !(o instanceof Map) && !(o instanceof List));
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(inline && pretty ? ", " : ",");
                }
                if (!inline) {
                    newline(depth + 1);
                }
                value(list.get(i), depth + 1);
            }
            if (!inline) {
                newline(depth);
            }
            b.append(']');
        }

        private void numbers(double[] arr, int depth) {
            if (arr.length == 0) {
                b.append("[]");
                return;
            }
            b.append('[');
            int lineStart = b.length();
            boolean wrapped = false;
            for (int i = 0; i < arr.length; i++) {
                String t = number(arr[i]);
                if (i > 0) {
                    b.append(',');
                    if (pretty && b.length() - lineStart + t.length() > WRAP) {
                        newline(depth + 1);
                        lineStart = b.length();
                        wrapped = true;
                    }
                }
                b.append(t);
            }
            if (wrapped) {
                newline(depth);
            }
            b.append(']');
        }

        private void newline(int depth) {
            if (pretty) {
                b.append('\n');
                b.append("  ".repeat(depth));
            }
        }

        private void string(String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
