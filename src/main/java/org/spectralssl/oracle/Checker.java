package org.spectralssl.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Compares an actual result with an expected one field by field under the tolerance model of
 * FORMAT.md §4 and says, per field, the max absolute and relative error and PASS or FAIL, with
 * the worst elements of a failing field.
 */
public final class Checker {
    /** Fields that are metadata, never compared. */
    public static final Set<String> META = Set.of("format", "id", "op", "notes");

    /** How many of the worst elements a failing field lists. */
    private static final int WORST = 3;

    private Checker() {}

    /**
     * One field's comparison.
     *
     * @param field the field name ({@code terms.x} for a term)
     * @param shape the expected shape as text
     * @param maxAbs max |a − b| (∞ where one is non-finite and they differ)
     * @param maxRel max |a − b|/|b| over elements with b ≠ 0
     * @param atol the atol used
     * @param rtol the rtol used
     * @param pass whether every element agrees
     * @param problem why the field could not be compared (missing, wrong shape), or null
     * @param worst the worst elements of a failing field, one line each
     */
    public record FieldCheck(String field, String shape, double maxAbs, double maxRel, double atol, double rtol,
            boolean pass, String problem, List<String> worst) {}

    /**
     * A whole comparison.
     *
     * @param fields the expected fields in order, each compared
     * @param extra fields of the actual result that the expected one lacks (not compared)
     */
    public record Report(List<FieldCheck> fields, List<String> extra) {
        public boolean pass() {
            return fields.stream().allMatch(FieldCheck::pass);
        }

        public List<String> failed() {
            return fields.stream().filter(f -> !f.pass()).map(FieldCheck::field).toList();
        }

