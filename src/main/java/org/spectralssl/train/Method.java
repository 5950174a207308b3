package org.spectralssl.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.BarlowTwinsLoss;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.LossResult;
import org.spectralssl.loss.VicregLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.loss.WmseLoss;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The self-supervised objectives the trainer knows, by the name used on the command line. Each is
 * a pure function of the V projector outputs (m×d each, double) to a loss, its terms and dL/dZ_v;
 * the maths lives in {@code loss/} and {@code spectral/}, this enum only chooses and wires it.
 *
 * <p>Two-view losses (W-MSE, Barlow Twins, VICReg) are extended to V views as E13 extends INTL:
 * L = 1/(V−1)·Σ_{v≥1} L(Z_v, Z_0).
 */
public enum Method {
    /** INTL (E13): IterNorm (T, samples mode by default) + β·trace loss, β by the rule. */
    INTL("intl", WhiteningMode.SAMPLES),
    /**
     * INTL with an EMA target network (METHOD.md §4): the target, an exponential moving average of
     * the online encoder and projector, sees view 0 only; the online network sees views 1..V−1; the
     * loss is 1/(V−1)·Σ_{v≥1}[L_align(Ẑ_v, Ẑ_0) + β·TL(Ẑ_v)] and the target gets no gradient
     * ({@link TargetLoss}, {@link EmaTarget}). IterNorm T, mode and β as {@link #INTL}.
     */
    INTL_EMA("intl-ema", WhiteningMode.SAMPLES),
    /** IterNorm alone (β = 0): the ablation without the trace loss; collapses at finite T (METHOD.md §4). */
    ITERNORM("iternorm", WhiteningMode.SAMPLES),
    /**
     * Spectral transformation g(λ) = λ^(−p) by eigendecomposition (E3, E5) with
     * {@link Stabilisation#DEFAULT}, then the alignment loss (β = 0 unless given). Default mode
     * FEATURES: the d×d covariance, full rank when m > d, the paper's notation; in SAMPLES mode the
     * m×m Gram matrix has rank ≤ d − 1 &lt; m and the floor has to act on every step.
     */
    ST("st", WhiteningMode.FEATURES),
    /** W-MSE (E14), Cholesky whitening of the d×d covariance, W-MSE's defaults. */
    WMSE("wmse", WhiteningMode.FEATURES),
    /** Barlow Twins, its paper's λ = 0.0051. */
    BARLOW_TWINS("barlow-twins", null),
    /** VICReg, its paper's coefficients 25/25/1. */
    VICREG("vicreg", null);

    private final String id;
    private final WhiteningMode defaultMode;

    Method(String id, WhiteningMode defaultMode) {
        this.id = id;
        this.defaultMode = defaultMode;
    }

    /** The name on the command line and in files. */
    public String id() {
        return id;
    }

    /** The whitening mode this method uses unless told otherwise; null when it whitens nothing. */
    public WhiteningMode defaultMode() {
        return defaultMode;
    }

    /** True when the method whitens each view with a {@link org.spectralssl.spectral.Whitener}, so a batch spectrum report exists. */
    public boolean hasWhitener() {
        return this == INTL || this == INTL_EMA || this == ITERNORM || this == ST;
    }

    /**
     * True when view 0 comes from a target network that gets no gradient ({@link #INTL_EMA}): the
     * loss's gradient for view 0 is zero and the trainer keeps an {@link EmaTarget}.
     */
    public boolean usesTarget() {
        return this == INTL_EMA;
    }

