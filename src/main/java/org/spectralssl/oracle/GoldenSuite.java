package org.spectralssl.oracle;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.loss.AlignmentLoss;
import org.spectralssl.loss.BarlowTwinsLoss;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.loss.VicregLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.loss.WmseLoss;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.IterNormPolynomial;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The golden suite (FORMAT.md §5): a fixed list of cases, each chosen for a reason, evaluated by
 * {@link Evaluator} and written with a manifest. Deterministic: the inputs come from
 * {@link SplitMix64} with a seed per case, and the output bytes depend only on the code.
 *
 * <p>Regenerate with {@code java -jar target/spectral-ssl.jar oracle emit verification/vectors}.
 */
public final class GoldenSuite {
    /** Bumped when the suite's layout or list changes meaning. */
    public static final int VERSION = 1;

    /** The command that regenerates the checked-in suite. */
    public static final String REGENERATE = "java -jar target/spectral-ssl.jar oracle emit verification/vectors";

    /** The index file's name. */
    public static final String INDEX = "index.json";

    /** Above this n the n×n fields are left out of a vector, to keep the suite small (FORMAT.md §5). */
    public static final int MAX_STORED_N = 128;

    private static final List<String> SQUARE_FIELDS = List.of("transform1", "cov_in1", "cov_out1");

    private static final String WELL_CONDITIONED = "the default: 1e-10, the agreement asked of an independent float64 "
            + "implementation; atol = rtol times the field's largest magnitude (FORMAT.md §4)";

    /**
     * The tolerance of a case where the eigenvalue floor acts: the output along the floored (null)
     * directions of Σ is the eigensolver's rounding noise amplified by c^(−1/2), c = n·2⁻⁵²·λ_max
     * (SPEC E9, "what the floor changes"): about √(2⁻⁵²) ≈ 1.5e-8 of the output's scale, whatever
     * the implementation. Measured against PyTorch/LAPACK: 2e-8 (zhat), 5e-8 (gradients).
     */
    static final double FLOOR_RTOL = 1e-6;

    private static final String FLOOR_REASON = "Σ is singular and the eigenvalue floor acts: along the floored "
            + "directions the output is rounding noise amplified by c^(-1/2) (SPEC E9), about sqrt(2^-52) = 1.5e-8 of "
            + "the field's scale in any float64 implementation (PyTorch/LAPACK: 2e-8 on zhat, 5e-8 on gradients); "
            + "rtol = 1e-6";

    private GoldenSuite() {}

    /** How a kind of input is made. */
    @FunctionalInterface
    interface Kind {
        Inputs make(WhiteningMode mode, int m, int d, long seed);
    }

    /**
     * One vector of the suite.
     *
     * @param seed the seed of its inputs
     * @param op the op
     * @param mode the mode, or null for ops without one (then also no divisor)
     * @param divisor "unbiased" or "biased", or null for the default
     * @param params the case's params as JSON
     * @param m batch size
     * @param d dimension
     * @param kind how the inputs are made
     * @param why why the case is in the suite
     * @param rtol its relative tolerance
     * @param tolReason why that tolerance
     */
    record Entry(long seed, String op, WhiteningMode mode, String divisor, Map<String, Object> params, int m, int d,
            Kind kind, String why, double rtol, String tolReason) {
        Entry withTolerance(double r, String reason) {
            return new Entry(seed, op, mode, divisor, params, m, d, kind, why, r, reason);
        }

        Entry biased() {
            return new Entry(seed, op, mode, "biased", params, m, d, kind, why, rtol, tolReason);
        }
    }

    private static Entry entry(long seed, String op, WhiteningMode mode, Map<String, Object> params, int m, int d,
            Kind kind, String why) {
        return new Entry(seed, op, mode, null, params, m, d, kind, why, Tolerance.DEFAULT_RTOL, WELL_CONDITIONED);
    }

