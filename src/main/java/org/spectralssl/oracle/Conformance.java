package org.spectralssl.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.loss.BarlowTwinsLoss;
import org.spectralssl.loss.VicregLoss;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The conformance runner (FORMAT.md §6): sends generated cases to a foreign implementation,
 * checks its answers against the reference ({@link Evaluator}) under the tolerance model, and
 * against properties that need no reference:
 * <ul>
 *   <li>its gradients are the gradients of its own loss (central differences along a random
 *       direction, Richardson-extrapolated);</li>
 *   <li>swapping the two views swaps the gradients and keeps the loss (every two-view op is
 *       symmetric: E12 (a), E13 (a), E15 (a), E16 (a));</li>
 *   <li>ZCA whitening (st, p = 1/2) and W-MSE with ε = 0 of a full-rank batch give an output
 *       covariance of I (E5 (b), E14 (a)).</li>
 * </ul>
 * Cases grow in size, so the first failure of an op is also its smallest; the report names it
 * with its seed.
 */
public final class Conformance {
    /**
     * Agreement with the gradient property: |⟨g, V⟩ − FD| ≤ FD_RTOL·(Σ|g_i V_i| + |FD|) plus the
     * rounding of the differences (see {@code gradientProperty}).
     */
    static final double FD_RTOL = 1e-6;

    /** How far from I a whitened output covariance may be (relative to 1). */
    static final double WHITE_TOL = 1e-8;

    private Conformance() {}

    /**
     * Settings of a run.
     *
     * @param seed the run's seed; every case's seed derives from it
     * @param ops the ops to test
     * @param rtol the relative tolerance against the reference (atol is field-scaled, FORMAT.md §4)
     */
    public record Options(long seed, Set<Op> ops, double rtol) {
        public Options {
            ops = Set.copyOf(ops);
            if (!(rtol > 0) || !Double.isFinite(rtol)) {
                throw new InvalidInputException("rtol must be a finite number > 0, got " + rtol);
            }
        }
    }

    /**
     * One generated case.
     *
     * @param spec the case (its id is set)
     * @param seed the seed of its inputs
     * @param template what kind of case it is, in words
     */
    public record Generated(CaseSpec spec, long seed, String template) {
        public int size() {
            return spec.z1().getNumElements();
        }

        public String describe() {
            CaseSpec c = spec;
            return c.id() + " (" + c.op().id() + (c.mode() != null ? ", " + c.mode().id() + ", " + c.divisor().id() : "")
                    + ", m = " + c.z1().numRows + ", d = " + c.z1().numCols + ", " + template + ", seed " + seed + ")";
        }
    }

    // -------------------------------------------------------------------------------- generation

    private record Template(WhiteningMode mode, Divisor divisor, CaseSpec.Params params, String kind, String words) {}

    private static final int[][] FEATURE_SIZES = {{8, 3}, {16, 6}, {40, 12}};
    private static final int[][] REPEATED_FEATURE_SIZES = {{8, 4}, {32, 16}};

