package org.spectralssl.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.data.ImageDataset;
import org.spectralssl.data.SyntheticSpectrum;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.train.TrainConfig;
import org.spectralssl.train.TrainData;

/** The reproduce pipeline end to end on tiny synthetic data: runs, files, report, verdict (seconds). */
class ReproduceEndToEndTest {

    /** 8×8 synthetic images with a decaying spectrum, 10 classes; MLP 64-16, projector 16-16-16, batch 32, 1 epoch. */
    static Context tiny(Path out) {
        return tiny(out, List.of(1L, 2L, 3L));
    }

    static Context tiny(Path out, List<Long> seeds) {
        TrainConfig base = TrainConfig.with(TrainConfig.DEFAULTS, Map.ofEntries(Map.entry("hidden", "16"),
                Map.entry("projector-hidden", "16"), Map.entry("projector-out", "16"), Map.entry("batch", "32"),
                Map.entry("epochs", "1"), Map.entry("warmup-epochs", "0"), Map.entry("train-images", "0"),
                Map.entry("test-images", "0"), Map.entry("probe-epochs", "2"), Map.entry("monitor-bank", "96"),
                Map.entry("monitor-queries", "48")), "tiny");
        double[] lambda = Batches.logSpaced(4, 0.01, 64);
        SyntheticSpectrum gen = new SyntheticSpectrum(8, 8, lambda, 10, 3);
        ImageDataset train = gen.sample("synthetic train", 128, 1);
        ImageDataset test = gen.sample("synthetic test", 64, 2);
        TrainData data = new TrainData(train, test, "synthetic 8x8", "none");
        return new Context(out, Preset.QUICK, base, seeds, 1, null, c -> data);
    }

    @Test
    void methodsExperimentWritesItsResultsAndAVerdict(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("methods");
        Experiment e = new MethodsExperiment(List.of(new TrainingRuns.Variant("intl", Map.of("method", "intl")),
                new TrainingRuns.Variant("vicreg", Map.of("method", "vicreg"))));
        Experiment.Outcome o = Reproduction.run(e, tiny(out), "reproduce methods (test)");
        for (String f : List.of("manifest.json", "REPORT.md", "runs.csv", "epochs.csv", "summary.csv")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertEquals(7, Files.readAllLines(out.resolve("runs.csv")).size(), "header + 2 methods × 3 seeds");
        String report = Files.readString(out.resolve("REPORT.md"), StandardCharsets.UTF_8);
        assertTrue(report.contains("**Verdict: " + o.verdict().words() + ".**"), report);
        assertTrue(report.contains("| vicreg |"), report);
        String manifest = Files.readString(out.resolve("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"wall_seconds\"") && manifest.contains("\"seeds\": [1, 2, 3]"), manifest);
        try (Stream<Path> s = Files.walk(out)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.contains("checkpoint.bin"), "checkpoints must not be kept");
            assertFalse(names.contains("plots"), "per-run plots must not be kept");
            assertFalse(names.contains("checkpoints"), "resume checkpoints must not be kept");
            assertTrue(names.contains("summary.json"));
        }
        // The verdict follows the rule: 2 checks (linear, kNN) against the one baseline.
        Stats il = TrainingRuns.summary(readRuns(out), "intl", "linear_top1");
        assertTrue(il.n() == 3 && Double.isFinite(il.mean()));
        // Running again into the same directory replaces the earlier result.
        Experiment one = new MethodsExperiment(List.of(new TrainingRuns.Variant("intl", Map.of("method", "intl"))));
        Reproduction.run(one, tiny(out, List.of(4L)), "again");
        assertEquals(2, Files.readAllLines(out.resolve("runs.csv")).size());
        assertEquals(List.of("intl-seed4"), Files.list(out.resolve(Reproduction.RUNS)).map(p -> p.getFileName().toString())
                .toList());
    }

    @Test
    void pSweepOnTinyDataClassifiesEachP(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("p");
        Experiment.Outcome o = Reproduction.run(new PSweepExperiment(Preset.QUICK, new double[] {0, 0.5}),
                tiny(out, List.of(1L)), "t");
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("0,"), lines.get(1));
        assertTrue(o.figure().contains("p = 0:"), o.figure());
        assertTrue(Files.exists(out.resolve("accuracy_vs_p.png")));
    }

    @Test
    void refusesADirectoryThatIsNotItsOwn(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertThrows(InvalidInputException.class,
                () -> Reproduction.run(new SpectraExperiment(Preset.QUICK), tiny(tmp), "t"));
        assertTrue(Files.exists(tmp.resolve("notes.txt")));
    }

    @Test
    void spectraAndInstabilityAgreeWithTheirClaims(@TempDir Path tmp) throws IOException {
        assertEquals(Verdict.AGREES, Reproduction.run(new SpectraExperiment(Preset.QUICK), tiny(tmp.resolve("s")), "t")
                .verdict());
        assertTrue(Files.exists(tmp.resolve("s/iternorm_h.png")));
        Experiment.Outcome o = Reproduction.run(new InstabilityExperiment(Preset.QUICK), tiny(tmp.resolve("i")), "t");
        assertTrue(Files.exists(tmp.resolve("i/newton_vs_T.csv")));
        assertTrue(o.figure().contains("checks hold"), o.figure());
    }

    @Test
    void summaryTableComesFromTheManifests(@TempDir Path tmp) throws IOException {
        Path results = tmp.resolve("results");
        Reproduction.run(new SpectraExperiment(Preset.QUICK), tiny(results.resolve("spectra")), "reproduce spectra | x");
        Path file = tmp.resolve("REPRODUCTION.md");
        Files.writeString(file, "# notes above\n" + Reproduction.TABLE_BEGIN + "\nold\n" + Reproduction.TABLE_END
                + "\nnotes below\n");
        Reproduction.summarise(results, file);
        String text = Files.readString(file);
        assertTrue(text.startsWith("# notes above") && text.endsWith("notes below\n"), text);
        assertFalse(text.contains("\nold\n"));
        assertTrue(text.contains("| [`spectra`](results/spectra/REPORT.md) |") && text.contains("**agrees**"), text);
        assertTrue(text.contains("`reproduce spectra \\| x`"), text);
        assertTrue(text.contains("| `methods` |") && text.contains("not run"), text);
    }

    /** Rebuilds Run records from runs.csv is not needed: summary.json of each run is the source. */
    private static List<TrainingRuns.Run> readRuns(Path out) throws IOException {
        List<TrainingRuns.Run> runs = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(out.resolve(Reproduction.RUNS))) {
            for (Path dir : s.sorted().toList()) {
                String name = dir.getFileName().toString();
                String label = name.substring(0, name.lastIndexOf("-seed"));
                String json = Files.readString(dir.resolve("summary.json"));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"linear_top1\": ([0-9.eE-]+)").matcher(json);
                assertTrue(m.find(), json);
                runs.add(new TrainingRuns.Run(new TrainingRuns.Variant(label, Map.of()), 0, TrainConfig.DEFAULTS, "ok",
                        Map.of("linear_top1", Double.parseDouble(m.group(1))), List.of(), 0));
            }
        }
        return runs;
    }
}
