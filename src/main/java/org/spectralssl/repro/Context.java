package org.spectralssl.repro;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.spectralssl.train.TrainConfig;
import org.spectralssl.train.TrainData;

/**
 * What an experiment runs with.
 *
 * @param out     the results directory (created by {@link Reproduction})
 * @param preset  quick or full
 * @param base    the training config every training variant starts from (normally {@link Preset#base()})
 * @param seeds   run seeds of the training experiments (at least 3 where accuracies are compared)
 * @param threads threads for feature extraction, kNN and the loss's views (results do not depend on it)
 * @param log     progress lines, or null
 * @param data    loads the images a training config asks for (Fashion-MNIST by default; tests pass synthetic data)
 */
public record Context(Path out, Preset preset, TrainConfig base, List<Long> seeds, int threads, PrintStream log,
        Function<TrainConfig, TrainData> data) {

    public Context {
        seeds = List.copyOf(seeds);
    }

    void say(String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }
}