    private static List<Template> templates(Op op) {
        WhiteningMode f = WhiteningMode.FEATURES;
        WhiteningMode s = WhiteningMode.SAMPLES;
        Divisor u = Divisor.UNBIASED;
        Divisor b = Divisor.BIASED;
        List<Template> t = new ArrayList<>();
        switch (op) {
            case ST -> {
                CaseSpec.StParams zca = CaseSpec.StParams.DEFAULTS;
                t.add(new Template(f, u, zca, "gauss", "ZCA whitening"));
                t.add(new Template(s, u, zca, "gauss", "ZCA whitening of the Gram matrix"));
                t.add(new Template(f, b, new CaseSpec.StParams(CaseSpec.Family.POWER, 0.25, Stabilisation.DEFAULT, 0),
                        "meanshift", "p = 1/4, biased divisor, mean 1000"));
                t.add(new Template(f, u, new CaseSpec.StParams(CaseSpec.Family.EXP, -0.5, Stabilisation.DEFAULT, 0),
                        "gauss", "g = exp(-λ/2)"));
                t.add(new Template(s, u, new CaseSpec.StParams(CaseSpec.Family.POWER, 0.75, Stabilisation.DEFAULT, 0.1),
                        "gauss", "p = 3/4, β = 0.1"));
                t.add(new Template(f, u, zca, "repeated", "ZCA at exactly repeated eigenvalues"));
                t.add(new Template(s, u, zca, "repeated", "ZCA at exactly repeated eigenvalues of the Gram matrix"));
            }
            case ITERNORM -> {
                for (int iters : new int[] {0, 1, 2, 4}) {
                    t.add(new Template(f, u, new CaseSpec.IterParams(iters, OptionalDouble.empty()), "gauss",
                            "T = " + iters));
                    t.add(new Template(s, u, new CaseSpec.IterParams(iters, OptionalDouble.empty()), "gauss",
                            "T = " + iters + ", Gram matrix"));
                }
                t.add(new Template(f, b, new CaseSpec.IterParams(4, OptionalDouble.empty()), "meanshift",
                        "T = 4, biased divisor, mean 1000"));
                t.add(new Template(f, u, new CaseSpec.IterParams(4, OptionalDouble.of(0.05)), "repeated",
                        "T = 4, β = 0.05, repeated eigenvalues"));
            }
            case INTL -> {
                t.add(new Template(s, u, new CaseSpec.IterParams(4, OptionalDouble.empty()), "gauss", "INTL as published"));
                t.add(new Template(f, u, new CaseSpec.IterParams(4, OptionalDouble.empty()), "gauss", "features mode"));
                t.add(new Template(s, b, new CaseSpec.IterParams(2, OptionalDouble.empty()), "meanshift",
                        "T = 2, biased divisor, mean 1000"));
                t.add(new Template(s, u, new CaseSpec.IterParams(4, OptionalDouble.empty()), "repeated",
                        "repeated eigenvalues"));
            }
            case TRACE_LOSS -> {
                t.add(new Template(f, u, new CaseSpec.NoParams(op), "gauss", "features"));
                t.add(new Template(s, u, new CaseSpec.NoParams(op), "gauss", "samples"));
                t.add(new Template(s, b, new CaseSpec.NoParams(op), "meanshift", "samples, biased, mean 1000"));
            }
            case ALIGNMENT -> {
                t.add(new Template(null, null, new CaseSpec.NoParams(op), "gauss", "alignment"));
                t.add(new Template(null, null, new CaseSpec.NoParams(op), "meanshift", "mean 1000"));
            }
            case WMSE -> {
                t.add(new Template(f, u, new CaseSpec.WmseParams(0), "gauss", "W-MSE as published"));
                t.add(new Template(f, u, new CaseSpec.WmseParams(0.1), "meanshift", "ε = 0.1, mean 1000"));
                t.add(new Template(s, u, new CaseSpec.WmseParams(0), "gauss", "Gram matrix"));
                t.add(new Template(f, b, new CaseSpec.WmseParams(0), "gauss", "biased divisor"));
            }
            case BARLOW_TWINS -> {
                t.add(new Template(null, null, new CaseSpec.BarlowTwinsParams(BarlowTwinsLoss.Params.DEFAULTS), "gauss",
                        "Barlow Twins as published"));
                t.add(new Template(null, null, new CaseSpec.BarlowTwinsParams(new BarlowTwinsLoss.Params(0.01, 1e-5)),
                        "meanshift", "λ = 0.01, mean 1000"));
            }
            case VICREG -> {
                t.add(new Template(null, null, new CaseSpec.VicregParams(VicregLoss.Params.DEFAULTS), "gauss",
                        "VICReg as published"));
                t.add(new Template(null, null, new CaseSpec.VicregParams(new VicregLoss.Params(25, 25, 1, 0.01)),
                        "meanshift", "std_eps = 0.01, mean 1000"));
            }
            default -> throw new IllegalStateException(op.id());
        }
        return t;
    }

