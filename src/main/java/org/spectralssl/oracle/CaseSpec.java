package org.spectralssl.oracle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.loss.BarlowTwinsLoss;
import org.spectralssl.loss.VicregLoss;
import org.spectralssl.loss.WmseLoss;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectrumFunction;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.WhiteningMode;

/**
 * One validated case of FORMAT.md §2: the op, its mode and divisor (null for ops without a
 * covariance), its params with every default filled in, and the views. Parsing is strict and each
 * error is one line naming the field.
 *
 * @param id the case's id, or null
 * @param op what to compute
 * @param mode which matrix is whitened; null when the op has no covariance
 * @param divisor the covariance divisor; null when the op has no covariance
 * @param params the op's params
 * @param z1 view 1, m×d, finite
 * @param z2 view 2, m×d, finite; null for one-view ops
 */
public record CaseSpec(String id, Op op, WhiteningMode mode, Divisor divisor, Params params, DMatrixRMaj z1,
        DMatrixRMaj z2) {
    /** The format name of a case. */
    public static final String FORMAT = "spectral-ssl-case/1";

    /** Refuses absurd iteration counts that would only burn time (the iteration diverges long before). */
    public static final int MAX_ITERATIONS = 1000;

    private static final Set<String> FIELDS = Set.of("format", "id", "op", "mode", "divisor", "params", "z1", "z2");

    public CaseSpec {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(z1, "z1");
        if (op.usesCovariance() != (mode != null) || op.usesCovariance() != (divisor != null)) {
            throw new IllegalArgumentException("mode and divisor must be given exactly for ops with a covariance");
        }
        if (op.views() == 2) {
            if (z2 == null) {
                throw new InvalidInputException("op '" + op.id() + "' takes two views but the case has no z2");
            }
            if (z1.numRows != z2.numRows || z1.numCols != z2.numCols) {
                throw new InvalidInputException("z1 has shape [" + z1.numRows + ", " + z1.numCols + "] but z2 has shape ["
                        + z2.numRows + ", " + z2.numCols + "]; both views must have the same shape");
            }
        } else if (z2 != null) {
            throw new InvalidInputException("op '" + op.id() + "' takes one view but the case has z2");
        }
        if (!params.op().equals(op) && !(params instanceof IterParams && (op == Op.ITERNORM || op == Op.INTL))) {
            throw new IllegalArgumentException("params " + params + " do not belong to op " + op.id());
        }
    }

    /** The params of an op. */
    public sealed interface Params permits StParams, IterParams, NoParams, WmseParams, BarlowTwinsParams,
            VicregParams {
        /** The op these params are for (ITERNORM stands for both iternorm and intl). */
        Op op();

        /** The params as the case's {@code params} object, every value explicit except an absent intl β. */
        Map<String, Object> toJson();
    }

    /** The spectrum function's family for {@code st}. */
    public enum Family {
        POWER("power"),
        EXP("exp");

        private final String id;

        Family(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * Params of {@code st}.
     *
     * @param family power (g = λ^(−p)) or exp (g = e^(aλ))
     * @param coefficient p or a
     * @param stabilisation ridge ε and eigenvalue floor (E9)
     * @param beta trace-loss weight, default 0
     */
    public record StParams(Family family, double coefficient, Stabilisation stabilisation, double beta)
            implements Params {
        /** p = 1/2: ZCA whitening, g(λ) = λ^(−1/2), as {@link SpectrumFunctions#whitening()}. */
        public static final double DEFAULT_P = 0.5;

        /** ST alone is the transform plus the alignment loss (FORMAT.md §2). */
        public static final double DEFAULT_BETA = 0;

        public static final StParams DEFAULTS =
                new StParams(Family.POWER, DEFAULT_P, Stabilisation.DEFAULT, DEFAULT_BETA);

        public StParams {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(stabilisation, "stabilisation");
            requireFinite(family == Family.POWER ? "p" : "a", coefficient);
            requireBeta(beta);
        }

        public SpectrumFunction function() {
            return family == Family.POWER ? SpectrumFunctions.power(coefficient) : SpectrumFunctions.exp(coefficient);
        }

        @Override
        public Op op() {
            return Op.ST;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("g", family.id());
            m.put(family == Family.POWER ? "p" : "a", coefficient);
            m.put("eps", stabilisation.eps());
            m.put("floor_ulps", stabilisation.floorUlps());
            m.put("beta", beta);
            return m;
        }
    }

    /**
     * Params of {@code iternorm} and {@code intl}.
     *
     * @param iterations T
     * @param beta explicit β; empty means 0 for iternorm and the official rule for intl
     */
    public record IterParams(int iterations, OptionalDouble beta) implements Params {
        public IterParams {
            Objects.requireNonNull(beta, "beta");
            if (iterations < 0 || iterations > MAX_ITERATIONS) {
                throw new InvalidInputException("params.T must be a whole number in [0, " + MAX_ITERATIONS + "], got "
                        + iterations);
            }
            if (beta.isPresent()) {
                requireBeta(beta.getAsDouble());
            }
        }

        @Override
        public Op op() {
            return Op.ITERNORM;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("T", iterations);
            if (beta.isPresent()) {
                m.put("beta", beta.getAsDouble());
            }
            return m;
        }
    }

    /**
     * Params of {@code wmse}; mode and divisor are the case's.
     *
     * @param eps shrinkage ε in [0, 1]: A = (1 − ε)Σ + εI (E14)
     */
    public record WmseParams(double eps) implements Params {
        public static final WmseParams DEFAULTS = new WmseParams(WmseLoss.Params.DEFAULTS.eps());

        public WmseParams {
            new WmseLoss.Params(WmseLoss.Params.DEFAULTS.mode(), Divisor.DEFAULT, eps); // validates ε
        }

        /** The core's params for this case. */
        public WmseLoss.Params core(WhiteningMode mode, Divisor divisor) {
            return new WmseLoss.Params(mode, divisor, eps);
        }

        @Override
        public Op op() {
            return Op.WMSE;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eps", eps);
            return m;
        }
    }

    /** Params of {@code barlow_twins}: the core's record (λ, bnEps). */
    public record BarlowTwinsParams(BarlowTwinsLoss.Params core) implements Params {
        public BarlowTwinsParams {
            Objects.requireNonNull(core, "core");
        }

        @Override
        public Op op() {
            return Op.BARLOW_TWINS;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lambda", core.lambda());
            m.put("bn_eps", core.bnEps());
            return m;
        }
    }

    /** Params of {@code vicreg}: the core's record (coefficients and stdEps). */
    public record VicregParams(VicregLoss.Params core) implements Params {
        public VicregParams {
            Objects.requireNonNull(core, "core");
        }

        @Override
        public Op op() {
            return Op.VICREG;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sim_coeff", core.simCoeff());
            m.put("std_coeff", core.stdCoeff());
            m.put("cov_coeff", core.covCoeff());
            m.put("std_eps", core.stdEps());
            return m;
        }
    }

    /** Ops without params. */
    public record NoParams(Op op) implements Params {
        public NoParams {
            if (!op.params().isEmpty()) {
                throw new IllegalArgumentException(op.id() + " has params");
            }
        }

        @Override
        public Map<String, Object> toJson() {
            return new LinkedHashMap<>();
        }
    }

    // ---------------------------------------------------------------------------------- parsing

    /** Parses a case from JSON text. */
    public static CaseSpec parse(String text) {
        return fromJson(Json.parse(text));
    }

    /** Parses a case from a parsed JSON value. */
    public static CaseSpec fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            throw new InvalidInputException("a case must be a JSON object, got " + NumericArray.kind(json));
        }
        for (Object k : m.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new InvalidInputException("unknown case field '" + k + "'; a case has format, id, op, mode, "
                        + "divisor, params, z1, z2");
            }
        }
        if (m.containsKey("format") && !FORMAT.equals(m.get("format"))) {
            throw new InvalidInputException("format is " + Json.write(m.get("format")) + " but this reader knows only \""
                    + FORMAT + "\"");
        }
        String id = null;
        if (m.containsKey("id")) {
            if (!(m.get("id") instanceof String s)) {
                throw new InvalidInputException("id must be a string, got " + NumericArray.kind(m.get("id")));
            }
            id = s;
        }
        if (!m.containsKey("op")) {
            throw new InvalidInputException("the case has no 'op'; known ops: " + Op.known());
        }
        if (!(m.get("op") instanceof String opName)) {
            throw new InvalidInputException("op must be a string, got " + NumericArray.kind(m.get("op")));
        }
        Op op = Op.parse(opName);
        WhiteningMode mode = null;
        Divisor divisor = null;
        if (op.usesCovariance()) {
            mode = m.containsKey("mode") ? WhiteningMode.parse(string(m, "mode")) : op.defaultMode();
            divisor = m.containsKey("divisor") ? Divisor.parse(string(m, "divisor")) : Divisor.DEFAULT;
        } else {
            for (String f : List.of("mode", "divisor")) {
                if (m.containsKey(f)) {
                    throw new InvalidInputException(f + " does not apply to op '" + op.id() + "'; remove it");
                }
            }
        }
        Map<?, ?> params = Map.of();
        if (m.containsKey("params")) {
            if (!(m.get("params") instanceof Map<?, ?> p)) {
                throw new InvalidInputException("params must be an object, got " + NumericArray.kind(m.get("params")));
            }
            params = p;
        }
        for (Object k : params.keySet()) {
            if (!op.params().contains(k)) {
                throw new InvalidInputException("unknown param '" + k + "' for op '" + op.id() + "'; "
                        + (op.params().isEmpty() ? "it takes no params" : "it takes " + String.join(", ", op.params())));
            }
        }
        Params p = parseParams(op, params);
        if (!m.containsKey("z1")) {
            throw new InvalidInputException("the case has no z1");
        }
        DMatrixRMaj z1 = batch("z1", m.get("z1"));
        DMatrixRMaj z2 = null;
        if (m.containsKey("z2")) {
            if (op.views() == 1) {
                throw new InvalidInputException("op '" + op.id() + "' takes one view but the case has z2");
            }
            z2 = batch("z2", m.get("z2"));
        } else if (op.views() == 2) {
            throw new InvalidInputException("op '" + op.id() + "' takes two views but the case has no z2");
        }
        return new CaseSpec(id, op, mode, divisor, p, z1, z2);
    }

    private static Params parseParams(Op op, Map<?, ?> params) {
        switch (op) {
            case ST: {
                Family family = Family.POWER;
                if (params.containsKey("g")) {
                    String g = string(params, "g");
                    family = switch (g) {
                        case "power" -> Family.POWER;
                        case "exp" -> Family.EXP;
                        default -> throw new InvalidInputException("unknown params.g '" + g
                                + "': use 'power' (λ^(−p)) or 'exp' (e^(aλ))");
                    };
                }
                double coefficient;
                if (family == Family.POWER) {
                    if (params.containsKey("a")) {
                        throw new InvalidInputException("params.a is for g = exp; g = power takes p");
                    }
                    coefficient = params.containsKey("p") ? number(params, "p") : StParams.DEFAULT_P;
                } else {
                    if (params.containsKey("p")) {
                        throw new InvalidInputException("params.p is for g = power; g = exp takes a");
                    }
                    if (!params.containsKey("a")) {
                        throw new InvalidInputException("g = exp needs params.a (g(λ) = e^(aλ)); it has no default");
                    }
                    coefficient = number(params, "a");
                }
                double eps = params.containsKey("eps") ? number(params, "eps") : Stabilisation.DEFAULT.eps();
                double floor = params.containsKey("floor_ulps") ? number(params, "floor_ulps")
                        : Stabilisation.DEFAULT.floorUlps();
                requireAtLeastZero("params.eps", eps);
                requireAtLeastZero("params.floor_ulps", floor);
                double beta = params.containsKey("beta") ? number(params, "beta") : StParams.DEFAULT_BETA;
                return new StParams(family, coefficient, new Stabilisation(eps, floor), beta);
            }
            case ITERNORM:
            case INTL: {
                int t = IterNorm.DEFAULT_ITERATIONS;
                if (params.containsKey("T")) {
                    double v = number(params, "T");
                    if (v != Math.rint(v) || v < 0 || v > MAX_ITERATIONS) {
                        throw new InvalidInputException("params.T must be a whole number in [0, " + MAX_ITERATIONS
                                + "], got " + Json.number(v));
                    }
                    t = (int) v;
                }
                OptionalDouble beta = params.containsKey("beta") ? OptionalDouble.of(number(params, "beta"))
                        : OptionalDouble.empty();
                return new IterParams(t, beta);
            }
            case WMSE:
                return new WmseParams(params.containsKey("eps") ? number(params, "eps") : WmseParams.DEFAULTS.eps());
            case BARLOW_TWINS: {
                BarlowTwinsLoss.Params d = BarlowTwinsLoss.Params.DEFAULTS;
                return new BarlowTwinsParams(new BarlowTwinsLoss.Params(
                        params.containsKey("lambda") ? number(params, "lambda") : d.lambda(),
                        params.containsKey("bn_eps") ? number(params, "bn_eps") : d.bnEps()));
            }
            case VICREG: {
                VicregLoss.Params d = VicregLoss.Params.DEFAULTS;
                return new VicregParams(new VicregLoss.Params(
                        params.containsKey("sim_coeff") ? number(params, "sim_coeff") : d.simCoeff(),
                        params.containsKey("std_coeff") ? number(params, "std_coeff") : d.stdCoeff(),
                        params.containsKey("cov_coeff") ? number(params, "cov_coeff") : d.covCoeff(),
                        params.containsKey("std_eps") ? number(params, "std_eps") : d.stdEps()));
            }
            default:
                return new NoParams(op);
        }
    }

    private static String string(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new InvalidInputException(key + " must be a string, got " + NumericArray.kind(v));
        }
        return s;
    }

    private static double number(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Double d)) {
            throw new InvalidInputException("params." + key + " must be a finite number, got " + NumericArray.kind(v));
        }
        return d;
    }

    private static void requireFinite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException("params." + name + " must be finite, got " + v);
        }
    }

    private static void requireAtLeastZero(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new InvalidInputException(name + " must be a finite number >= 0, got " + Json.number(v));
        }
    }

    private static void requireBeta(double beta) {
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new InvalidInputException("params.beta must be a finite number >= 0, got " + Json.number(beta));
        }
    }

    /** Reads a batch: a finite matrix with at least one row and column. */
    private static DMatrixRMaj batch(String name, Object json) {
        NumericArray a = NumericArray.fromJson(name, json);
        if (a.shape().length != 2) {
            throw new InvalidInputException(name + " must be a matrix [m, d] (rows = samples), got shape "
                    + a.shapeText());
        }
        int rows = a.shape()[0];
        int cols = a.shape()[1];
        if (rows < 1 || cols < 1) {
            throw new InvalidInputException(name + " is empty (shape " + a.shapeText() + ")");
        }
        double[] data = a.data();
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new InvalidInputException(name + " has a non-finite value " + data[i] + " at " + a.indexText(i)
                        + "; a case must be finite (FORMAT.md §1)");
            }
        }
        return new DMatrixRMaj(rows, cols, true, data);
    }

    // ---------------------------------------------------------------------------------- writing

    /** The case as JSON (FORMAT.md §2), with the format name and every param explicit. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        if (id != null) {
            m.put("id", id);
        }
        m.put("op", op.id());
        if (op.usesCovariance()) {
            m.put("mode", mode.id());
            m.put("divisor", divisor.id());
        }
        Map<String, Object> p = params.toJson();
        if (!p.isEmpty()) {
            m.put("params", p);
        }
        m.put("z1", NumericArray.json(z1));
        if (z2 != null) {
            m.put("z2", NumericArray.json(z2));
        }
        return m;
    }

    /** The same case with another id. */
    public CaseSpec withId(String newId) {
        return new CaseSpec(newId, op, mode, divisor, params, z1, z2);
    }
}
