package org.spectralssl.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.train.RunReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectrum}: the eigenvalue spectra a run recorded, epoch by epoch. */
@Command(name = "spectrum", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the eigenvalue spectra recorded by a run, one line per epoch: effective rank, "
                + "condition number, largest and smallest eigenvalue, and the spectrum on a log scale.",
            "Kinds: embedding (backbone features of the monitor images), projector (projector output), batch_in and "
                + "batch_out (the last batch of the epoch before and after the method's transformation)."})
final class SpectrumCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "a run directory made by 'train'")
    Path dir;

    @Option(names = "--kind", paramLabel = "KIND", description = "embedding, projector, batch_in or batch_out (default: ${DEFAULT-VALUE})")
    String kind = "embedding";

    @Option(names = "--width", paramLabel = "N", description = "columns of the spectrum plot (default: ${DEFAULT-VALUE})")
    int width = 48;

    @Override
    public Integer call() {
        Map<Integer, Map<String, double[]>> s = RunReader.spectra(dir);
        var out = spec.commandLine().getOut();
        boolean any = false;
        out.println(String.format(Locale.ROOT, "%s spectrum of %s", kind, dir));
        out.println(String.format(Locale.ROOT, "%5s %6s %9s %10s %10s  %s", "epoch", "n", "eff.rank", "cond", "λ_max",
                "log spectrum, largest first"));
        for (Map.Entry<Integer, Map<String, double[]>> e : s.entrySet()) {
            double[] desc = e.getValue().get(kind);
            if (desc == null) {
                continue;
            }
            any = true;
            double[] asc = new double[desc.length];
            for (int i = 0; i < desc.length; i++) {
                asc[i] = desc[desc.length - 1 - i];
            }
            out.println(String.format(Locale.ROOT, "%5d %6d %9.2f %10.3g %10.3g  %s", e.getKey(), desc.length,
                    SpectrumReport.effectiveRank(desc), SpectrumReport.conditionNumber(asc), desc[0],
                    Sparkline.logSpectrum(asc, Math.max(8, width))));
        }
        if (!any) {
            throw new InvalidInputException(dir + " recorded no '" + kind + "' spectrum; kinds recorded: "
                    + s.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList());
        }
        out.flush();
        return 0;
    }
}
