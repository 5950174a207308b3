package org.spectralssl.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.train.RunFiles;
import org.spectralssl.train.TrainConfig;
import org.spectralssl.train.TrainData;
import org.spectralssl.train.Trainer;

/**
 * Runs training variants × seeds through the trainer's public API ({@link TrainConfig},
 * {@link Trainer#run}), one at a time, each into {@code runs/LABEL-seedN/} of the results
 * directory, and keeps only the small files of each run (config, manifest, metrics.csv,
 * summary.json, and the guard's evidence when it stopped a run): the checkpoints, plots, spectra
 * and step log are deleted after the run. A run
 * that stops on a non-finite loss or a diverged transformation (NonFiniteException, an
 * ArithmeticException) is recorded as failed with its
 * message and the epochs it finished.
 */
final class TrainingRuns {
    private TrainingRuns() {}

    /** One setting: a label for files and tables, and the config keys it changes from the preset's base. */
    record Variant(String label, Map<String, String> overrides) {}

    /** One finished (or failed) run. */
    record Run(Variant variant, long seed, TrainConfig config, String status, Map<String, Object> summary,
            List<Map<String, String>> epochs, double seconds) {
        boolean ok() {
            return status.equals("ok");
        }

        /** A number of summary.json; NaN when absent (a failed run). */
        double summary(String key) {
            Object v = summary.get(key);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        /** A column of the last epoch row of metrics.csv (NaN when absent or empty). */
        double last(String key) {
            for (int i = epochs.size() - 1; i >= 0; i--) {
                String v = epochs.get(i).get(key);
                if (v != null && !v.isEmpty()) {
                    return Double.parseDouble(v);
                }
            }
            return Double.NaN;
        }

        /** Seconds per training epoch at the end of the run: images per epoch / images per second. */
        double epochSeconds() {
            double ips = last("images_per_second");
            int train = (int) summary("train_images");
            return ips > 0 && train > 0 ? (train / config.batch()) * config.batch() / ips : Double.NaN;
        }
    }

    static List<Run> run(Context ctx, List<Variant> variants) throws IOException {
        Path runs = ctx.out().resolve(Reproduction.RUNS);
        Files.createDirectories(runs);
        Map<String, TrainData> cache = new HashMap<>();
        List<Run> out = new ArrayList<>();
        int total = variants.size() * ctx.seeds().size();
        int k = 0;
        for (Variant v : variants) {
            for (long seed : ctx.seeds()) {
                k++;
                Map<String, String> o = new LinkedHashMap<>(v.overrides());
                o.put("seed", Long.toString(seed));
                TrainConfig c = TrainConfig.with(ctx.base(), o, v.label());
                String key = c.data() + "|" + c.trainImages() + "|" + c.testImages();
                TrainData data = cache.computeIfAbsent(key, x -> ctx.data().apply(c));
                Path dir = runs.resolve(v.label() + "-seed" + seed);
                long t0 = System.nanoTime();
                String status = "ok";
                Map<String, Object> summary = Map.of();
                try {
                    summary = Trainer.run(c, data, dir, new Trainer.Options(ctx.threads(), null));
                } catch (ArithmeticException | IllegalStateException | InvalidInputException e) {
                    // A stop by the numerical guard (NonFiniteException), a diverged transformation, or the
                    // objective refusing this configuration: the run failed; the experiment goes on.
                    status = "failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("failure.txt"), e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "\n", StandardCharsets.UTF_8);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                tidy(dir);
                Run r = new Run(v, seed, c, status, summary, readCsv(dir.resolve(RunFiles.METRICS_CSV)), secs);
                out.add(r);
                ctx.say(Out.f("[%d/%d] %s seed %d: %s (%.0f s)", k, total, v.label(), seed, r.ok()
                        ? Out.f("linear %.4f, %d-NN %.4f, erank emb. %.1f, out %.1f", r.summary("linear_top1"),
                                c.knnK(), r.summary("knn_top1"), r.last("erank_embedding"), r.last("erank_batch_out"))
                        : status, secs));
            }
        }
        return out;
    }

    /** Deletes what the results must not keep: checkpoint, plots, per-step and spectra files, JSON-lines metrics. */
    static void tidy(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (String f : List.of(RunFiles.CHECKPOINT, RunFiles.SPECTRA_CSV, RunFiles.STEPS_CSV, RunFiles.METRICS_JSONL)) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Reproduction.deleteTree(dir.resolve(RunFiles.PLOTS));
        Reproduction.deleteTree(dir.resolve("checkpoints")); // resume checkpoints (train.CheckpointStore)
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(".tmp")) {
                    Files.delete(p);
                }
            }
        }
    }

    static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] head = lines.get(0).split(",", -1);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            Map<String, String> r = new LinkedHashMap<>();
            for (int j = 0; j < head.length; j++) {
                r.put(head[j], j < cells.length ? cells[j] : "");
            }
            rows.add(r);
        }
        return rows;
    }

    /** The runs of one variant label. */
    static List<Run> of(List<Run> runs, String label) {
        List<Run> r = new ArrayList<>();
        for (Run x : runs) {
            if (x.variant().label().equals(label)) {
                r.add(x);
            }
        }
        return r;
    }

    /** Stats of a summary key over the successful runs of a label. */
    static Stats summary(List<Run> runs, String label, String key) {
        List<Double> v = new ArrayList<>();
        for (Run r : of(runs, label)) {
            if (r.ok()) {
                v.add(r.summary(key));
            }
        }
        return Stats.of(v);
    }

    /** Stats of a last-epoch metric over the successful runs of a label. */
    static Stats last(List<Run> runs, String label, String key) {
        List<Double> v = new ArrayList<>();
        for (Run r : of(runs, label)) {
            if (r.ok()) {
                v.add(r.last(key));
            }
        }
        return Stats.of(v);
    }

    static Stats epochSeconds(List<Run> runs, String label) {
        List<Double> v = new ArrayList<>();
        for (Run r : of(runs, label)) {
            if (r.ok()) {
                v.add(r.epochSeconds());
            }
        }
        return Stats.of(v);
    }

    static int failures(List<Run> runs, String label) {
        int f = 0;
        for (Run r : of(runs, label)) {
            f += r.ok() ? 0 : 1;
        }
        return f;
    }

    /** Writes runs.csv (one row per run) and epochs.csv (one row per run and epoch). */
    static void writeCsvs(Path out, List<Run> runs, List<String> variantKeys) throws IOException {
        Out.Csv rc = new Out.Csv();
        Out.Csv ec = new Out.Csv();
        for (Run r : runs) {
            var row = rc.row();
            row.put("label", r.variant().label());
            for (String k : variantKeys) {
                row.put(k, r.config().toMap().get(k));
            }
            row.put("seed", r.seed());
            row.put("status", r.status());
            for (String k : List.of("linear_top1", "knn_top1", "floor_pixels_linear_top1", "floor_pixels_knn_top1",
                    "floor_random_encoder_linear_top1", "floor_random_encoder_knn_top1", "final_loss")) {
                row.put(k, r.summary(k));
            }
            for (String k : List.of("erank_embedding", "erank_projector", "erank_batch_in", "erank_batch_out")) {
                row.put(k + "_last_epoch", r.last(k));
            }
            row.put("epochs_done", Math.max(0, r.epochs().size() - 1));
            row.put("epoch_seconds", r.epochSeconds());
            row.put("run_seconds", Math.round(r.seconds() * 10) / 10.0);
            for (Map<String, String> e : r.epochs()) {
                var er = ec.row();
                er.put("label", r.variant().label());
                er.put("seed", r.seed());
                for (String k : List.of("epoch", "loss", "knn_top1", "erank_embedding", "erank_projector",
                        "erank_batch_out")) {
                    er.put(k, e.getOrDefault(k, ""));
                }
            }
        }
        rc.write(out.resolve("runs.csv"));
        ec.write(out.resolve("epochs.csv"));
    }

    /** Mean over seeds of a per-epoch metric of a label, by epoch (epochs that every successful run has). */
    static double[][] meanCurve(List<Run> runs, String label, String key) {
        List<Run> ok = new ArrayList<>();
        for (Run r : of(runs, label)) {
            if (!r.epochs().isEmpty()) {
                ok.add(r);
            }
        }
        if (ok.isEmpty()) {
            return new double[][] {new double[0], new double[0]};
        }
        int n = Integer.MAX_VALUE;
        for (Run r : ok) {
            n = Math.min(n, r.epochs().size());
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int e = 0; e < n; e++) {
            x[e] = e;
            double s = 0;
            int c = 0;
            for (Run r : ok) {
                String v = r.epochs().get(e).get(key);
                if (v != null && !v.isEmpty()) {
                    s += Double.parseDouble(v);
                    c++;
                }
            }
            y[e] = c > 0 ? s / c : Double.NaN;
        }
        return new double[][] {x, y};
    }

    /** A line for the report: what the base config is. */
    static String baseLine(Context ctx) {
        TrainConfig b = ctx.base();
        return Out.f("Base config (preset %s): MLP %s, projector %d-%d-%d, %s; %d epochs, batch %d, %s lr %s, %d / %d "
                + "class-balanced Fashion-MNIST images, linear probe %d epochs, %d-NN; everything else as "
                + "`TrainConfig.DEFAULTS`. Seeds %s. Each run's config, manifest, metrics and summary are in `runs/`.",
                ctx.preset().id(), b.hidden(), b.projectorHidden(), b.projectorHidden(), b.projectorOut(),
                b.objective().mode() == null ? "the method's mode" : b.objective().mode().id() + " mode", b.epochs(),
                b.batch(), b.optimizer().id(), Out.num(b.lr()), b.trainImages(), b.testImages(), b.probeEpochs(),
                b.knnK(), ctx.seeds());
    }
}