    /** The cases of one op, smallest first. Full-rank shapes only, so that no floor acts. */
    public static List<Generated> cases(Op op, long runSeed) {
        List<Generated> out = new ArrayList<>();
        List<Template> ts = templates(op);
        for (int sizeIndex = 0; sizeIndex < FEATURE_SIZES.length; sizeIndex++) {
            for (int ti = 0; ti < ts.size(); ti++) {
                Template t = ts.get(ti);
                boolean repeated = t.kind().equals("repeated");
                if (repeated && sizeIndex >= REPEATED_FEATURE_SIZES.length) {
                    continue;
                }
                int[] fs = repeated ? REPEATED_FEATURE_SIZES[sizeIndex] : FEATURE_SIZES[sizeIndex];
                // Features-frame sizes (m > d); samples mode takes the transpose so that n < k too.
                int m = t.mode() == WhiteningMode.SAMPLES ? fs[1] : fs[0];
                int d = t.mode() == WhiteningMode.SAMPLES ? fs[0] : fs[1];
                long seed = runSeed * 1_000_003L + op.ordinal() * 10_000L + out.size();
                Inputs in = switch (t.kind()) {
                    case "gauss" -> Inputs.gauss(t.mode(), m, d, seed);
                    case "meanshift" -> Inputs.meanShift(t.mode(), m, d, seed);
                    case "repeated" -> Inputs.repeated(t.mode(), m, d, seed);
                    default -> throw new IllegalStateException(t.kind());
                };
                CaseSpec.Params params = t.params();
                if (params instanceof CaseSpec.IterParams ip && op == Op.INTL && ip.beta().isEmpty()
                        && t.mode().size(m, d) <= 8) {
                    params = new CaseSpec.IterParams(ip.iterations(), OptionalDouble.of(0.05)); // the rule refuses n <= 8
                }
                String id = "conform-" + op.id() + "-" + out.size();
                CaseSpec c = new CaseSpec(id, op, t.mode(), t.divisor(), params, in.z1(),
                        op.views() == 2 ? in.z2() : null);
                out.add(new Generated(c, seed, t.words() + ", " + in.label()));
            }
        }
        out.sort(Comparator.comparingInt(Generated::size));
        return out;
    }

    // -------------------------------------------------------------------------------- running

    /**
     * The outcome of one op.
     *
     * @param op the op
     * @param sent cases sent
     * @param agreed cases whose answer agreed with the reference
     * @param propertyFailures cases that broke a property
     * @param errors cases answered with an error
     * @param smallestFailure the smallest failing case, or null
     * @param problems its problems, one line each
     * @param firstError the first error answer, if any
     */
    public record OpReport(Op op, int sent, int agreed, int propertyFailures, int errors, Generated smallestFailure,
            List<String> problems, String firstError) {
        public boolean unsupported() {
            return sent > 0 && errors == sent;
        }

        public boolean pass() {
            return smallestFailure == null || unsupported();
        }
    }

    /** A whole run. */
    public record Report(String adapter, Options options, List<OpReport> ops) {
        public boolean pass() {
            return ops.stream().allMatch(OpReport::pass) && ops.stream().anyMatch(o -> !o.unsupported());
        }

        public String format() {
            StringBuilder b = new StringBuilder();
            b.append("conformance of ").append(adapter).append(String.format(Locale.ROOT,
                    " (seed %d, rtol %.0e against the reference, atol field-scaled)%n", options.seed(), options.rtol()));
            b.append(String.format(Locale.ROOT, "%-13s %6s %6s %9s %7s  %s%n", "op", "cases", "agree", "property",
                    "errors", "status"));
            for (OpReport o : ops) {
                String status = o.unsupported() ? "UNSUPPORTED" : o.pass() ? "PASS" : "FAIL";
                b.append(String.format(Locale.ROOT, "%-13s %6d %6d %9d %7d  %s%n", o.op().id(), o.sent(), o.agreed(),
                        o.propertyFailures(), o.errors(), status));
            }
            for (OpReport o : ops) {
                if (o.unsupported()) {
                    b.append(o.op().id()).append(": every case answered with an error, e.g. \"").append(o.firstError())
                            .append("\"\n");
                } else if (!o.pass()) {
                    b.append(o.op().id()).append(": smallest failing case ").append(o.smallestFailure().describe())
                            .append('\n');
                    for (String p : o.problems()) {
                        b.append("    ").append(p).append('\n');
                    }
                }
            }
            long failed = ops.stream().filter(o -> !o.pass()).count();
            long unsupported = ops.stream().filter(OpReport::unsupported).count();
            if (pass()) {
                b.append("PASS: ").append(ops.size() - unsupported).append(" op(s) conform");
                if (unsupported > 0) {
                    b.append(", ").append(unsupported).append(" unsupported");
                }
                b.append('\n');
            } else {
                b.append("FAIL: ").append(failed).append(" of ").append(ops.size()).append(" op(s) fail")
                        .append(ops.stream().allMatch(OpReport::unsupported) ? " (no op supported)" : "").append('\n');
            }
            return b.toString();
        }
    }

