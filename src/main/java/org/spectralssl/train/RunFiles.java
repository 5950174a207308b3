package org.spectralssl.train;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The run directory:
 * <pre>
 *   config.txt      the config, every key (reload with train --config DIR/config.txt)
 *   manifest.json   seed, git commit, JVM, OS, compute device, data source and SHA-256, start time
 *   metrics.jsonl   one JSON object per epoch (epoch 0 = before training), written as it goes
 *   metrics.csv     the same as a table
 *   steps.csv       the loss of every step
 *   spectra.csv     eigenvalues per epoch: embedding, projector output, last batch in/out of the transform
 *   checkpoint.bin  final parameters and batch-norm statistics ({@link Checkpoint})
 *   checkpoints/    resume checkpoints, the newest K ({@link CheckpointStore}); resumes.log: each resume
 *   guard/          evidence of each bad step the numerical guard caught ({@link Guard}), when there was one
 *   plots/          loss.png, accuracy.png, spectrum.png, spectrum_projector.png, effective_rank.png,
 *                   spectrum_transformed.png (methods that whiten)
 *   summary.json    final accuracies beside the floors; every field but {@code seconds} is fixed by the config and data
 * </pre>
 */
public final class RunFiles {
    public static final String CONFIG = "config.txt";
    public static final String MANIFEST = "manifest.json";
    public static final String METRICS_JSONL = "metrics.jsonl";
    public static final String METRICS_CSV = "metrics.csv";
    public static final String STEPS_CSV = "steps.csv";
    public static final String SPECTRA_CSV = "spectra.csv";
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String PLOTS = "plots";
    public static final String SUMMARY = "summary.json";
    public static final String RESUMES = "resumes.log";

    private final Path dir;