    private static Map<String, Object> p(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Kind rankdef(int r) {
        return (mode, m, d, seed) -> Inputs.rankDeficient(mode, m, d, r, seed);
    }

    private static Kind illcond(int s) {
        return (mode, m, d, seed) -> Inputs.illConditioned(mode, m, d, s, seed);
    }

    private static Kind scaled(double factor, String label) {
        return (mode, m, d, seed) -> Inputs.scaled(mode, m, d, factor, label, seed);
    }

    /** The suite, in a fixed order. Seeds are fixed per entry, so adding an entry changes no other. */
    static List<Entry> entries() {
        WhiteningMode f = WhiteningMode.FEATURES;
        WhiteningMode s = WhiteningMode.SAMPLES;
        List<Entry> e = new ArrayList<>();
        // ---- st (E3, E4, E9, E17)
        e.add(entry(101, "st", f, p(), 32, 8, Inputs::gauss, "ZCA whitening (p = 1/2) of a full-rank d×d covariance"));
        e.add(entry(102, "st", s, p(), 8, 32, Inputs::gauss, "ZCA whitening of the m×m Gram matrix (samples mode)"));
        e.add(entry(103, "st", f, p("p", 0.25), 32, 8, Inputs::meanShift,
                "p = 1/4, partial whitening; centring must remove a mean of 1000"));
        e.add(entry(104, "st", s, p("p", 0.75, "beta", 0.1), 8, 32, Inputs::gauss,
                "p > 1/2 reverses the order of the spectrum; beta > 0 adds the trace losses to the loss"));
        e.add(entry(105, "st", f, p("g", "exp", "a", -0.5), 32, 8, Inputs::gauss, "g(λ) = e^(aλ) (E6)"));
        e.add(entry(106, "st", f, p(), 32, 8, Inputs::gauss, "the biased divisor k").biased());
        e.add(entry(107, "st", f, p(), 64, 16, Inputs::repeated,
                "exactly repeated eigenvalues: the backward needs the divided differences f[λ_i, λ_j] = f′(λ) on "
                        + "ties (E17), where autograd through eigh divides by λ_i − λ_j = 0"));
        e.add(entry(108, "st", s, p(), 16, 64, Inputs::repeated, "exactly repeated eigenvalues of the Gram matrix"));
        e.add(entry(109, "st", f, p(), 32, 8, rankdef(3),
                "rank 3 < d: the eigenvalue floor (E9a) raises the zero eigenvalues; without it λ^(-1/2) is infinite")
                .withTolerance(FLOOR_RTOL, FLOOR_REASON));
        e.add(entry(110, "st", s, p(), 32, 16, Inputs::gauss,
                "samples mode with d < m: the Gram matrix is singular (rank <= d - 1), as with a small embedding; "
                        + "the floor acts").withTolerance(FLOOR_RTOL, FLOOR_REASON));
        e.add(entry(111, "st", f, p("eps", 1e-3), 32, 8, rankdef(3), "the ridge eps (E9b) on a rank-3 covariance"));
        e.add(entry(112, "st", f, p(), 64, 16, illcond(3), "κ(Σ) ≈ 1e6"));
        e.add(entry(113, "st", f, p(), 16, 4, Inputs::constant,
                "a constant view: Σ = 0, the zero-trace guard (E9c) returns 0 with gradient 0"));
        e.add(entry(114, "st", f, p(), 32, 8, scaled(1e-120, "tiny"),
                "inputs of 1e-120: Σ ≈ 1e-240; whitening is scale-invariant and must give the digits of scale 1 (E9d)"));
        e.add(entry(115, "st", f, p("p", 0.25), 32, 8, scaled(1e120, "huge"),
                "inputs of 1e120: Σ ≈ 1e240, p = 1/4, output ∝ scale^(1/2)"));
        e.add(entry(116, "st", f, p(), 256, 32, Inputs::gauss, "a batch of 256"));
        e.add(entry(117, "st", f, p(), 64, 16, Inputs::nearTie,
                "eigenvalues in clusters 1e-9 wide: autograd through eigh divides by their differences and loses "
                        + "digits; the divided differences of E17 do not"));
        // ---- iternorm (E7, E10, E18), T ∈ {0, 1, 2, 4, 8}
        long seed = 201;
        for (int t : new int[] {0, 1, 2, 4, 8}) {
            e.add(entry(seed++, "iternorm", f, p("T", t), 32, 8, Inputs::gauss,
                    "IterNorm with T = " + t + (t == 0 ? " (W = I/√τ: only a rescaling)" : "")));
            e.add(entry(seed++, "iternorm", s, p("T", t), 8, 32, Inputs::gauss,
                    "IterNorm of the Gram matrix with T = " + t));
        }
        e.add(entry(211, "iternorm", f, p("T", 4), 64, 16, Inputs::repeated,
                "exactly repeated eigenvalues: IterNorm has no eigendecomposition, its gradient is smooth there"));
        e.add(entry(212, "iternorm", f, p("T", 4), 32, 8, rankdef(3),
                "rank 3: IterNorm needs no inverse; zero eigenvalues stay zero"));
        e.add(entry(213, "iternorm", f, p("T", 8), 64, 16, illcond(3), "κ(Σ) ≈ 1e6 at T = 8, still convergent"));
        e.add(entry(214, "iternorm", f, p("T", 4), 16, 4, Inputs::constant,
                "a constant view: τ = 0, the zero-trace guard (E9c)"));
        e.add(entry(215, "iternorm", f, p("T", 4), 32, 8, scaled(1e120, "huge"),
                "inputs of 1e120: IterNorm is scale-invariant (E9d)"));
        e.add(entry(216, "iternorm", f, p("T", 4), 32, 8, Inputs::meanShift, "the biased divisor, mean 1000").biased());
        // ---- intl (E13)
        e.add(entry(301, "intl", s, p("T", 4), 16, 32, Inputs::meanShift,
                "INTL as published (samples mode, T = 4, β by the rule: 0.01 at n = 16); mean 1000"));
        e.add(entry(302, "intl", s, p("T", 4), 256, 64, Inputs::gauss,
                "the paper's batch size m = 256 (β = 0.05); d < m, so the Gram matrix has rank <= 63"));
        e.add(entry(303, "intl", f, p("T", 4), 64, 16, Inputs::gauss, "features mode, β by the rule at n = d = 16"));
        e.add(entry(304, "intl", f, p("T", 4), 32, 512, Inputs::gauss,
                "d = 512 in features mode (n = 512, β = 0.06), rank <= 31"));
        e.add(entry(305, "intl", s, p("T", 4, "beta", 0.01), 8, 16, Inputs::gauss,
                "n = 8, where the β rule gives 0 and is refused: β explicit"));
        e.add(entry(306, "intl", s, p("T", 4), 16, 64, Inputs::repeated, "exactly repeated eigenvalues"));
        e.add(entry(307, "intl", f, p("T", 2, "beta", 0.02), 32, 8, Inputs::gauss, "the biased divisor").biased());
        e.add(entry(308, "intl", s, p("T", 8), 16, 32, illcond(2), "κ(Σ) ≈ 1e4 at T = 8"));
        // ---- trace_loss (E11, E20)
        e.add(entry(401, "trace_loss", f, p(), 32, 8, Inputs::gauss, "the trace loss of a view, features mode"));
        e.add(entry(402, "trace_loss", s, p(), 8, 32, Inputs::gauss, "samples mode, biased divisor").biased());
        e.add(entry(403, "trace_loss", s, p(), 16, 32, Inputs::meanShift, "the trace loss re-centres its input"));
        // ---- alignment (E12, E21)
        e.add(entry(501, "alignment", null, p(), 16, 8, Inputs::gauss, "the alignment loss"));
        e.add(entry(502, "alignment", null, p(), 8, 4, Inputs::zeroRow,
                "a zero row: normalisation divides by max(‖z‖, 1e-12), as F.normalize"));
        // ---- wmse (E14, E22)
        e.add(entry(601, "wmse", f, p(), 32, 8, Inputs::gauss, "W-MSE as published (features, ε = 0)"));
        e.add(entry(602, "wmse", f, p("eps", 1e-4), 32, 8, rankdef(3),
                "rank 3: Cholesky needs the shrinkage ε = 1e-4"));
        e.add(entry(603, "wmse", s, p(), 8, 32, Inputs::gauss, "W-MSE of the Gram matrix"));
        e.add(entry(604, "wmse", f, p(), 64, 16, Inputs::meanShift, "biased divisor, mean 1000").biased());
        // ---- barlow_twins (E15, E23)
        e.add(entry(701, "barlow_twins", null, p(), 16, 8, Inputs::gauss, "Barlow Twins as published"));
        e.add(entry(702, "barlow_twins", null, p("lambda", 0.01), 32, 16, Inputs::meanShift,
                "λ = 0.01; standardisation removes a mean of 1000"));
        e.add(entry(703, "barlow_twins", null, p(), 16, 8, Inputs::constant,
                "a constant view standardises to 0 because bn_eps > 0"));
        // ---- vicreg (E16, E24)
        e.add(entry(801, "vicreg", null, p(), 16, 8, Inputs::gauss, "VICReg as published"));
        e.add(entry(802, "vicreg", null, p(), 32, 16, Inputs::meanShift, "mean 1000"));
        e.add(entry(803, "vicreg", null, p(), 16, 8, Inputs::constant,
                "a constant view: std = √std_eps, the hinge is active everywhere"));
        return e;
    }

    /** The case of an entry, parsed by the same strict reader as a user's case. */
    static CaseSpec caseOf(Entry e, Inputs in) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("op", e.op());
        if (e.mode() != null) {
            c.put("mode", e.mode().id());
        }
        if (e.divisor() != null) {
            c.put("divisor", e.divisor());
        }
        c.put("params", e.params());
        c.put("z1", NumericArray.json(in.z1()));
        c.put("z2", NumericArray.json(in.z2()));
        if (Op.parse(e.op()).views() == 1) {
            c.remove("z2");
        }
        return CaseSpec.fromJson(Json.parse(Json.write(c)));
    }

