package org.spectralssl.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The numerical guard of the training loop. After each step's forward and backward it checks that
 * the loss and every gradient are finite and, for st, that the batch covariance's condition number
 * (over its structural rank min(d, m − 1)) is within {@code guard-max-condition}; after the
 * optimiser step, that every parameter is finite. A step that throws an arithmetic or input error
 * inside the objective counts as bad too.
 *
 * <p>On a bad step it writes the evidence to {@code DIR/guard/event-N.json} (the step, the batch's
 * image indices, the loss and its terms, each view's input and output spectrum and the stabilisers
 * that acted, the non-finite gradients or parameters) and then, by policy:
 * <ul>
 *   <li>{@code rollback} (default): the run returns to its last checkpoint (the in-memory copy of it)
 *       and continues with the next remedy level k = 1, 2, …: learning rate ×0.5^k; st becomes IterNorm
 *       (T = 4, then halved: the Newton iteration has no λ^(−p) to overflow); intl, intl-ema and iternorm
 *       halve T (at least 1). After {@code guard-retries} rollbacks the next bad step stops the run.</li>
 *   <li>{@code stop}: the run stops at the first bad step.</li>
 * </ul>
 * A stop is an error with one line naming the reason and the evidence file; every event, and the
 * remedy in force at the end, is in summary.json, and metrics have the cumulative
 * {@code guard_rollbacks}. Nothing is hidden: a run that needed the guard says so.
 */
final class Guard {
    /** What to do on a bad step. */
    enum Policy {
        ROLLBACK("rollback"),
        STOP("stop");

        private final String id;

        Policy(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        static Policy parse(String s) {
            for (Policy p : values()) {
                if (p.id.equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new InvalidInputException("guard must be rollback or stop, got '" + s + "'");
        }
    }

    /** The objective and learning-rate factor in force at a remedy level. */
    record Remedy(int level, Method method, Method.Settings settings, double lrScale) {
        String describe() {
            if (level == 0) {
                return "none";
            }
            StringBuilder b = new StringBuilder(method.id());
            if (method == Method.INTL || method == Method.INTL_EMA || method == Method.ITERNORM) {
                b.append(" T=").append(settings.iterations());
            }
            return b.append(String.format(Locale.ROOT, ", lr x%s", TrainConfig.num(lrScale))).toString();
        }
    }

    static final String DIR = "guard";

    private final TrainConfig config;
    private final Path runDir;
    private int rollbacks;
    private int level;
    private final List<Map<String, Object>> events = new ArrayList<>();

    Guard(TrainConfig config, Path runDir) {
        this.config = config;
        this.runDir = runDir;
    }

    /**
     * Runs the config's objective once on V random m×d batches before anything is written, so that a
     * setting the objective refuses for every batch of that shape (the β rule for n ≤ 8, say) is a
     * one-line config error and not, later, a bad step for the guard.
     */
    static void preflight(TrainConfig c) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        List<org.ejml.data.DMatrixRMaj> views = new ArrayList<>();
        for (int v = 0; v < c.views(); v++) {
            org.ejml.data.DMatrixRMaj z = new org.ejml.data.DMatrixRMaj(c.batch(), c.projectorOut());
            for (int k = 0; k < z.data.length; k++) {
                z.data[k] = org.spectralssl.data.Seeds.gaussian(rnd);
            }
            views.add(z);
        }
        try {
            c.method().evaluate(views, c.objective(), 1);
        } catch (InvalidInputException | ArithmeticException e) {
            throw new InvalidInputException("the config's objective " + (e instanceof ArithmeticException
                    ? "fails on random" : "refuses") + " batches of " + c.batch() + " × " + c.projectorOut() + ": "
                    + e.getMessage());
        }
    }

    /** The remedy of level k for a config (level 0: the config's own objective and lr). */
    static Remedy remedy(TrainConfig c, int k) {
        Method m = c.method();
        Method.Settings s = c.objective();
        if (k == 0) {
            return new Remedy(0, m, s, 1);
        }
        double lrScale = Math.pow(0.5, k);
        if (m == Method.ST) {
            WhiteningMode mode = s.mode() != null ? s.mode() : Method.ST.defaultMode();
            int t = Math.max(1, IterNorm.DEFAULT_ITERATIONS >> (k - 1));
            return new Remedy(k, Method.ITERNORM, new Method.Settings(mode, t, s.beta(), s.power(), s.float32Loss()),
                    lrScale);
        }
        if (m == Method.INTL || m == Method.INTL_EMA || m == Method.ITERNORM) {
            int t = Math.max(1, s.iterations() >> k);
            return new Remedy(k, m, new Method.Settings(s.mode(), t, s.beta(), s.power(), s.float32Loss()), lrScale);
        }
        return new Remedy(k, m, s, lrScale);
    }

    Remedy remedy() {
        return remedy(config, level);
    }

    int rollbacks() {
        return rollbacks;
    }

    /** The guard's state for a checkpoint. */
    Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rollbacks", rollbacks);
        m.put("level", level);
        m.put("events", TrainState.copyMap(Map.of("e", events)).get("e"));
        return m;
    }

    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> state) {
        rollbacks = (Integer) state.get("rollbacks");
        level = (Integer) state.get("level");
        events.clear();
        for (Object e : (List<Object>) state.get("events")) {
            events.add((Map<String, Object>) e);
        }
    }

