package org.spectralssl.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.train.RunReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eval}: evaluates the checkpoint of a run directory again (kNN and linear probe). */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate the frozen encoder of a run directory again: 5-NN and a linear probe on the run's "
                + "data, with the run's settings. Writes DIR/eval.json."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "a run directory made by 'train'")
    Path dir;

    @Option(names = "--probe-epochs", paramLabel = "N", description = "linear-probe epochs (default: the run's)")
    int probeEpochs;

    @Option(names = "--threads", paramLabel = "N", description = "threads for features and kNN (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || probeEpochs < 0) {
            throw new InvalidInputException("--threads must be >= 1 and --probe-epochs >= 1");
        }
        Map<String, Object> m = RunReader.evaluate(dir, probeEpochs, threads, System.err);
        var out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%s: %s-NN top-1 %.4f (top-5 %.4f), linear probe top-1 %.4f (top-5 %.4f, "
                + "%s epochs), on %s / %s images", dir, m.get("knn_k"), m.get("knn_top1"), m.get("knn_top5"),
                m.get("linear_top1"), m.get("linear_top5"), m.get("probe_epochs"), m.get("train_images"),
                m.get("test_images")));
        out.println("written: " + dir.resolve("eval.json"));
        out.flush();
        return 0;
    }
}