        /** The report as text: one line per field, then the worst elements, then the verdict. */
        public String format() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-14s %-12s %12s %12s %10s %10s  %s%n", "field", "shape",
                    "max abs err", "max rel err", "atol", "rtol", "status"));
            for (FieldCheck f : fields) {
                if (f.problem() != null) {
                    b.append(String.format(Locale.ROOT, "%-14s %-12s %12s %12s %10s %10s  FAIL: %s%n", f.field(),
                            f.shape(), "-", "-", "-", "-", f.problem()));
                    continue;
                }
                b.append(String.format(Locale.ROOT, "%-14s %-12s %12.3e %12.3e %10.2e %10.2e  %s%n", f.field(),
                        f.shape(), f.maxAbs(), f.maxRel(), f.atol(), f.rtol(), f.pass() ? "PASS" : "FAIL"));
                for (String w : f.worst()) {
                    b.append("    ").append(w).append('\n');
                }
            }
            if (!extra.isEmpty()) {
                b.append("not compared (absent from the expected result): ").append(String.join(", ", extra))
                        .append('\n');
            }
            List<String> failed = failed();
            if (failed.isEmpty()) {
                b.append("PASS: ").append(fields.size()).append(" fields agree\n");
            } else {
                b.append("FAIL: ").append(failed.size()).append(" of ").append(fields.size())
                        .append(" fields disagree: ").append(String.join(", ", failed)).append('\n');
            }
            return b.toString();
        }
    }

    /**
     * Compares two results.
     *
     * @param expected the reference result (a result object, FORMAT.md §3)
     * @param actual the result to check; an object with an {@code error} fails every field
     * @throws InvalidInputException if the expected result is malformed
     */
    public static Report compare(Map<?, ?> expected, Map<?, ?> actual, Tolerance tol) {
        Map<String, Object> exp = flatten("expected", expected, true);
        String error = actual.get("error") instanceof String s ? s : null;
        Map<String, Object> act = error != null ? Map.of() : flatten("actual", actual, false);
        List<FieldCheck> checks = new ArrayList<>();
        for (Map.Entry<String, Object> e : exp.entrySet()) {
            String field = e.getKey();
            NumericArray b = NumericArray.fromJson("expected " + field, e.getValue());
            double atol = tol.atolFor(field, b);
            if (error != null) {
                checks.add(problem(field, b, "the actual result is an error: " + error));
                continue;
            }
            if (!act.containsKey(field)) {
                checks.add(problem(field, b, "absent from the actual result"));
                continue;
            }
            NumericArray a;
            try {
                a = NumericArray.fromJson("actual " + field, act.get(field));
            } catch (InvalidInputException ex) {
                checks.add(problem(field, b, ex.getMessage()));
                continue;
            }
            if (!java.util.Arrays.equals(a.shape(), b.shape())) {
                checks.add(problem(field, b, "shape " + a.shapeText() + " but " + b.shapeText() + " expected"));
                continue;
            }
            checks.add(compareField(field, a, b, atol, tol.rtol()));
        }
        List<String> extra = new ArrayList<>();
        for (String k : act.keySet()) {
            if (!exp.containsKey(k)) {
                extra.add(k);
            }
        }
        return new Report(checks, extra);
    }

    private static FieldCheck problem(String field, NumericArray b, String why) {
        return new FieldCheck(field, b.shapeText(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, why,
                List.of());
    }

    /** Elementwise |a − b| ≤ atol + rtol·|b|; NaN agrees only with NaN, ±∞ only with itself. */
    public static boolean agree(double a, double b, double atol, double rtol) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= atol + rtol * Math.abs(b);
    }

    private static FieldCheck compareField(String field, NumericArray a, NumericArray b, double atol, double rtol) {
        double maxAbs = 0;
        double maxRel = 0;
        boolean pass = true;
        List<double[]> bad = new ArrayList<>(); // {index, excess}
        double[] ad = a.data();
        double[] bd = b.data();
        for (int i = 0; i < bd.length; i++) {
            double x = ad[i];
            double y = bd[i];
            boolean ok = agree(x, y, atol, rtol);
            double abs;
            if (Double.isNaN(x) && Double.isNaN(y) || x == y) {
                abs = 0;
            } else if (!Double.isFinite(x) || !Double.isFinite(y)) {
                abs = Double.POSITIVE_INFINITY;
            } else {
                abs = Math.abs(x - y);
            }
            maxAbs = Math.max(maxAbs, abs);
            if (y != 0 && Double.isFinite(y)) {
                maxRel = Math.max(maxRel, abs / Math.abs(y));
            }
            if (!ok) {
                pass = false;
                double excess = Double.isFinite(abs) ? abs - (atol + rtol * Math.abs(y)) : Double.POSITIVE_INFINITY;
                bad.add(new double[] {i, excess});
            }
        }
        List<String> worst = new ArrayList<>();
        if (!pass) {
            bad.sort(Comparator.comparingDouble((double[] e) -> -e[1]));
            for (int k = 0; k < Math.min(WORST, bad.size()); k++) {
                int i = (int) bad.get(k)[0];
                worst.add("at " + (b.isScalar() ? "the value" : b.indexText(i)) + ": expected " + Json.number(bd[i])
                        + ", actual " + Json.number(ad[i]));
            }
            if (bad.size() > WORST) {
                worst.add("… " + bad.size() + " of " + bd.length + " elements disagree");
            }
        }
        return new FieldCheck(field, b.shapeText(), maxAbs, maxRel, atol, rtol, pass, null, worst);
    }

    /** The comparable fields of a result, {@code terms} flattened to {@code terms.name}, metadata dropped. */
    private static Map<String, Object> flatten(String which, Map<?, ?> result, boolean strict) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : result.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (META.contains(k) || "error".equals(k)) {
                continue;
            }
            if ("terms".equals(k) && e.getValue() instanceof Map<?, ?> terms) {
                for (Map.Entry<?, ?> t : terms.entrySet()) {
                    out.put("terms." + t.getKey(), t.getValue());
                }
                continue;
            }
            out.put(k, e.getValue());
        }
        if (strict && out.isEmpty()) {
            throw new InvalidInputException("the " + which + " result has no fields to compare");
        }
        return out;
    }
}