    /** The file name of an entry: op, mode, shape, the params that matter, divisor, input kind. */
    static String name(Entry e, CaseSpec c, Inputs in) {
        List<String> parts = new ArrayList<>();
        parts.add(e.op());
        if (e.mode() != null) {
            parts.add(e.mode().id());
        }
        parts.add("m" + e.m());
        parts.add("d" + e.d());
        if (c.params() instanceof CaseSpec.StParams st) {
            parts.add(st.family() == CaseSpec.Family.POWER ? "p" + compact(st.coefficient())
                    : "exp-a" + compact(st.coefficient()));
            if (st.stabilisation().eps() != 0) {
                parts.add("eps" + compact(st.stabilisation().eps()));
            }
            if (st.stabilisation().floorUlps() != org.spectralssl.spectral.Stabilisation.DEFAULT.floorUlps()) {
                parts.add("floor" + compact(st.stabilisation().floorUlps()));
            }
            if (st.beta() != 0) {
                parts.add("beta" + compact(st.beta()));
            }
        } else if (c.params() instanceof CaseSpec.IterParams it) {
            parts.add("T" + it.iterations());
            if (it.beta().isPresent()) {
                parts.add("beta" + compact(it.beta().getAsDouble()));
            }
        } else {
            for (Map.Entry<String, Object> pe : e.params().entrySet()) {
                parts.add(pe.getKey().replace("_", "") + compact(pe.getValue()));
            }
        }
        if ("biased".equals(e.divisor())) {
            parts.add("biased");
        }
        parts.add(in.label());
        return String.join("-", parts);
    }

