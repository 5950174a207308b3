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
import java.util.OptionalDouble;
import java.util.function.Function;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.WhiteningMode;

/**
 * Everything that determines a training run's results, validated on construction. The defaults
 * ({@link #DEFAULTS}) are defined here once; the command line, the config file and the help text
 * all read them from here.
 *
 * <p>File format ({@link #write}, {@link #read}): one {@code key = value} per line, {@code #}
 * starts a comment, keys as in {@link #KEYS}. A file need not list every key: missing keys keep
 * their defaults, so a run directory's {@code config.txt} (which lists them all) reloads exactly.
 *
 * @param method       the objective
 * @param views        V ≥ 2 augmented views per image
 * @param encoder      the backbone
 * @param hidden       MLP widths (ignored by the CNN)
 * @param projectorHidden width of the projector's two hidden layers
 * @param projectorOut d, the projector's output width (the embedding the loss sees)
 * @param objective    the method's settings (mode, T, β, p)
 * @param epochs       pre-training epochs
 * @param batch        m, images per step (the last incomplete batch of an epoch is dropped)
 * @param optimizer    the pre-training optimiser
 * @param lr           base learning rate after warm-up
 * @param momentum     momentum (SGD, LARS)
 * @param weightDecay  weight decay
 * @param warmupEpochs linear warm-up epochs, then cosine to 0.001·lr (METHOD.md §7)
 * @param emaMomentum  starting momentum of the EMA target (intl-ema), raised to 1 on a cosine
 * @param cropScaleMin smallest area fraction of the random resized crop (BYOL: 0.08)
 * @param jitterProbability probability of the brightness/contrast jitter
 * @param jitterStrength  brightness and contrast factors are drawn from [1 − s, 1 + s]
 * @param blurProbability probability of the Gaussian blur
 * @param seed         the run seed; every random stream derives from it (data/Seeds)
 * @param data         directory of the four Fashion-MNIST files, or empty to locate them (see FashionMnist)
 * @param trainImages  class-balanced training images used, 0 for all
 * @param testImages   class-balanced test images used, 0 for all
 * @param knnK         neighbours of the kNN classifier
 * @param probeEpochs  epochs of the linear probe
 * @param probeLr      Adam learning rate of the probe, cosine-decayed to 10⁻⁴ of it
 * @param probeBatch   batch of the probe
 * @param probeWeightDecay L2 weight decay of the probe
 * @param monitorBank  labelled training images of the per-epoch kNN
 * @param monitorQueries held-out test images the per-epoch kNN classifies
 * @param checkpointEvery a resume checkpoint every this many steps (0: at epoch ends only); one at
 *                     every epoch end and one before the first step in any case
 * @param keepCheckpoints resume checkpoints kept (the newest)
 * @param guard        what the numerical guard does on a bad step ({@link Guard})
 * @param guardRetries rollbacks the guard may take in a run before it stops
 * @param guardMaxCondition largest condition number of a batch covariance that st may transform (0: no limit)
 */
