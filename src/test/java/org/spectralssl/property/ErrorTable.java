package org.spectralssl.property;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects a measured error per row label (for example per decade of the condition number) and
 * prints the count, mean and maximum, so that the tolerances a property uses are documented by
 * what the suite actually measured. Thread-safe; rows print in label order.
 */
final class ErrorTable {
    private final String title;
    private final Map<String, double[]> rows = new TreeMap<>();

    ErrorTable(String title) {
        this.title = title;
    }

    synchronized void add(String row, double value) {
        double[] r = rows.computeIfAbsent(row, k -> new double[] {0, 0, 0});
        r[0]++;
        r[1] += value;
        r[2] = Math.max(r[2], value);
    }

    /** Row label for a decade: "κ in [1e3, 1e4)" sorts correctly for exponents 0..99 (padded). */
    static String decade(String symbol, double value) {
        int e = value <= 1 ? 0 : (int) Math.floor(Math.log10(value) + 1e-9);
        return String.format(Locale.ROOT, "%s in [1e%02d, 1e%02d)", symbol, e, e + 1);
    }

    synchronized String render() {
        StringBuilder s = new StringBuilder("[table] ").append(title).append('\n');
        s.append(String.format(Locale.ROOT, "  %-44s %6s %12s %12s%n", "", "cases", "mean", "max"));
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            double[] r = e.getValue();
            s.append(String.format(Locale.ROOT, "  %-44s %6d %12.3e %12.3e%n", e.getKey(), (long) r[0], r[1] / r[0],
                    r[2]));
        }
        return s.toString();
    }

    void print() {
        System.out.print(render());
    }
}