    /**
     * Runs the conformance checks.
     *
     * @param adapter the implementation under test
     * @param options seed, ops, tolerance
     * @param failureDir where to write the smallest failing case of each op, or null
     */
    public static Report run(Adapter adapter, Options options, Path failureDir) throws IOException {
        List<OpReport> reports = new ArrayList<>();
        for (Op op : Op.values()) {
            if (!options.ops().contains(op)) {
                continue;
            }
            int sent = 0;
            int agreed = 0;
            int propertyFailures = 0;
            int errors = 0;
            Generated smallest = null;
            List<String> smallestProblems = List.of();
            String firstError = null;
            for (Generated g : cases(op, options.seed())) {
                sent++;
                Map<String, Object> ours = Evaluator.evaluate(g.spec());
                List<String> problems = new ArrayList<>();
                boolean agrees = false;
                boolean property = false;
                try {
                    Map<?, ?> ans = adapter.ask(g.spec().toJson());
                    if (ans.get("error") != null) {
                        errors++;
                        String err = String.valueOf(ans.get("error"));
                        firstError = firstError == null ? err : firstError;
                        problems.add("answered with an error: " + err);
                    } else {
                        List<String> vsRef = againstReference(ours, ans, g.spec(), options.rtol());
                        agrees = vsRef.isEmpty();
                        problems.addAll(vsRef);
                        if (agrees || hasRequired(ans, g.spec())) {
                            List<String> props = properties(adapter, g, ans);
                            property = !props.isEmpty();
                            problems.addAll(props);
                        }
                    }
                } catch (Adapter.AdapterException e) {
                    problems.add("protocol: " + e.getMessage());
                }
                if (agrees) {
                    agreed++;
                }
                if (property) {
                    propertyFailures++;
                }
                if (!problems.isEmpty() && smallest == null) {
                    smallest = g;
                    smallestProblems = problems;
                }
            }
            OpReport r = new OpReport(op, sent, agreed, propertyFailures, errors, smallest, smallestProblems, firstError);
            if (failureDir != null && smallest != null && !r.unsupported()) {
                Files.createDirectories(failureDir);
                Path file = failureDir.resolve(smallest.spec().id() + ".json");
                Files.writeString(file, Json.writePretty(smallest.spec().toJson()));
                List<String> withFile = new ArrayList<>(smallestProblems);
                withFile.add("case written to " + file + " (oracle eval it for the reference result)");
                r = new OpReport(op, sent, agreed, propertyFailures, errors, smallest, withFile, firstError);
            }
            reports.add(r);
        }
        return new Report(adapter.describe(), options, reports);
    }

    private static List<String> required(CaseSpec c) {
        return c.op().views() == 2 ? List.of("loss", "grad_z1", "grad_z2") : List.of("loss", "grad_z1");
    }

    private static boolean hasRequired(Map<?, ?> ans, CaseSpec c) {
        return required(c).stream().allMatch(ans::containsKey);
    }