public record TrainConfig(Method method, int views, EncoderKind encoder, List<Integer> hidden, int projectorHidden,
        int projectorOut, Method.Settings objective, int epochs, int batch, OptimizerKind optimizer, double lr,
        double momentum, double weightDecay, double warmupEpochs, double emaMomentum, double cropScaleMin, double jitterProbability,
        double jitterStrength, double blurProbability, long seed, String data,
        int trainImages, int testImages, int knnK, int probeEpochs, double probeLr, int probeBatch,
        double probeWeightDecay, int monitorBank, int monitorQueries, int checkpointEvery, int keepCheckpoints,
        Guard.Policy guard, int guardRetries, double guardMaxCondition) {

    /**
     * The defaults. Why these (measured on the 10k / 2k subset, 2 cores, one seed each; README
     * "Pre-training on Fashion-MNIST" has the commands): INTL with IterNorm T = 4 and the β rule.
     * Mode auto: each method's own ({@link Method#defaultMode()}), so INTL whitens in SAMPLES
     * mode, the official code's and the default, and st and wmse in FEATURES mode. With d = 128 &lt; m = 256 the
     * m×m Gram matrix has rank at most d − 1, so the trace loss cannot equalise all its
     * eigenvalues; it trained better all the same: at 15 epochs, samples mode with lr 0.1 gave
     * 5-NN 0.8225 and linear 0.8465, features mode (the d×d covariance, full rank) with lr 0.05
     * 0.815 and 0.841, with lr 0.2 0.817 and 0.8485; samples mode with lr 0.2 0.8175 and 0.8495,
     * with lr 0.05 0.8245 and 0.842. An MLP encoder because it trains about 20× faster per step
     * than the CNN on a CPU, 784-1024-1024 rather than 784-512-512: on the subset linear 0.8545
     * against 0.8465 (5-NN 0.8230 against 0.8225) at twice the time, and on the full set linear
     * 0.8853 against 0.8748, the only setting tried that reached the 0.88. SGD with momentum 0.9 and decay 10⁻⁴ (METHOD.md §7) but lr 0.1: at
     * the paper's 0.3 the MLP's features got worse than at initialisation (monitor 5-NN 0.794 →
     * 0.764 after one epoch, crop 0.3–1). Milder augmentations than BYOL's, because an MLP has no
     * translation invariance and a 28×28 crop of 8% of the area is a few pixels: crop scale
     * 0.7–1, no blur, the brightness/contrast jitter kept (crop 0.3 and blur 0.5 probed lower).
     * 15 epochs with one warm-up epoch (about 3 minutes with the vector kernels; 5 epochs gave
     * the same linear accuracy in features mode but a lower 5-NN). The probe of §7 with 30 epochs
     * instead of 500; subsets of 10,000 / 2,000 images, the size of the bundled subset, so that a
     * default run costs the same whichever data is found.
     */
    public static final TrainConfig DEFAULTS = new TrainConfig(Method.INTL, 2, EncoderKind.MLP, List.of(1024, 1024), 512,
            128, new Method.Settings(null, IterNorm.DEFAULT_ITERATIONS, OptionalDouble.empty(), 0.5),
            15, 256, OptimizerKind.SGD, 0.1, 0.9, 1e-4, 1, 0.996, 0.7, 0.8, 0.4, 0.0, 0, "", 10_000, 2_000, 5, 30, 1e-2,
            1000, 5e-6, 2_000, 500, 100, 3, Guard.Policy.ROLLBACK, 3, 1e12);

    public TrainConfig {
        hidden = List.copyOf(hidden);
        data = data == null ? "" : data.trim();
        atLeast("views", views, 2);
        if (hidden.isEmpty()) {
            throw new InvalidInputException("hidden must list at least one width, for example 512,512");
        }
        for (int h : hidden) {
            atLeast("each hidden width", h, 1);
        }
        atLeast("projector-hidden", projectorHidden, 1);
        atLeast("projector-out", projectorOut, 1);
        atLeast("epochs", epochs, 1);
        atLeast("batch", batch, 2);
        positive("lr", lr);
        range("lr", lr, 0, 1e6);
        range("momentum", momentum, 0, 1);
        range("weight-decay", weightDecay, 0, 1);
        range("warmup-epochs", warmupEpochs, 0, epochs);
        range("ema-momentum", emaMomentum, 0, 1);
        range("crop-scale-min", cropScaleMin, 1e-6, 1);
        range("jitter-probability", jitterProbability, 0, 1);
        range("jitter-strength", jitterStrength, 0, 1);
        range("blur-probability", blurProbability, 0, 1);
        atLeast("train-images", trainImages, 0);
        atLeast("test-images", testImages, 0);
        atLeast("knn-k", knnK, 1);
        atLeast("probe-epochs", probeEpochs, 1);
        positive("probe-lr", probeLr);
        atLeast("probe-batch", probeBatch, 1);
        range("probe-weight-decay", probeWeightDecay, 0, 1);
        atLeast("monitor-bank", monitorBank, 1);
        atLeast("monitor-queries", monitorQueries, 1);
        atLeast("checkpoint-every", checkpointEvery, 0);
        atLeast("keep-checkpoints", keepCheckpoints, 1);
        atLeast("guard-retries", guardRetries, 0);
        if (!(guardMaxCondition == 0 || guardMaxCondition >= 1) || !Double.isFinite(guardMaxCondition)) {
            throw new InvalidInputException("guard-max-condition must be 0 (no limit) or a finite number >= 1, got "
                    + num(guardMaxCondition));
        }
        java.util.Objects.requireNonNull(guard, "guard");
        if (method != Method.INTL && method != Method.INTL_EMA && method != Method.ITERNORM && method != Method.ST && objective.mode() != null
                && method != Method.WMSE) {
            throw new InvalidInputException("mode applies to intl, intl-ema, iternorm, st and wmse, not "
                    + method.id());
        }
        if (objective.float32Loss() && method != Method.INTL && method != Method.ITERNORM) {
            throw new InvalidInputException("loss-precision = float32 applies to intl and iternorm, not " + method.id()
                    + "; use float64");
        }
    }

    /** One config key: its name, what it means, and how to read and write it. */
    public record Key(String name, String help, Function<TrainConfig, String> get) {}

    /** Every key, in file order. */
    public static final List<Key> KEYS = List.of(
            new Key("method", "objective: " + Method.ids(), c -> c.method.id()),
            new Key("views", "augmented views per image (>= 2)", c -> Integer.toString(c.views)),
            new Key("encoder", "backbone: mlp or cnn", c -> c.encoder.id()),
            new Key("hidden", "MLP widths, comma-separated", c -> join(c.hidden)),
            new Key("projector-hidden", "width of the projector's hidden layers", c -> Integer.toString(c.projectorHidden)),
            new Key("projector-out", "projector output width d", c -> Integer.toString(c.projectorOut)),
            new Key("mode", "whitening mode: samples, features or auto (the method's own)",
                    c -> c.objective.mode() == null ? "auto" : c.objective.mode().id()),
            new Key("iterations", "IterNorm iterations T (intl, intl-ema, iternorm)", c -> Integer.toString(c.objective.iterations())),
            new Key("beta", "trace-loss weight: a number, or auto (intl: 0.01(log2 n - 3); others: 0)",
                    c -> c.objective.beta().isPresent() ? num(c.objective.beta().getAsDouble()) : "auto"),
            new Key("power", "p of g(λ) = λ^-p (st)", c -> num(c.objective.power())),
            new Key("loss-precision", "float64 (the reference) or float32 (intl and iternorm on the CPU: faster, "
                    + "as PyTorch's float32; no per-epoch batch spectrum)", c -> c.objective.float32Loss() ? "float32" : "float64"),
            new Key("epochs", "pre-training epochs", c -> Integer.toString(c.epochs)),
            new Key("batch", "images per step", c -> Integer.toString(c.batch)),
            new Key("optimizer", "sgd, lars or adamw", c -> c.optimizer.id()),
            new Key("lr", "learning rate after warm-up", c -> num(c.lr)),
            new Key("momentum", "momentum (sgd, lars)", c -> num(c.momentum)),
            new Key("weight-decay", "weight decay", c -> num(c.weightDecay)),
            new Key("warmup-epochs", "linear warm-up epochs, then cosine to 0.001 lr", c -> num(c.warmupEpochs)),
            new Key("ema-momentum", "starting momentum of the EMA target (intl-ema), cosine to 1",
                    c -> num(c.emaMomentum)),
            new Key("crop-scale-min", "smallest area fraction of the random resized crop", c -> num(c.cropScaleMin)),
            new Key("jitter-probability", "probability of the brightness/contrast jitter",
                    c -> num(c.jitterProbability)),
            new Key("jitter-strength", "brightness and contrast factors drawn from [1 - s, 1 + s]",
                    c -> num(c.jitterStrength)),
            new Key("blur-probability", "probability of the Gaussian blur", c -> num(c.blurProbability)),
            new Key("seed", "run seed", c -> Long.toString(c.seed)),
            new Key("data", "Fashion-MNIST directory; empty: --data, $FASHION_MNIST_DIR, Debian's, bundled subset",
                    c -> c.data),
            new Key("train-images", "class-balanced training images used (0: all)", c -> Integer.toString(c.trainImages)),
            new Key("test-images", "class-balanced test images used (0: all)", c -> Integer.toString(c.testImages)),
            new Key("knn-k", "neighbours of the kNN classifier", c -> Integer.toString(c.knnK)),
            new Key("probe-epochs", "linear-probe epochs", c -> Integer.toString(c.probeEpochs)),
            new Key("probe-lr", "linear-probe Adam learning rate", c -> num(c.probeLr)),
            new Key("probe-batch", "linear-probe batch", c -> Integer.toString(c.probeBatch)),
            new Key("probe-weight-decay", "linear-probe weight decay", c -> num(c.probeWeightDecay)),
            new Key("monitor-bank", "training images in the per-epoch kNN bank", c -> Integer.toString(c.monitorBank)),
            new Key("monitor-queries", "test images the per-epoch kNN classifies", c -> Integer.toString(c.monitorQueries)),
            new Key("checkpoint-every", "a resume checkpoint every N steps (0: epoch ends only); resume with --resume",
                    c -> Integer.toString(c.checkpointEvery)),
            new Key("keep-checkpoints", "resume checkpoints kept (the newest)", c -> Integer.toString(c.keepCheckpoints)),
            new Key("guard", "on a non-finite or ill-conditioned step: rollback (to the last checkpoint, then retry "
                    + "with a stronger stabiliser and half the lr) or stop", c -> c.guard.id()),
            new Key("guard-retries", "rollbacks allowed per run before the guard stops it",
                    c -> Integer.toString(c.guardRetries)),
            new Key("guard-max-condition", "st: largest batch condition number transformed (0: no limit)",
                    c -> num(c.guardMaxCondition)));

    /** The default value of a key as written in a file. */
    public static String defaultOf(String key) {
        return DEFAULTS.toMap().get(key);
    }

    /** Every key and its value, in {@link #KEYS} order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Key k : KEYS) {
            m.put(k.name(), k.get().apply(this));
        }
        return m;
    }

    /** The config file text. */
    public String toText() {
        StringBuilder b = new StringBuilder("# spectral-ssl training config; reload with: train --config FILE\n");
        for (Key k : KEYS) {
            b.append("# ").append(k.help()).append('\n');
            b.append(k.name()).append(" = ").append(k.get().apply(this)).append('\n');
        }
        return b.toString();
    }

    /**
     * {@code base} with the given keys replaced; unknown keys and bad values are one-line errors.
     * Naming a method that whitens nothing (barlow-twins, vicreg) without naming a mode sets the
     * mode to auto, so that the default mode does not make {@code --method vicreg} an error.
     */
    public static TrainConfig with(TrainConfig base, Map<String, String> overrides, String where) {
        Map<String, String> m = base.toMap();
        if (overrides.containsKey("method") && !overrides.containsKey("mode")) {
            Method named;
            try {
                named = Method.parse(overrides.get("method"));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": " + e.getMessage());
            }
            if (named.defaultMode() == null) {
                m.put("mode", "auto");
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new InvalidInputException(where + ": unknown key '" + e.getKey() + "'; known keys: "
                        + String.join(", ", m.keySet()));
            }
            m.put(e.getKey(), e.getValue().trim());
        }
        return fromMap(m, where);
    }

    /** Reads a config file over the defaults. */
    public static TrainConfig read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read config " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": expected 'key = value', got '"
                        + line.trim() + "'");
            }
            m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return with(DEFAULTS, m, file.toString());
    }

    /** Writes {@link #toText()}. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toText(), StandardCharsets.UTF_8);
    }

    private static TrainConfig fromMap(Map<String, String> m, String where) {
        try {
            String mode = m.get("mode");
            String beta = m.get("beta");
            Method.Settings s = new Method.Settings(
                    mode.equalsIgnoreCase("auto") ? null : WhiteningMode.parse(mode), integer(m, "iterations"),
                    beta.equalsIgnoreCase("auto") ? OptionalDouble.empty() : OptionalDouble.of(real(m, "beta")),
                    real(m, "power"), lossPrecision(m.get("loss-precision")));
            List<Integer> hidden = new ArrayList<>();
            for (String h : m.get("hidden").split(",")) {
                hidden.add(parseInt("hidden", h));
            }
            return new TrainConfig(Method.parse(m.get("method")), integer(m, "views"), EncoderKind.parse(m.get("encoder")),
                    hidden, integer(m, "projector-hidden"), integer(m, "projector-out"), s, integer(m, "epochs"),
                    integer(m, "batch"), OptimizerKind.parse(m.get("optimizer")), real(m, "lr"), real(m, "momentum"),
                    real(m, "weight-decay"), real(m, "warmup-epochs"), real(m, "ema-momentum"), real(m, "crop-scale-min"),
                    real(m, "jitter-probability"), real(m, "jitter-strength"), real(m, "blur-probability"),
                    parseLong("seed", m.get("seed")), m.get("data"), integer(m, "train-images"),
                    integer(m, "test-images"), integer(m, "knn-k"), integer(m, "probe-epochs"), real(m, "probe-lr"),
                    integer(m, "probe-batch"), real(m, "probe-weight-decay"), integer(m, "monitor-bank"),
                    integer(m, "monitor-queries"), integer(m, "checkpoint-every"), integer(m, "keep-checkpoints"),
                    Guard.Policy.parse(m.get("guard")), integer(m, "guard-retries"), real(m, "guard-max-condition"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    private static boolean lossPrecision(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "float64" -> false;
            case "float32" -> true;
            default -> throw new InvalidInputException("loss-precision must be float64 or float32, got '" + v + "'");
        };
    }

    private static int integer(Map<String, String> m, String key) {
        return parseInt(key, m.get(key));
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static double real(Map<String, String> m, String key) {
        String v = m.get(key);
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a finite number, got '" + v + "'");
        }
    }

    private static void atLeast(String key, long v, long min) {
        if (v < min) {
            throw new InvalidInputException(key + " must be at least " + min + ", got " + v);
        }
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new InvalidInputException(key + " must be a positive number, got " + v);
        }
    }

    private static void range(String key, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new InvalidInputException(key + " must be in [" + num(lo) + ", " + num(hi) + "], got " + num(v));
        }
    }

    private static String join(List<Integer> xs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < xs.size(); i++) {
            b.append(i == 0 ? "" : ",").append(xs.get(i));
        }
        return b.toString();
    }

    /** Shortest text that reads back to the same double; integers without ".0". */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
