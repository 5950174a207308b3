package org.spectralssl.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Precision;

/** Reads a finished run directory (see {@link RunFiles}): its config, spectra, and re-evaluates its checkpoint. */
public final class RunReader {
    private RunReader() {}

    /** The run's config.txt. */
    public static TrainConfig config(Path dir) {
        requireRun(dir, RunFiles.CONFIG);
        return TrainConfig.read(dir.resolve(RunFiles.CONFIG));
    }

    /** spectra.csv: epoch → kind → eigenvalues, descending. */
    public static Map<Integer, Map<String, double[]>> spectra(Path dir) {
        requireRun(dir, RunFiles.SPECTRA_CSV);
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(RunFiles.SPECTRA_CSV), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(dir.resolve(RunFiles.SPECTRA_CSV) + ": " + e.getMessage());
        }
        Map<Integer, Map<String, List<Double>>> acc = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 4) {
                throw new InvalidInputException(dir.resolve(RunFiles.SPECTRA_CSV) + " line " + (i + 1)
                        + ": expected epoch,kind,index,eigenvalue");
            }
            acc.computeIfAbsent(Integer.parseInt(f[0]), e -> new LinkedHashMap<>())
                    .computeIfAbsent(f[1], k -> new java.util.ArrayList<>())
                    .add(f[3].equals("null") ? Double.NaN : Double.parseDouble(f[3]));
        }
        Map<Integer, Map<String, double[]>> out = new TreeMap<>();
        for (var e : acc.entrySet()) {
            Map<String, double[]> m = new LinkedHashMap<>();
            for (var k : e.getValue().entrySet()) {
                m.put(k.getKey(), k.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            }
            out.put(e.getKey(), m);
        }
        return out;
    }

    /**
     * Loads the run's data and checkpoint and evaluates the encoder again: kNN and the linear probe
     * (with the run's settings unless {@code probeEpochs} &gt; 0 overrides the epochs). Writes
     * eval.json into the run directory and returns its fields.
     */
    public static Map<String, Object> evaluate(Path dir, int probeEpochs, int threads, PrintStream log)
            throws IOException {
        requireRun(dir, RunFiles.CHECKPOINT);
        TrainConfig c = config(dir);
        TrainData data = TrainData.fashionMnist(c);
        if (log != null) {
            log.println("data: " + data.source());
        }
        Model model = Model.build(c, data.train().height(), data.train().width(), Precision.FLOAT32);
        Checkpoint.load(model, dir.resolve(RunFiles.CHECKPOINT));
        LinearProbe.Settings probe = new LinearProbe.Settings(probeEpochs > 0 ? probeEpochs : c.probeEpochs(),
                c.probeLr(), c.probeBatch(), c.probeWeightDecay());
        Trainer.Evaluation ev = Trainer.evaluate(model, c, data.train(), data.test(), probe,
                Trainer.STREAM_PROBE_TRAINED, threads);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_images", data.train().size());
        m.put("test_images", data.test().size());
        m.put("data_sha256", data.sha256());
        m.put("knn_k", c.knnK());
        m.put("knn_top1", ev.knn().top1());
        m.put("knn_top5", ev.knn().top5());
        m.put("probe_epochs", probe.epochs());
        m.put("linear_top1", ev.probe().top1());
        m.put("linear_top5", ev.probe().top5());
        m.put("linear_train_top1", ev.probe().trainTop1());
        Files.writeString(dir.resolve("eval.json"), JsonText.pretty(m), StandardCharsets.UTF_8);
        return m;
    }

    private static void requireRun(Path dir, String file) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": no such run directory (make one with: train --out " + dir + ")");
        }
        if (!Files.isRegularFile(dir.resolve(file))) {
            throw new InvalidInputException(dir + " has no " + file + "; is it a finished run directory of 'train'?");
        }
    }
}