    private RunFiles(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code dir} (it may exist, but must not already hold a run) and writes the config and manifest. */
    static RunFiles create(Path dir, TrainConfig c, TrainData data, org.spectralssl.linalg.ComputeDevice device)
            throws IOException {
        if (Files.exists(dir.resolve(SUMMARY)) || Files.exists(dir.resolve(METRICS_JSONL))) {
            throw new org.spectralssl.linalg.InvalidInputException(dir + " already holds a run; choose another --out");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new org.spectralssl.linalg.InvalidInputException(dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir.resolve(PLOTS));
            c.write(dir.resolve(CONFIG));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new org.spectralssl.linalg.InvalidInputException("cannot write the run directory " + dir + " ("
                    + why + "); choose a writable --out");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", c.seed());
        m.put("git_commit", gitCommit());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("device", device.describe());
        m.put("matrix_products", org.spectralssl.linalg.Gemm.kernel());
        m.put("data_source", data.source());
        m.put("data_sha256", data.sha256());
        m.put("train_images", data.train().size());
        m.put("test_images", data.test().size());
        m.put("started", java.time.Instant.now().toString());
        Files.writeString(dir.resolve(MANIFEST), JsonText.pretty(m), StandardCharsets.UTF_8);
        return new RunFiles(dir);
    }

    /**
     * Reopens an unfinished run for {@code train --resume}: {@code dir} must hold a config.txt equal
     * to {@code c} and no summary.json.
     */
    static RunFiles reopen(Path dir, TrainConfig c) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new org.spectralssl.linalg.InvalidInputException(dir + " holds no run to resume (no " + CONFIG
                    + "); start it without --resume");
        }
        if (Files.exists(dir.resolve(SUMMARY))) {
            throw new org.spectralssl.linalg.InvalidInputException(dir + " holds a finished run (" + SUMMARY
                    + " exists: completed, or stopped by the guard); nothing to resume");
        }
        TrainConfig saved = TrainConfig.read(dir.resolve(CONFIG));
        if (!saved.equals(c)) {
            throw new org.spectralssl.linalg.InvalidInputException("the config differs from " + dir.resolve(CONFIG)
                    + "; resume with the run's own config (give no config options with --resume)");
        }
        return new RunFiles(dir);
    }

    /** Notes a resume in resumes.log (the manifest keeps the first start). */
    void resumed(Path from, long step, int epoch, List<String> refused) throws IOException {
        String line = java.time.Instant.now() + " resumed from " + dir.relativize(from).toString().replace('\\', '/')
                + " (" + step + " steps done, epoch " + epoch + ")"
                + (refused.isEmpty() ? "" : "; refused newer: " + String.join("; ", refused)) + "\n";
        Files.writeString(dir.resolve(RESUMES), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Replaces metrics.jsonl by {@code rows} (after a resume or rollback, rows written after the checkpoint go). */
    void rewriteMetrics(List<Map<String, Object>> rows) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> r : rows) {
            b.append(JsonText.of(r)).append('\n');
        }
        CheckpointStore.writeAtomically(dir.resolve(METRICS_JSONL), CheckpointStore.FILES,
                b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The summary of a run the guard stopped. */
    void stopped(Map<String, Object> summary) throws IOException {
        CheckpointStore.writeAtomically(dir.resolve(SUMMARY), CheckpointStore.FILES,
                JsonText.pretty(summary).getBytes(StandardCharsets.UTF_8));
    }

    Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    void appendMetrics(Map<String, Object> row) throws IOException {
        Files.writeString(dir.resolve(METRICS_JSONL), JsonText.of(row) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    void finish(Map<String, Object> summary, List<Map<String, Object>> metrics, List<double[]> stepLoss,
            Trainer.Spectra spectra) throws IOException {
        Set<String> cols = new LinkedHashSet<>();
        for (Map<String, Object> r : metrics) {
            cols.addAll(r.keySet());
        }
        StringBuilder csv = new StringBuilder(String.join(",", cols)).append('\n');
        for (Map<String, Object> r : metrics) {
            List<String> cells = new ArrayList<>();
            for (String k : cols) {
                Object v = r.get(k);
                cells.add(v == null ? "" : v instanceof Double d ? JsonText.number(d) : v.toString());
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(dir.resolve(METRICS_CSV), csv, StandardCharsets.UTF_8);
        StringBuilder steps = new StringBuilder("step,loss\n");
        for (double[] s : stepLoss) {
            steps.append((long) s[0]).append(',').append(JsonText.number(s[1])).append('\n');
        }
        Files.writeString(dir.resolve(STEPS_CSV), steps, StandardCharsets.UTF_8);
        StringBuilder sp = new StringBuilder("epoch,kind,index,eigenvalue\n");
        for (Map.Entry<Integer, Map<String, double[]>> e : spectra.byEpoch.entrySet()) {
            for (Map.Entry<String, double[]> k : e.getValue().entrySet()) {
                double[] v = k.getValue();
                for (int i = 0; i < v.length; i++) {
                    sp.append(e.getKey()).append(',').append(k.getKey()).append(',').append(i + 1).append(',')
                            .append(JsonText.number(v[i])).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve(SPECTRA_CSV), sp, StandardCharsets.UTF_8);
        plots(summary, metrics, stepLoss, spectra);
        CheckpointStore.writeAtomically(dir.resolve(SUMMARY), CheckpointStore.FILES,
                JsonText.pretty(summary).getBytes(StandardCharsets.UTF_8));
    }

    private void plots(Map<String, Object> summary, List<Map<String, Object>> metrics, List<double[]> stepLoss,
            Trainer.Spectra spectra) throws IOException {
        Path pd = dir.resolve(PLOTS);
        // loss: every step, and the epoch means of each term
        List<Plots.Series> loss = new ArrayList<>();
        double[] sx = new double[stepLoss.size()];
        double[] sy = new double[stepLoss.size()];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = stepLoss.get(i)[0];
            sy[i] = stepLoss.get(i)[1];
        }
        loss.add(new Plots.Series("loss (per step)", sx, sy, new Color(0xaaaaaa)));
        List<Map<String, Object>> trained = metrics.subList(1, metrics.size());
        Set<String> terms = new LinkedHashSet<>();
        for (Map<String, Object> r : trained) {
            for (String k : r.keySet()) {
                if (!Set.of("epoch", "step", "lr", "beta", "images_per_second", "seconds").contains(k)
                        && !k.startsWith("knn") && !k.startsWith("erank") && !k.startsWith("cond")
                        && !k.startsWith("guard")) {
                    terms.add(k);
                }
            }
        }
        int ci = 0;
        for (String t : terms) {
            loss.add(new Plots.Series(t + " (epoch mean)", column(trained, "step"), column(trained, t),
                    Plots.PALETTE[ci++ % Plots.PALETTE.length]));
        }
        Plots.lineChart(pd.resolve("loss.png"), "Loss and its terms", "step", "value", loss, true);

        // accuracy: per-epoch monitor kNN, final results and floors as dashed lines
        double[] ex = column(metrics, "epoch");
        double lastEpoch = ex[ex.length - 1];
        List<Plots.Series> acc = new ArrayList<>();
        acc.add(new Plots.Series("kNN, monitor subset", ex, column(metrics, "knn_top1"), Plots.PALETTE[0]));
        int k = 1;
        Map<String, String> names = new LinkedHashMap<>();
        names.put("knn_top1", "kNN, trained");
        names.put("linear_top1", "linear, trained");
        names.put("floor_pixels_linear_top1", "linear, pixels");
        names.put("floor_random_encoder_linear_top1", "linear, random enc.");
        names.put("floor_pixels_knn_top1", "kNN, pixels");
        names.put("floor_random_encoder_knn_top1", "kNN, random enc.");
        for (Map.Entry<String, String> e : names.entrySet()) {
            double v = ((Number) summary.get(e.getKey())).doubleValue();
            acc.add(new Plots.Series(e.getValue() + String.format(java.util.Locale.ROOT, " %.3f", v),
                    new double[] {0, lastEpoch}, new double[] {v, v}, Plots.PALETTE[k++ % Plots.PALETTE.length],
                    e.getKey().startsWith("floor")));
        }
        Plots.lineChart(pd.resolve("accuracy.png"), "Top-1 on test images (dashed: floors)", "epoch", "top-1", acc, false);

        spectrumPlot(pd.resolve("spectrum.png"), "Embedding (backbone) spectrum per epoch", "embedding", spectra);
        spectrumPlot(pd.resolve("spectrum_projector.png"), "Projector output spectrum per epoch", "projector", spectra);
        if (spectra.byEpoch.values().stream().anyMatch(m -> m.containsKey("batch_out"))) {
            spectrumPlot(pd.resolve("spectrum_transformed.png"), "Transformed output spectrum (last batch) per epoch",
                    "batch_out", spectra);
        }

        List<Plots.Series> er = new ArrayList<>();
        int j = 0;
        for (String key : List.of("erank_embedding", "erank_projector", "erank_batch_in", "erank_batch_out")) {
            double[] y = column(metrics, key);
            if (java.util.Arrays.stream(y).anyMatch(Double::isFinite)) {
                er.add(new Plots.Series(key, ex, y, Plots.PALETTE[j++]));
            }
        }
        Plots.lineChart(pd.resolve("effective_rank.png"), "Effective rank", "epoch", "exp(entropy)", er, false);
    }

    private static void spectrumPlot(Path file, String title, String kind, Trainer.Spectra spectra) throws IOException {
        List<Plots.Series> s = new ArrayList<>();
        int n = spectra.byEpoch.size();
        int i = 0;
        for (Map.Entry<Integer, Map<String, double[]>> e : spectra.byEpoch.entrySet()) {
            double[] v = e.getValue().get(kind);
            if (v != null) {
                double[] x = new double[v.length];
                for (int r = 0; r < x.length; r++) {
                    x[r] = r + 1;
                }
                boolean label = i == 0 || i == n - 1 || n <= 8;
                s.add(new Plots.Series(label ? "epoch " + e.getKey() : null, x, v, Plots.ramp(n > 1 ? (double) i / (n - 1) : 1)));
            }
            i++;
        }
        Plots.lineChart(file, title, "index (largest first)", "eigenvalue", s, true);
    }

    private static double[] column(List<Map<String, Object>> rows, String key) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = rows.get(i).get(key);
            out[i] = v instanceof Number nn ? nn.doubleValue() : Double.NaN;
        }
        return out;
    }

    /** {@code git rev-parse HEAD} in the working directory, or "unknown". */
    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && s.matches("[0-9a-f]{40}") ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Reads the file names of a run directory for messages. */
    static Map<String, Path> layout(Path dir) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String f : List.of(CONFIG, MANIFEST, METRICS_JSONL, METRICS_CSV, STEPS_CSV, SPECTRA_CSV, CHECKPOINT, PLOTS,
                SUMMARY)) {
            m.put(f, dir.resolve(f));
        }
        return m;
    }
}
