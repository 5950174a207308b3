package org.spectralssl.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small writers for the results directory: CSV tables, JSON objects, number formatting. */
final class Out {
    private Out() {}

    /** A CSV table built row by row; columns in first-seen order. */
    static final class Csv {
        private final List<Map<String, Object>> rows = new ArrayList<>();

        Map<String, Object> row() {
            Map<String, Object> r = new LinkedHashMap<>();
            rows.add(r);
            return r;
        }

        List<Map<String, Object>> rows() {
            return rows;
        }

        void write(Path file) throws IOException {
            List<String> cols = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                for (String k : r.keySet()) {
                    if (!cols.contains(k)) {
                        cols.add(k);
                    }
                }
            }
            StringBuilder b = new StringBuilder(String.join(",", cols)).append('\n');
            for (Map<String, Object> r : rows) {
                for (int i = 0; i < cols.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    b.append(cell(r.get(cols.get(i))));
                }
                b.append('\n');
            }
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        }
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return num(d);
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"").replace('\n', ' ') + '"' : s;
    }

    /** Full precision, Locale.ROOT; "NaN"/"Infinity" as Java writes them. */
    static String num(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** A flat JSON object of strings, numbers, booleans and lists of those. */
    static String json(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            b.append("  ").append(quote(e.getKey())).append(": ").append(value(e.getValue()));
            b.append(++i < m.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? (v instanceof Double ? num(d) : v.toString()) : quote(Double.toString(d));
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(value(o));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return quote(v.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A markdown table. */
    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            b.append("---|");
        }
        b.append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return b.toString();
    }
}
