package org.spectralssl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectralssl.gpu.DeviceChoice;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.DeviceUnavailableException;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.train.RunFiles;
import org.spectralssl.train.TrainConfig;
import org.spectralssl.train.TrainData;
import org.spectralssl.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: self-supervised pre-training, evaluation against floors, and a run directory.
 * Every option that is a config key takes its default from {@link TrainConfig#DEFAULTS}; the order
 * of precedence is: option on the command line, then {@code --config FILE}, then the default.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = TrainCommand.Defaults.class,
        description = {"Pre-train an encoder by self-supervision on Fashion-MNIST, then evaluate its frozen features "
                + "(kNN and linear probe) beside floors measured in the same run: a linear probe on raw pixels and "
                + "the same encoder randomly initialised.",
            "With no option but --out: a short INTL run (MLP encoder, samples-mode IterNorm T = 4 with the trace "
                + "loss, 15 epochs; every setting and its default is listed below) on class-balanced subsets of whichever Fashion-MNIST is found (--data, $FASHION_MNIST_DIR, Debian's dataset-fashion-mnist, "
                + "else the bundled subset); a few minutes on 2 cores.",
            "Writes DIR/config.txt, manifest.json, metrics.csv/.jsonl, spectra.csv, checkpoint.bin, plots/*.png and "
                + "summary.json; resume checkpoints in DIR/checkpoints (continue a killed run with --resume), and "
                + "DIR/guard/ when the numerical guard caught a bad step (see the guard keys)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory to create")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "config file (key = value lines, as DIR/config.txt)")
    Path config;

    @Option(names = "--method", paramLabel = "NAME", description = "intl, intl-ema, iternorm, st, wmse, barlow-twins or vicreg (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--epochs", paramLabel = "N", description = "pre-training epochs (default: ${DEFAULT-VALUE})")
    String epochs;

    @Option(names = "--seed", paramLabel = "N", description = "run seed (default: ${DEFAULT-VALUE})")
    String seed;

    @Option(names = "--data", paramLabel = "DIR", description = "directory with the four Fashion-MNIST files (.gz or raw)")
    String data;

    @Option(names = "--batch", paramLabel = "M", description = "images per step (default: ${DEFAULT-VALUE})")
    String batch;

    @Option(names = "--views", paramLabel = "V", description = "views per image (default: ${DEFAULT-VALUE})")
    String views;

    @Option(names = "--encoder", paramLabel = "KIND", description = "mlp or cnn (default: ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, lars or adamw (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate after warm-up (default: ${DEFAULT-VALUE})")
    String lr;

    @Option(names = "--train-images", paramLabel = "N", description = "class-balanced training images, 0 for all (default: ${DEFAULT-VALUE})")
    String trainImages;

    @Option(names = "--test-images", paramLabel = "N", description = "class-balanced test images, 0 for all (default: ${DEFAULT-VALUE})")
    String testImages;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any config key (see --print-config), repeatable")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = "threads for the loss's views, features and kNN; results do not depend on it (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--device", paramLabel = "KIND", description = Devices.HELP
            + "; the whitening's matrix work of intl, intl-ema, iternorm and st runs there, the network on the CPU")
    String device = DeviceChoice.DEFAULT.id();

    @Option(names = "--resume", description = "continue the unfinished run in --out from its newest usable checkpoint "
            + "(DIR/checkpoints), under its own config.txt; the results equal an uninterrupted run's")
    boolean resume;

    @Option(names = "--print-config", description = "print the resulting config (every key, with its meaning) and exit")
    boolean printConfig;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    /** Options whose names are config keys. */
    static final List<String> KEY_OPTIONS = List.of("--method", "--epochs", "--seed", "--data", "--batch", "--views",
            "--encoder", "--optimizer", "--lr", "--train-images", "--test-images");

    /** Shows {@link TrainConfig#DEFAULTS} in the help; values only count when given (see {@link #resolve}). */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg instanceof OptionSpec o && KEY_OPTIONS.contains(o.longestName())) {
                String v = TrainConfig.defaultOf(o.longestName().substring(2));
                return v.isEmpty() ? null : v;
            }
            return null;
        }
    }

    /** Defaults, then the config file, then --set, then the named options that were given. */
    TrainConfig resolve() {
        TrainConfig c = config == null ? TrainConfig.DEFAULTS : TrainConfig.read(config);
        if (!set.isEmpty()) {
            c = TrainConfig.with(c, set, "--set");
        }
        Map<String, String> given = new LinkedHashMap<>();
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (String name : KEY_OPTIONS) {
            if (pr.hasMatchedOption(name)) {
                given.put(name.substring(2), pr.matchedOption(name).getValue().toString());
            }
        }
        return given.isEmpty() ? c : TrainConfig.with(c, given, "options");
    }

    /** With --resume: the run's own config.txt; config options, if any, must give the same config. */
    TrainConfig resumeConfig() {
        Path file = out.resolve(RunFiles.CONFIG);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new InvalidInputException(out + " holds no run to resume (no " + RunFiles.CONFIG
                    + "); start it without --resume");
        }
        TrainConfig saved = TrainConfig.read(file);
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        boolean given = config != null || !set.isEmpty() || KEY_OPTIONS.stream().anyMatch(pr::hasMatchedOption);
        if (given && !resolve().equals(saved)) {
            throw new InvalidInputException("the config options differ from " + file
                    + "; --resume continues a run under its own config (drop the options)");
        }
        return saved;
    }

    @Override
    public Integer call() throws Exception {
        TrainConfig c = resume ? resumeConfig() : resolve();
        if (printConfig) {
            spec.commandLine().getOut().print(c.toText());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + threads);
        }
        DeviceChoice choice = DeviceChoice.parse(device);
        if (choice == DeviceChoice.OPENCL) {
            c.method().requireRunsOn(ComputeDevice.Kind.OPENCL);
        }
        TrainData d = TrainData.fashionMnist(c);
        PrintStream log = quiet ? null : System.err;
        DeviceChoice.Selection selection = choice == DeviceChoice.AUTO && !c.method().runsOnDevice()
                ? new DeviceChoice.Selection(CpuDevice.INSTANCE, "cpu (auto: " + c.method().id() + " runs on the CPU only)")
                : Devices.select(device);
        if (log != null) {
            log.println("device: " + selection.report());
        }
        Map<String, Object> s;
        try {
            s = Trainer.run(c, d, out, new Trainer.Options(threads, log, selection.device()), resume);
        } catch (DeviceUnavailableException e) {
            throw Devices.error(choice, e);
        } finally {
            Devices.close(selection.device());
        }
        var w = spec.commandLine().getOut();
        w.println(report(s, out));
        w.flush();
        return 0;
    }

    /** The help's footer: every config key (settable by --set KEY=VALUE) with its default from {@link TrainConfig#DEFAULTS}. */
    static String[] footer() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add("Config keys (--set KEY=VALUE or a --config file; --print-config explains each) and their defaults:");
        for (TrainConfig.Key k : TrainConfig.KEYS) {
            String v = TrainConfig.defaultOf(k.name());
            lines.add(String.format(Locale.ROOT, "  %-20s %s", k.name(), v.isEmpty() ? "(empty: see --data)" : v));
        }
        return lines.toArray(new String[0]);
    }

    /** The table printed at the end of a run. */
    static String report(Map<String, Object> s, Path out) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s, %s epochs, %s s, %s train / %s test images%n", s.get("method"),
                s.get("epochs"), s.get("seconds"), s.get("train_images"), s.get("test_images")));
        b.append(String.format(Locale.ROOT, "  %-28s %10s %14s%n", "features", "5-NN top-1", "linear top-1"));
        b.append(row("pre-trained encoder", s.get("knn_top1"), s.get("linear_top1")));
        b.append(row("random encoder (floor)", s.get("floor_random_encoder_knn_top1"),
                s.get("floor_random_encoder_linear_top1")));
        b.append(row("raw pixels (floor)", s.get("floor_pixels_knn_top1"), s.get("floor_pixels_linear_top1")));
        List<String> pngs = new java.util.ArrayList<>();
        for (String png : List.of("loss.png", "accuracy.png", "spectrum.png", "spectrum_projector.png",
                "spectrum_transformed.png", "effective_rank.png")) {
            if (java.nio.file.Files.exists(out.resolve(RunFiles.PLOTS).resolve(png))) {
                pngs.add(png);
            }
        }
        b.append("plots:   ").append(out.resolve(RunFiles.PLOTS)).append(" (").append(String.join(", ", pngs))
                .append(")\n");
        b.append("summary: ").append(out.resolve(RunFiles.SUMMARY));
        return b.toString();
    }

    private static String row(String name, Object knn, Object lin) {
        return String.format(Locale.ROOT, "  %-28s %10.4f %14.4f%n", name, ((Number) knn).doubleValue(),
                ((Number) lin).doubleValue());
    }
}