    /** Parses a method name (case-insensitive; '_' and '-' interchangeable). */
    public static Method parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (Method m : values()) {
            if (m.id.equals(t)) {
                return m;
            }
        }
        throw new InvalidInputException("unknown method '" + s + "'; use one of " + ids());
    }

    /** "intl, intl-ema, iternorm, st, wmse, barlow-twins, vicreg". */
    public static String ids() {
        List<String> out = new ArrayList<>();
        for (Method m : values()) {
            out.add(m.id);
        }
        return String.join(", ", out);
    }

    /**
     * The settings of the objective that a run may change.
     *
     * @param mode whitening mode; null means {@link #defaultMode()}
     * @param iterations IterNorm's T (intl, iternorm)
     * @param beta explicit β, or empty for the method's own (the rule for intl, 0 for iternorm and st)
     * @param power p of g(λ) = λ^(−p) (st)
     * @param float32Loss the loss in float32 ({@code loss/IntlLossF32}) instead of the float64
     *     reference path; intl and iternorm only, on the CPU ({@link Step})
     */
    public record Settings(WhiteningMode mode, int iterations, OptionalDouble beta, double power, boolean float32Loss) {
        /** Defined once: mode by method, T = 4, β by the method, p = 1/2 (whitening). */
        public static final Settings DEFAULTS =
                new Settings(null, IterNorm.DEFAULT_ITERATIONS, OptionalDouble.empty(), 0.5);

        /** The float64 loss (the reference path). */
        public Settings(WhiteningMode mode, int iterations, OptionalDouble beta, double power) {
            this(mode, iterations, beta, power, false);
        }

        public Settings {
            if (iterations < 0) {
                throw new InvalidInputException("IterNorm iterations must be >= 0, got " + iterations);
            }
            if (beta.isPresent() && !(beta.getAsDouble() >= 0 && Double.isFinite(beta.getAsDouble()))) {
                throw new InvalidInputException("beta must be a finite number >= 0, got " + beta.getAsDouble());
            }
            if (!Double.isFinite(power)) {
                throw new InvalidInputException("power p must be finite, got " + power);
            }
        }
    }

    /** A loss value with its terms and gradients, and each view's transformation when there is one. */
    public record Evaluation(LossResult loss, List<Whitening> whitenings) {
        public Evaluation {
            whitenings = List.copyOf(whitenings);
        }
    }

    /**
     * Evaluates the objective on V ≥ 2 projector outputs.
     *
     * @param views m×d each, rows = samples. Not modified.
     */
    public Evaluation evaluate(List<DMatrixRMaj> views, Settings s) {
        return evaluate(views, s, 1);
    }

    /**
     * As {@link #evaluate(List, Settings)}, transforming the views on up to {@code threads} threads
     * (whitening methods only; the result is bit-identical, see {@link ViewParallelLoss}).
     */
    public Evaluation evaluate(List<DMatrixRMaj> views, Settings s, int threads) {
        return evaluate(views, s, threads, CpuDevice.INSTANCE);
    }

    /**
     * True when the method's matrix work runs on a {@link ComputeDevice} (the whitening methods);
     * W-MSE, Barlow Twins and VICReg compute on the CPU reference path only.
     */
    public boolean runsOnDevice() {
        return hasWhitener();
    }

    /**
     * Refuses a non-CPU device for a method that does not {@linkplain #runsOnDevice() run on one},
     * rather than computing on the CPU while the run says otherwise.
     */
    public void requireRunsOn(ComputeDevice.Kind kind) {
        if (kind != ComputeDevice.Kind.CPU && !runsOnDevice()) {
            throw new InvalidInputException(id + " runs on the CPU only; --device "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + " applies to intl, intl-ema, iternorm and st");
        }
    }

    /**
     * As {@link #evaluate(List, Settings, int)}, the whitening's matrix products (IterNorm's Newton
     * steps, ST's products, the covariance or Gram matrix) on {@code device}.
     *
     * @throws InvalidInputException for a non-CPU device and a method that does not {@linkplain #runsOnDevice() run on one}
     */
    public Evaluation evaluate(List<DMatrixRMaj> views, Settings s, int threads, ComputeDevice device) {
        requireRunsOn(device.kind());
        if (views.size() < 2) {
            throw new InvalidInputException(id + " needs at least 2 views, got " + views.size());
        }
        WhiteningMode mode = s.mode() != null ? s.mode() : defaultMode;
        switch (this) {
            case INTL -> {
                IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(mode).withIterations(s.iterations());
                if (s.beta().isPresent()) {
                    p = p.withBeta(s.beta().getAsDouble());
                }
                double beta = p.betaFor(views.get(0).numRows, views.get(0).numCols);
                WhiteningLoss.Result r = ViewParallelLoss.compute(views, new IterNorm(p.mode(), p.divisor(),
                        p.iterations(), device), beta, threads);
                return new Evaluation(r.loss(), r.views());
            }
            case INTL_EMA -> {
                IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(mode).withIterations(s.iterations());
                if (s.beta().isPresent()) {
                    p = p.withBeta(s.beta().getAsDouble());
                }
                double beta = p.betaFor(views.get(0).numRows, views.get(0).numCols);
                WhiteningLoss.Result r = TargetLoss.compute(views, new IterNorm(p.mode(), p.divisor(),
                        p.iterations(), device), beta, threads);
                return new Evaluation(r.loss(), r.views());
            }
            case ITERNORM -> {
                WhiteningLoss.Result r = ViewParallelLoss.compute(views,
                        new IterNorm(mode, Divisor.DEFAULT, s.iterations(), device), s.beta().orElse(0), threads);
                return new Evaluation(r.loss(), r.views());
            }
            case ST -> {
                SpectralTransform st = new SpectralTransform(mode, Divisor.DEFAULT, SpectrumFunctions.power(s.power()),
                        Stabilisation.DEFAULT, device);
                WhiteningLoss.Result r = ViewParallelLoss.compute(views, st, s.beta().orElse(0), threads);
                return new Evaluation(r.loss(), r.views());
            }
            default -> {
                return new Evaluation(pairwise(views, mode), List.of());
            }
        }
    }

    /** A two-view loss averaged over the pairs (v, 0), v ≥ 1; terms averaged likewise. */
    private LossResult pairwise(List<DMatrixRMaj> views, WhiteningMode mode) {
        int nv = views.size();
        double scale = 1.0 / (nv - 1);
        List<DMatrixRMaj> grads = new ArrayList<>();
        for (DMatrixRMaj z : views) {
            grads.add(new DMatrixRMaj(z.numRows, z.numCols));
        }
        Map<String, Double> terms = new LinkedHashMap<>();
        double value = 0;
        for (int v = 1; v < nv; v++) {
            LossResult r = switch (this) {
                case WMSE -> WmseLoss.compute(views.get(v), views.get(0), WmseLoss.Params.DEFAULTS.withMode(mode));
                case BARLOW_TWINS -> BarlowTwinsLoss.compute(views.get(v), views.get(0), BarlowTwinsLoss.Params.DEFAULTS);
                case VICREG -> VicregLoss.compute(views.get(v), views.get(0), VicregLoss.Params.DEFAULTS);
                default -> throw new IllegalStateException(id + " is not a two-view loss");
            };
            value += scale * r.value();
            for (Map.Entry<String, Double> e : r.terms().entrySet()) {
                terms.merge(e.getKey(), scale * e.getValue(), Double::sum);
            }
            Mat.addInPlace(grads.get(v), scale, r.gradient(0));
            Mat.addInPlace(grads.get(0), scale, r.gradient(1));
        }
        return new LossResult(value, terms, grads);
    }
}