    /** The reference's fields that the answer has, plus the required ones, compared. */
    private static List<String> againstReference(Map<String, Object> ours, Map<?, ?> ans, CaseSpec c, double rtol) {
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ours.entrySet()) {
            if (Checker.META.contains(e.getKey())) {
                continue;
            }
            if (ans.containsKey(e.getKey()) || required(c).contains(e.getKey())) {
                expected.put(e.getKey(), e.getValue());
            }
        }
        Checker.Report r = Checker.compare(expected, ans, Tolerance.fieldScaled(rtol));
        List<String> out = new ArrayList<>();
        for (Checker.FieldCheck f : r.fields()) {
            if (f.pass()) {
                continue;
            }
            if (f.problem() != null) {
                out.add("reference: " + f.field() + ": " + f.problem());
            } else {
                out.add(String.format(Locale.ROOT, "reference: %s disagrees, max abs err %.3e, max rel err %.3e "
                        + "(atol %.2e, rtol %.0e)%s", f.field(), f.maxAbs(), f.maxRel(), f.atol(), f.rtol(),
                        f.worst().isEmpty() ? "" : "; " + f.worst().get(0)));
            }
        }
        return out;
    }

    // -------------------------------------------------------------------------------- properties

    private static List<String> properties(Adapter adapter, Generated g, Map<?, ?> ans)
            throws Adapter.AdapterException {
        List<String> out = new ArrayList<>();
        CaseSpec c = g.spec();
        NumericArray loss;
        List<NumericArray> grads = new ArrayList<>();
        try {
            loss = NumericArray.fromJson("loss", ans.get("loss"));
            grads.add(NumericArray.fromJson("grad_z1", ans.get("grad_z1")));
            if (c.z2() != null) {
                grads.add(NumericArray.fromJson("grad_z2", ans.get("grad_z2")));
            }
        } catch (InvalidInputException e) {
            return List.of("property checks skipped: " + e.getMessage());
        }
        // 1. The gradients are those of the adapter's own loss.
        String fd = gradientProperty(adapter, g, grads);
        if (fd != null) {
            out.add(fd);
        }
        // 2. Swapping the views swaps the gradients and keeps the loss.
        if (c.z2() != null) {
            CaseSpec swapped = new CaseSpec(c.id() + "-swap", c.op(), c.mode(), c.divisor(), c.params(), c.z2(), c.z1());
            Map<?, ?> s = adapter.ask(swapped.toJson());
            Map<String, Object> expect = new LinkedHashMap<>();
            expect.put("loss", loss.toJson());
            expect.put("grad_z1", grads.get(1).toJson());
            expect.put("grad_z2", grads.get(0).toJson());
            Checker.Report r = Checker.compare(expect, s, Tolerance.fieldScaled(1e-10));
            if (!r.pass()) {
                out.add("property: swapping z1 and z2 must keep the loss and swap the gradients (the op is symmetric); "
                        + "differs in " + r.failed());
            }
        }
        // 3. Whitening whitens.
        boolean zca = c.params() instanceof CaseSpec.StParams st && st.family() == CaseSpec.Family.POWER
                && st.coefficient() == 0.5 && st.stabilisation().eps() == 0;
        boolean wmse = c.params() instanceof CaseSpec.WmseParams w && w.eps() == 0;
        if ((zca || wmse) && ans.containsKey("zhat1")) {
            try {
                NumericArray z = NumericArray.fromJson("zhat1", ans.get("zhat1"));
                DMatrixRMaj zhat = new DMatrixRMaj(z.shape()[0], z.shape()[1], true, z.data());
                DMatrixRMaj cov = Covariance.ofBatch(zhat, c.mode(), c.divisor());
                double dev = 0;
                for (int i = 0; i < cov.numRows; i++) {
                    for (int j = 0; j < cov.numCols; j++) {
                        dev = Math.max(dev, Math.abs(cov.get(i, j) - (i == j ? 1 : 0)));
                    }
                }
                if (!(dev <= WHITE_TOL)) {
                    out.add(String.format(Locale.ROOT, "property: the covariance of zhat1 must be I (%s of a full-rank "
                            + "batch), max |C - I| = %.3e", zca ? "ZCA whitening" : "W-MSE with eps = 0", dev));
                }
            } catch (InvalidInputException | NonFiniteException e) {
                out.add("property: zhat1 is not a usable matrix: " + e.getMessage());
            }
        }
        return out;
    }

    /** Central differences of the adapter's loss along a random direction, against ⟨grad, V⟩. */
    private static String gradientProperty(Adapter adapter, Generated g, List<NumericArray> grads)
            throws Adapter.AdapterException {
        CaseSpec c = g.spec();
        SplitMix64 rnd = new SplitMix64(g.seed() ^ 0x5DEECE66DL);
        List<DMatrixRMaj> x = c.z2() != null ? List.of(c.z1(), c.z2()) : List.of(c.z1());
        List<DMatrixRMaj> dir = new ArrayList<>();
        double spread = 0;
        for (DMatrixRMaj a : x) {
            DMatrixRMaj v = new DMatrixRMaj(a.numRows, a.numCols);
            for (int i = 0; i < v.getNumElements(); i++) {
                v.data[i] = 2 * rnd.nextDouble() - 1;
            }
            dir.add(v);
            spread = Math.max(spread, spreadOf(a));
        }
        double h = 1e-4 * (spread > 0 ? spread : 1);
        double analytic = 0;
        double magnitude = 0;
        for (int k = 0; k < x.size(); k++) {
            double[] gd = grads.get(k).data();
            double[] vd = dir.get(k).data;
            if (gd.length != vd.length) {
                return "property: grad_z" + (k + 1) + " has the wrong shape";
            }
            for (int i = 0; i < gd.length; i++) {
                analytic += gd[i] * vd[i];
                magnitude += Math.abs(gd[i] * vd[i]);
            }
        }
        double[] at = new double[4];
        double[] steps = {h, -h, h / 2, -h / 2};
        for (int s = 0; s < 4; s++) {
            List<DMatrixRMaj> shifted = new ArrayList<>();
            for (int k = 0; k < x.size(); k++) {
                DMatrixRMaj a = x.get(k).copy();
                for (int i = 0; i < a.getNumElements(); i++) {
                    a.data[i] += steps[s] * dir.get(k).data[i];
                }
                shifted.add(a);
            }
            CaseSpec sc = new CaseSpec(c.id() + "-fd" + s, c.op(), c.mode(), c.divisor(), c.params(), shifted.get(0),
                    shifted.size() > 1 ? shifted.get(1) : null);
            Map<?, ?> r = adapter.ask(sc.toJson());
            if (r.get("error") != null || !(r.get("loss") instanceof Double l)) {
                return "property: no loss for the finite-difference case " + sc.id() + ": " + r.get("error");
            }
            at[s] = l;
        }
        double d1 = (at[0] - at[1]) / (2 * h);
        double d2 = (at[2] - at[3]) / h;
        double numeric = (4 * d2 - d1) / 3;
        // The differences themselves carry the loss's rounding, about 2⁻⁵²·max(1, |L|) (losses are sums of
        // O(1) terms), divided by h.
        double lossScale = 1;
        for (double v : at) {
            lossScale = Math.max(lossScale, Math.abs(v));
        }
        double roundoff = 64 * 0x1p-52 * lossScale / h;
        if (!(Math.abs(analytic - numeric) <= FD_RTOL * (magnitude + Math.abs(numeric)) + roundoff)) {
            return String.format(Locale.ROOT, "property: the gradients are not those of the loss: <grad, V> = %.12e but "
                    + "central differences of the loss give %.12e (h = %.1e)", analytic, numeric, h);
        }
        return null;
    }

    /** The largest deviation of an entry from its column's mean: the data's own scale, not its offset. */
    private static double spreadOf(DMatrixRMaj a) {
        double s = 0;
        for (int j = 0; j < a.numCols; j++) {
            double mean = 0;
            for (int i = 0; i < a.numRows; i++) {
                mean += a.get(i, j);
            }
            mean /= a.numRows;
            for (int i = 0; i < a.numRows; i++) {
                s = Math.max(s, Math.abs(a.get(i, j) - mean));
            }
        }
        return s;
    }
}