    private static String compact(Object v) {
        if (v instanceof Double dv && dv == Math.rint(dv) && Math.abs(dv) < 1e6) {
            return Long.toString((long) dv.doubleValue());
        }
        if (v instanceof Double dv) {
            return Double.toString(dv).replace("E", "e").replace(".0e", "e");
        }
        return String.valueOf(v);
    }

    /** The spec equations a case exercises, read from the core's {@link Equation} annotations. */
    static List<String> equations(CaseSpec c) {
        List<AnnotatedElement> used = new ArrayList<>();
        switch (c.op()) {
            case ST -> {
                used.addAll(List.of(Centering.class, Covariance.class, SpectralTransform.class, SpectrumReport.class,
                        WhiteningLoss.class, AlignmentLoss.class, TraceLoss.class));
                used.add(method(SpectrumFunctions.class,
                        ((CaseSpec.StParams) c.params()).family() == CaseSpec.Family.POWER ? "power" : "exp"));
            }
            case ITERNORM, INTL -> {
                used.addAll(List.of(Centering.class, Covariance.class, IterNorm.class, IterNormPolynomial.class,
                        SpectrumReport.class, WhiteningLoss.class, AlignmentLoss.class, TraceLoss.class));
                if (c.op() == Op.INTL) {
                    used.add(IntlLoss.class);
                }
            }
            case TRACE_LOSS -> used.addAll(List.of(Centering.class, Covariance.class, TraceLoss.class));
            case ALIGNMENT -> used.add(AlignmentLoss.class);
            case WMSE -> used.addAll(List.of(Centering.class, Covariance.class, WmseLoss.class, AlignmentLoss.class));
            case BARLOW_TWINS -> used.add(BarlowTwinsLoss.class);
            case VICREG -> used.addAll(List.of(Centering.class, Covariance.class, VicregLoss.class));
            default -> throw new IllegalStateException(c.op().id());
        }
        TreeSet<String> ids = new TreeSet<>((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)),
                Integer.parseInt(b.substring(1))));
        for (AnnotatedElement el : used) {
            collect(el, ids);
            // Only the class-level equation of these two: their other methods (IterNorm's divided
            // difference, trace bounds, the other spectrum functions) are not on the path of a case.
            if (el instanceof Class<?> cls && cls != SpectrumFunctions.class && cls != IterNormPolynomial.class) {
                for (var mth : cls.getDeclaredMethods()) {
                    collect(mth, ids);
                }
            }
        }
        return List.copyOf(ids);
    }

    private static AnnotatedElement method(Class<?> cls, String name) {
        return Stream.of(cls.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(cls + " has no method " + name));
    }

    private static void collect(AnnotatedElement el, TreeSet<String> ids) {
        Equation eq = el.getAnnotation(Equation.class);
        if (eq != null) {
            ids.addAll(List.of(eq.value()));
        }
    }

    /** One generated vector: its name, file content and index line. */
    record Vector(String name, Map<String, Object> json, Map<String, Object> indexEntry) {}

    /** Generates every vector in memory. */
    public static List<Vector> generate() {
        List<Vector> out = new ArrayList<>();
        for (Entry e : entries()) {
            out.add(generate(e));
        }
        return out;
    }

    static Vector generate(Entry e) {
        Inputs in = e.kind().make(e.mode(), e.m(), e.d(), e.seed());
        CaseSpec c0 = caseOf(e, in);
        String name = name(e, c0, in);
        CaseSpec c = c0.withId(name);
        Map<String, Object> expected = Evaluator.evaluate(c);
        // With a ridge ε > 0 the floored directions are amplified by at most ε^(−p): no noise problem.
        boolean floored = expected.containsKey("notes") && expected.get("notes").toString().contains("eigenvalue floor")
                && !(c.params() instanceof CaseSpec.StParams st && st.stabilisation().eps() > 0);
        if (floored != (e.rtol() == FLOOR_RTOL)) {
            // The tolerance must say why: a floored case at 1e-10 would fail any other implementation.
            throw new IllegalStateException(name + ": the eigenvalue floor " + (floored ? "acts" : "does not act")
                    + " but the entry's tolerance says otherwise; give it FLOOR_RTOL and FLOOR_REASON or remove them");
        }
        int n = c.mode() == null ? 0 : c.mode().size(e.m(), e.d());
        List<String> omitted = new ArrayList<>();
        if (n > MAX_STORED_N) {
            for (String f : SQUARE_FIELDS) {
                if (expected.remove(f) != null) {
                    omitted.add(f);
                }
            }
        }
        Map<String, Object> atol = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : expected.entrySet()) {
            if (Checker.META.contains(f.getKey())) {
                continue;
            }
            if (f.getKey().equals("terms")) {
                for (Map.Entry<?, ?> t : ((Map<?, ?>) f.getValue()).entrySet()) {
                    atol.put("terms." + t.getKey(), Tolerance.scaledAtol(e.rtol(),
                            NumericArray.fromJson("terms", t.getValue())));
                }
                continue;
            }
            atol.put(f.getKey(), Tolerance.scaledAtol(e.rtol(), NumericArray.fromJson(f.getKey(), f.getValue())));
        }
        Map<String, Object> tol = new LinkedHashMap<>();
        tol.put("rtol", e.rtol());
        tol.put("atol", atol);
        tol.put("reason", e.tolReason());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("generator", GoldenSuite.class.getName());
        manifest.put("generator_version", VERSION);
        manifest.put("seed", e.seed());
        manifest.put("rng", "SplitMix64, Gaussians by Box-Muller with StrictMath (oracle.SplitMix64)");
        manifest.put("inputs", in.description());
        manifest.put("why", e.why());
        manifest.put("equations", equations(c));
        manifest.put("tolerance", tol);
        if (!omitted.isEmpty()) {
            manifest.put("omitted", omitted);
            manifest.put("omitted_why", "n = " + n + " > " + MAX_STORED_N + ": the n×n fields would make the file "
                    + "several MB; evaluate the case to see them");
        }
        manifest.put("regenerate", REGENERATE);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("format", Results.VECTOR_FORMAT);
        v.put("name", name);
        v.put("manifest", manifest);
        v.put("case", c.toJson());
        v.put("expected", expected);
        Map<String, Object> idx = new LinkedHashMap<>();
        idx.put("name", name);
        idx.put("file", name + ".json");
        idx.put("op", c.op().id());
        if (c.mode() != null) {
            idx.put("mode", c.mode().id());
            idx.put("divisor", c.divisor().id());
        }
        idx.put("m", e.m());
        idx.put("d", e.d());
        idx.put("inputs", in.label());
        idx.put("why", e.why());
        idx.put("rtol", e.rtol());
        return new Vector(name, v, idx);
    }

    /** Every file of the suite, name → content, the index included. */
    public static SortedMap<String, String> files() {
        SortedMap<String, String> files = new TreeMap<>();
        List<Object> index = new ArrayList<>();
        for (Vector v : generate()) {
            if (files.put(v.name() + ".json", Json.writePretty(v.json())) != null) {
                throw new IllegalStateException("two vectors are named " + v.name());
            }
            index.add(v.indexEntry());
        }
        Map<String, Object> idx = new LinkedHashMap<>();
        idx.put("format", "spectral-ssl-vector-index/1");
        idx.put("generator", GoldenSuite.class.getName());
        idx.put("generator_version", VERSION);
        idx.put("regenerate", REGENERATE);
        idx.put("vectors", index);
        files.put(INDEX, Json.writePretty(idx));
        return files;
    }

    /**
     * Writes the suite into a directory, creating it if needed, and removes vector files of an
     * earlier suite that this one no longer has (only files that are golden vectors).
     *
     * @return the files written
     */
    public static SortedMap<String, String> write(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + " exists and is not a directory");
        }
        return write(dir, files());
    }

    /** Writes the given files (name → content) as {@link #write(Path)} does. */
    static SortedMap<String, String> write(Path dir, SortedMap<String, String> files) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(x -> x.getFileName().toString().endsWith(".json")).toList()) {
                if (!files.containsKey(p.getFileName().toString()) && isVectorFile(p)) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return files;
    }

    private static boolean isVectorFile(Path p) {
        try {
            return Results.isVector(Json.parse(Files.readString(p)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
