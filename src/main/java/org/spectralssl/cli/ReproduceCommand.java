package org.spectralssl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.repro.Context;
import org.spectralssl.repro.Experiment;
import org.spectralssl.repro.Preset;
import org.spectralssl.repro.Reproduction;
import org.spectralssl.train.TrainData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reproduce NAME}: one of the paper's findings re-measured, written to verification/results/NAME/. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-measure one of the paper's findings and write a results directory: manifest.json, CSV "
                + "tables, PNG plots and REPORT.md (the paper's claim, the rules of the verdict, our figure, the "
                + "verdict). 'reproduce list' lists the experiments and what their presets cost.",
            "Experiments: spectra, instability (library computations, seconds); p-sweep, iternorm-trace, methods, "
                + "robustness (SSL training on Fashion-MNIST, minutes with --preset quick)."})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "experiment name; 'list' lists them; 'summary' writes the table of "
            + "verification/REPRODUCTION.md from the manifests under verification/results/")
    String name;

    @Option(names = "--preset", paramLabel = "quick|full", description = "quick (minutes on 2 cores) or full (the "
            + "trainer's default recipe; see 'reproduce list'); default: ${DEFAULT-VALUE}")
    String preset = "quick";

    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default: verification/results/NAME); "
            + "it must be empty, new, or an earlier result of reproduce, which is replaced")
    Path out;

    @Option(names = "--seeds", paramLabel = "N,N,...", split = ",", description = "seeds of the training runs "
            + "(default: 0,1,2; at least 3 where accuracies are compared)")
    List<Long> seeds = new ArrayList<>(List.of(0L, 1L, 2L));

    @Option(names = "--data", paramLabel = "DIR", description = "directory with the four Fashion-MNIST files "
            + "(default: $FASHION_MNIST_DIR, Debian's dataset-fashion-mnist, else the bundled subset)")
    String data;

    @Option(names = "--threads", paramLabel = "N", description = "threads for features, kNN and the loss's views; "
            + "results do not depend on it (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.parse(preset);
        PrintWriter w = spec.commandLine().getOut();
        if (name.equals("list")) {
            w.println(list());
            w.flush();
            return 0;
        }
        if (name.equals("summary")) {
            Path results = Path.of("verification", "results");
            Path file = Path.of("verification", "REPRODUCTION.md");
            Reproduction.summarise(results, file);
            w.println("wrote the table of " + file + " from " + results + "/*/manifest.json");
            w.flush();
            return 0;
        }
        Experiment e = Reproduction.find(name, p);
        if (threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + threads);
        }
        if (new java.util.HashSet<>(seeds).size() != seeds.size()) {
            throw new InvalidInputException("--seeds lists a seed twice: " + seeds);
        }
        if (seeds.size() < 3 && !List.of("spectra", "instability").contains(name)) {
            throw new InvalidInputException(name + " compares accuracies over seeds: give at least 3 (--seeds 0,1,2)");
        }
        var base = p.base();
        if (data != null) {
            base = org.spectralssl.train.TrainConfig.with(base, java.util.Map.of("data", data), "--data");
        }
        Path dir = out != null ? out : Reproduction.defaultOut(name);
        StringBuilder cmd = new StringBuilder("java -jar target/spectral-ssl.jar reproduce " + name + " --preset " + p.id());
        if (out != null) {
            cmd.append(" --out ").append(out);
        }
        if (!seeds.equals(List.of(0L, 1L, 2L))) {
            cmd.append(" --seeds ").append(String.join(",", seeds.stream().map(String::valueOf).toList()));
        }
        if (data != null) {
            cmd.append(" --data ").append(data);
        }
        Context ctx = new Context(dir, p, base, seeds, threads, quiet ? null : System.err, TrainData::fashionMnist);
        if (!quiet) {
            System.err.println("reproduce " + name + " (" + p.id() + "): " + e.cost(p) + "; writing " + dir);
        }
        long t0 = System.nanoTime();
        Experiment.Outcome o = Reproduction.run(e, ctx, cmd.toString());
        w.println(String.format(Locale.ROOT, "%s: %s%n  %s%n  verdict: %s%n  %.1f s; report: %s", name, e.title(),
                o.figure(), o.verdict().words(), (System.nanoTime() - t0) / 1e9, dir.resolve(Reproduction.REPORT)));
        w.flush();
        return 0;
    }

    static String list() {
        StringBuilder b = new StringBuilder("experiments (reproduce NAME [--preset quick|full]):\n");
        for (Experiment e : Reproduction.experiments(Preset.QUICK)) {
            b.append(String.format(Locale.ROOT, "  %-15s %s%n", e.name(), e.title()));
            b.append(String.format(Locale.ROOT, "  %-15s   quick: %s%n", "", e.cost(Preset.QUICK)));
            b.append(String.format(Locale.ROOT, "  %-15s   full:  %s%n", "", e.cost(Preset.FULL)));
        }
        return b.toString().stripTrailing();
    }
}