    /** A fresh state: no rollback, remedy level 0. */
    static Map<String, Object> initialState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rollbacks", 0);
        m.put("level", 0);
        m.put("events", new ArrayList<>());
        return m;
    }

    /** Why a step's result is bad, or null when it is fine: loss, gradients, and (st) the condition number. */
    String inspect(Method.Evaluation ev, Remedy r, List<Parameter> params) {
        double loss = ev.loss().value();
        if (!Double.isFinite(loss)) {
            return "loss is " + loss;
        }
        for (Map.Entry<String, Double> t : ev.loss().terms().entrySet()) {
            if (!Double.isFinite(t.getValue())) {
                return "loss term " + t.getKey() + " is " + t.getValue();
            }
        }
        String g = firstNonFinite(params, true);
        if (g != null) {
            return g;
        }
        if (r.method() == Method.ST && config.guardMaxCondition() > 0) {
            for (int v = 0; v < ev.whitenings().size(); v++) {
                double k = structuralCondition(ev.whitenings().get(v).report());
                if (!(k <= config.guardMaxCondition())) {
                    return String.format(Locale.ROOT, "condition number %.3g of view %d's covariance exceeds "
                            + "guard-max-condition %s", k, v, TrainConfig.num(config.guardMaxCondition()));
                }
            }
        }
        return null;
    }

    /** Why the parameters are bad after the optimiser step, or null. */
    String inspectParameters(List<Parameter> params) {
        return firstNonFinite(params, false);
    }

    /**
     * λ_max/λ_r over the r = min(d, m − 1) largest eigenvalues of the covariance, the most a centred
     * m×d batch can have non-zero: the rank-deficient rest is structural (samples mode with m &gt; d),
     * handled by the floor, and not ill-conditioning of the data. +∞ when λ_r ≤ 0.
     */
    double structuralCondition(SpectrumReport rep) {
        double[] asc = rep.eigenvaluesIn();
        int r = Math.min(asc.length, Math.min(config.projectorOut(), config.batch() - 1));
        double lo = asc[asc.length - Math.max(1, r)];
        double hi = asc[asc.length - 1];
        return lo > 0 ? hi / lo : Double.POSITIVE_INFINITY;
    }

    private static String firstNonFinite(List<Parameter> params, boolean gradients) {
        for (Parameter p : params) {
            Tensor t = gradients ? p.grad() : p.value();
            for (int k = 0; k < t.size(); k++) {
                double v = t.get(k);
                if (!Double.isFinite(v)) {
                    return (gradients ? "gradient of " : "parameter ") + p.name() + " is " + v + " at index " + k;
                }
            }
        }
        return null;
    }

    /** True when the policy allows another rollback. */
    boolean mayRollBack() {
        return config.guard() == Policy.ROLLBACK && rollbacks < config.guardRetries();
    }

    /**
     * Records a bad step: writes the evidence file and adds the event; when {@code rolledBackTo} is
     * not negative, counts the rollback and raises the remedy level.
     *
     * @param ev the step's evaluation, or null when the step threw
     * @return the event (as in summary.json)
     */
    Map<String, Object> record(String reason, int epoch, int batch, long step, int[] images, Method.Evaluation ev,
            List<Parameter> params, long rolledBackTo) throws IOException {
        Remedy before = remedy();
        int n = events.size() + 1;
        Path file = runDir.resolve(DIR).resolve(String.format(Locale.ROOT, "event-%d-step-%d.json", n, step));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", n);
        event.put("epoch", epoch);
        event.put("step", step);
        event.put("reason", reason);
        event.put("remedy_in_force", before.describe());
        if (rolledBackTo >= 0) {
            rollbacks++;
            level++;
            event.put("action", "rolled back to step " + rolledBackTo + ", retrying with " + remedy().describe());
        } else {
            event.put("action", config.guard() == Policy.STOP ? "stopped (guard = stop)"
                    : "stopped after " + rollbacks + " rollbacks (guard-retries = " + config.guardRetries() + ")");
        }
        event.put("evidence", runDir.relativize(file).toString().replace('\\', '/'));

        Map<String, Object> evidence = new LinkedHashMap<>(event);
        evidence.put("batch_in_epoch", batch);
        List<Object> idx = new ArrayList<>();
        for (int i : images) {
            idx.add(i);
        }
        evidence.put("image_indices", idx);
        evidence.put("method", before.method().id());
        evidence.put("iterations", before.settings().iterations());
        evidence.put("power", before.settings().power());
        evidence.put("lr_scale", before.lrScale());
        if (ev != null) {
            evidence.put("loss", ev.loss().value());
            evidence.put("loss_terms", new LinkedHashMap<>(ev.loss().terms()));
            List<Object> views = new ArrayList<>();
            for (Whitening w : ev.whitenings()) {
                SpectrumReport r = w.report();
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("condition_number", r.conditionNumber());
                v.put("structural_condition_number", structuralCondition(r));
                v.put("smallest_eigenvalue", r.smallestEigenvalue());
                v.put("largest_eigenvalue", r.largestEigenvalue());
                v.put("floored_eigenvalues", r.flooredEigenvalues());
                v.put("zero_trace_guard", r.zeroTraceGuard());
                v.put("stabiliser_actions", new ArrayList<Object>(r.actions()));
                v.put("eigenvalues_in", Trainer.descending(r.eigenvaluesIn()));
                v.put("eigenvalues_out", Trainer.descending(r.eigenvaluesOut()));
                views.add(v);
            }
            evidence.put("views", views);
        }
        List<Object> bad = new ArrayList<>();
        for (Parameter p : params) {
            int nanGrad = 0;
            int nanVal = 0;
            double maxGrad = 0;
            for (int k = 0; k < p.value().size(); k++) {
                double g = p.grad().get(k);
                if (!Double.isFinite(g)) {
                    nanGrad++;
                } else {
                    maxGrad = Math.max(maxGrad, Math.abs(g));
                }
                if (!Double.isFinite(p.value().get(k))) {
                    nanVal++;
                }
            }
            if (nanGrad > 0 || nanVal > 0) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("parameter", p.name());
                q.put("non_finite_gradients", nanGrad);
                q.put("non_finite_values", nanVal);
                q.put("largest_finite_gradient", maxGrad);
                bad.add(q);
            }
        }
        evidence.put("non_finite_parameters", bad);
        Files.createDirectories(file.getParent());
        CheckpointStore.writeAtomically(file, CheckpointStore.FILES,
                JsonText.pretty(evidence).getBytes(StandardCharsets.UTF_8));
        events.add(event);
        return event;
    }

    /** The guard's fields of summary.json. */
    void summarise(Map<String, Object> summary) {
        summary.put("guard", config.guard().id());
        summary.put("guard_rollbacks", rollbacks);
        summary.put("guard_remedy", remedy().describe());
        summary.put("guard_events", TrainState.copyMap(Map.of("e", events)).get("e"));
    }
}
