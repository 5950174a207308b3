package org.spectralssl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.train.Soak;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soak}: many short random training runs, unstable ones included; counts NaNs that escaped the guard. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Soak test of the trainer's numerical guard and resume: short runs with random seeds, methods "
                + "and hyper-parameters (large p for st, large T, batches down to 2, learning rates up to 1e6) on the "
                + "bundled subset, until the time is up; one run in four is also cut off at a checkpoint and resumed.",
            "Writes a Markdown report (runs, rollbacks, guard stops, escaped NaNs, resume mismatches, every run's "
                + "config). Exit 1 when a NaN escaped, an internal error occurred or a resume differed."})
final class SoakCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", paramLabel = "X", description = "time budget; runs start until it is spent (default: ${DEFAULT-VALUE})")
    double minutes = 10;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random configs (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--report", paramLabel = "FILE", description = "report to write (default: ${DEFAULT-VALUE})")
    Path report = Path.of("verification", "soak", "REPORT.md");

    @Option(names = "--work", paramLabel = "DIR", description = "where the run directories go (default: a new temporary directory)")
    Path work;

    @Option(names = "--quiet", description = "no line per run on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0) || !Double.isFinite(minutes)) {
            throw new InvalidInputException("--minutes must be a positive number, got " + minutes);
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("spectral-ssl-soak");
        String command = "java -jar target/spectral-ssl.jar soak --minutes " + minutes + " --seed " + seed
                + " --report " + report;
        Soak.Totals t = Soak.run(seed, minutes * 60, dir, report, command, quiet ? null : System.err);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("soak: %d runs, %d completed, %d stopped by the guard, %d refused, %d internal errors, "
                + "%d rollbacks, %d escaped NaNs, %d/%d resumes identical; report %s; runs in %s%n", t.runs(),
                t.completed(), t.stopped(), t.refused(), t.internalErrors(), t.rollbacks(), t.escapedNaN(),
                t.resumeChecks() - t.resumeMismatches(), t.resumeChecks(), report, dir);
        out.flush();
        return t.escapedNaN() == 0 && t.internalErrors() == 0 && t.resumeMismatches() == 0 ? 0 : 1;
    }
}
