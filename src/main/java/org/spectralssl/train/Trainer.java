package org.spectralssl.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.data.AugmentConfig;
import org.spectralssl.data.Augmenter;
import org.spectralssl.data.ImageDataset;
import org.spectralssl.data.Seeds;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.nn.Mode;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;
import org.spectralssl.optim.LrSchedule;
import org.spectralssl.optim.Optimizer;
import org.spectralssl.optim.WarmupCosine;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.spectral.Whitening;

/**
 * The training run: floors, pre-training with per-epoch diagnostics, final evaluation, and the
 * run directory ({@link RunFiles}).
 *
 * <p>Randomness (data/Seeds, all from the config's seed): initial weights from INITIALISATION
 * (encoder 0, projector 1); each epoch's order from SHUFFLE (epoch); each augmented image from
 * AUGMENTATION (epoch, image index, view); probes and monitor subsets from EVALUATION streams
 * (see the {@code STREAM_} constants). Work is single-threaded except feature extraction and kNN,
 * whose results do not depend on the number of threads, so a seed fixes every number of the
 * run except timings.
 */
public final class Trainer {
    private Trainer() {}

    static final int STREAM_PROBE_PIXELS = 1;
    static final int STREAM_PROBE_RANDOM = 2;
    static final int STREAM_PROBE_TRAINED = 3;
    static final int STREAM_MONITOR_BANK = 10;
    static final int STREAM_MONITOR_QUERIES = 11;

    /**
     * How to run, without effect on the results.
     *
     * @param threads threads for feature extraction and kNN
     * @param log     progress and messages (stderr), or null for none
     * @param device  where the objective's matrix work runs (whitening methods only); the run's
     *                manifest, progress line and summary name it. Results agree with the CPU's
     *                within the device's rounding, not bit for bit.
     */
    public record Options(int threads, PrintStream log, ComputeDevice device) {
        public Options {
            java.util.Objects.requireNonNull(device, "device");
        }

        /** On the CPU reference path. */
        public Options(int threads, PrintStream log) {
            this(threads, log, CpuDevice.INSTANCE);
        }
    }

    /** The augmentation of a run: the data package's default recipe with the config's crop scale, jitter and blur. */
    public static AugmentConfig augmentation(TrainConfig c) {
        AugmentConfig d = AugmentConfig.DEFAULT;
        AugmentConfig.Crop crop = new AugmentConfig.Crop(d.crop().probability(), c.cropScaleMin(), d.crop().scaleMax(),
                d.crop().ratioMin(), d.crop().ratioMax());
        AugmentConfig.Jitter jitter = new AugmentConfig.Jitter(c.jitterProbability(), c.jitterStrength(),
                c.jitterStrength());
        AugmentConfig.Blur blur = new AugmentConfig.Blur(c.blurProbability(), d.blur().sigmaMin(), d.blur().sigmaMax(),
                d.blur().kernelSize());
        return new AugmentConfig(crop, d.flipProbability(), jitter, blur, d.noise(), d.erasing());
    }

    /** Runs everything and writes {@code out}; returns the summary (also in summary.json). */
    public static Map<String, Object> run(TrainConfig c, TrainData data, Path out, Options o) throws IOException {
        return run(c, data, out, o, false);
    }

    /**
     * As {@link #run(TrainConfig, TrainData, Path, Options)}; with {@code resume}, continues the
     * unfinished run in {@code out} (whose config.txt must be {@code c}) from its newest usable
     * checkpoint, to the same results as an uninterrupted run (timings apart).
     */
    public static Map<String, Object> run(TrainConfig c, TrainData data, Path out, Options o, boolean resume)
            throws IOException {
        return run(c, data, out, o, resume, CheckpointStore.FILES);
    }

    /** As above, writing checkpoints through {@code sink} (tests inject a failing one). */
    static Map<String, Object> run(TrainConfig c, TrainData data, Path out, Options o, boolean resume,
            CheckpointStore.Sink sink) throws IOException {
        long t0 = System.nanoTime();
        c.method().requireRunsOn(o.device().kind());
        if (c.objective().float32Loss() && o.device().kind() != ComputeDevice.Kind.CPU) {
            throw new InvalidInputException("loss-precision = float32 runs on the CPU only; use --device cpu or "
                    + "loss-precision = float64");
        }
        Guard.preflight(c);
        RunFiles files = resume ? RunFiles.reopen(out, c) : RunFiles.create(out, c, data, o.device());
        say(o, "data: " + data.source());
        say(o, "device: " + o.device().describe());
        say(o, "matrix products: " + org.spectralssl.linalg.Gemm.kernel() + "; " + org.spectralssl.linalg.Gemm.threads()
                + " threads (neither changes a result)");
        ImageDataset train = data.train();
        ImageDataset test = data.test();
        int classes = train.numClasses();
        int stepsPerEpoch = train.size() / c.batch();
        if (stepsPerEpoch < 1) {
            throw new org.spectralssl.linalg.InvalidInputException("batch " + c.batch() + " is larger than the "
                    + train.size() + " training images; lower --batch");
        }
        Model model = Model.build(c, train.height(), train.width(), Precision.FLOAT32);
        say(o, String.format(Locale.ROOT, "model: encoder %s (%,d parameters), projector %s; method %s, %d views",
                c.encoder().id(), model.encoder().parameterCount(), c.projectorHidden() + "-" + c.projectorHidden() + "-"
                        + c.projectorOut(), c.method().id(), c.views()));

        Map<String, Object> summary = new LinkedHashMap<>();
        LinearProbe.Settings probe = LinearProbe.settingsOf(c);
        // Monitor subsets for the per-epoch kNN and spectra.
        ImageDataset bank = sample(train, c.monitorBank(), c.seed(), STREAM_MONITOR_BANK);
        ImageDataset queries = sample(test, c.monitorQueries(), c.seed(), STREAM_MONITOR_QUERIES);

        Augmenter aug = new Augmenter(augmentation(c), train.height(), train.width());
        Optimizer opt = c.optimizer().create(model.parameters(), c.momentum(), c.weightDecay());
        long totalSteps = (long) stepsPerEpoch * c.epochs();
        EmaTarget ema = c.method().usesTarget()
                ? new EmaTarget(model, Model.build(c, train.height(), train.width(), Precision.FLOAT32), c.emaMomentum(),
                        totalSteps)
                : null;
        Model target = ema == null ? null : ema.model();
        long warm = Math.min(Math.round(c.warmupEpochs() * stepsPerEpoch), totalSteps - 1);
        LrSchedule schedule = new WarmupCosine(c.lr(), warm, totalSteps, WarmupCosine.PAPER_FINAL_FRACTION);
        CheckpointStore store = new CheckpointStore(out, c, data.sha256(), sink);
        Guard guard = new Guard(c, out);

        // The state to start from: a checkpoint, or the floors and epoch 0 measured now.
        TrainState good;
        if (resume) {
            CheckpointStore.Loaded l = store.loadLatest(o.log());
            good = l.state();
            good.restoreInto(model, target, opt);
            guard.restore(good.guard);
            files.resumed(l.file(), good.step, good.epoch, l.refused());
            files.rewriteMetrics(good.metrics);
            say(o, "resuming from " + l.file() + ": " + good.step + " steps done, epoch " + good.epoch + ", batch "
                    + good.batch);
        } else {
            // Floors, measured in this run: a probe on raw pixels and the same encoder at initialisation.
            int p = train.pixelsPerImage();
            say(o, "floors: linear probe and " + c.knnK() + "-NN on raw pixels and on the randomly initialised encoder");
            LinearProbe.Result pixProbe = LinearProbe.fit(train.pixels(), train.labels(), test.pixels(), test.labels(), p,
                    classes, probe, c.seed(), STREAM_PROBE_PIXELS);
            Knn.Result pixKnn = Knn.evaluate(train.pixels(), train.labels(), test.pixels(), test.labels(), p, c.knnK(),
                    classes, o.threads());
            Evaluation random = evaluate(model, c, train, test, probe, STREAM_PROBE_RANDOM, o.threads());
            Map<String, Object> floors = new LinkedHashMap<>();
            floors.put("floor_pixels_linear_top1", pixProbe.top1());
            floors.put("floor_pixels_linear_top5", pixProbe.top5());
            floors.put("floor_pixels_knn_top1", pixKnn.top1());
            floors.put("floor_random_encoder_linear_top1", random.probe().top1());
            floors.put("floor_random_encoder_linear_top5", random.probe().top5());
            floors.put("floor_random_encoder_knn_top1", random.knn().top1());
            Spectra spectra0 = new Spectra();
            Map<String, Object> row0 = monitor(model, c, bank, queries, null, o.threads(), spectra0, 0);
            row0.put("guard_rollbacks", 0);
            row0.put("seconds", seconds(t0));
            good = TrainState.capture(0, 1, 0, model, target, opt, new LinkedHashMap<>(), List.of(row0), List.of(),
                    spectra0, floors, Guard.initialState());
            store.save(good);
            // after the first checkpoint: a run killed before it has no metrics.jsonl and can simply be started again
            files.appendMetrics(row0);
            say(o, epochLine(row0, c.epochs()));
        }

        List<Map<String, Object>> metrics = good.metricsCopy();
        List<double[]> stepLoss = good.stepLossCopy();
        Spectra spectra = new Spectra();
        good.spectraInto(spectra);
        Map<String, Double> sums = good.sumsCopy();
        long step = good.step;
        int epoch = good.epoch;
        int first = good.batch;

        Progress progress = new Progress(o.log(), "train on " + deviceId(o.device()), totalSteps * c.batch(), "img");
        int[] order = new int[train.size()];
        long stepsAtStart = step;
        long tTrain = System.nanoTime();
        while (epoch <= c.epochs()) {
            Shuffle.permutation(order, Seeds.random(c.seed(), Seeds.Purpose.SHUFFLE, epoch));
            Method.Evaluation last = null;
            double lr = 0;
            // A bad step or epoch end: what, where, and the step's evaluation (null when it threw).
            String bad = null;
            int badBatch = 0;
            int[] badImages = new int[0];
            Method.Evaluation badEval = null;
            for (int b = first; b < stepsPerEpoch; b++) {
                int[] idx = java.util.Arrays.copyOfRange(order, b * c.batch(), (b + 1) * c.batch());
                List<Tensor> views = new ArrayList<>();
                for (int v = 0; v < c.views(); v++) {
                    float[] x = aug.view(train, idx, c.seed(), epoch, v);
                    views.add(Tensor.of(x, idx.length, model.inputShape()));
                }
                Guard.Remedy remedy = guard.remedy();
                Method.Evaluation ev = null;
                try {
                    ev = Step.run(model, target, views, remedy.method(), remedy.settings(), o.threads(), o.device());
                    bad = guard.inspect(ev, remedy, model.parameters());
                } catch (org.spectralssl.linalg.InvalidInputException | ArithmeticException | IllegalStateException e) {
                    bad = "the step failed: " + e.getMessage();
                }
                if (bad == null) {
                    lr = schedule.at(step) * remedy.lrScale();
                    opt.step(lr);
                    bad = guard.inspectParameters(model.parameters());
                }
                if (bad != null) {
                    badBatch = b;
                    badImages = idx;
                    badEval = ev;
                    break;
                }
                double loss = ev.loss().value();
                step++;
                if (ema != null) {
                    sums.merge("ema_momentum", ema.update(step), Double::sum);
                }
                sums.merge("loss", loss, Double::sum);
                for (Map.Entry<String, Double> e : ev.loss().terms().entrySet()) {
                    sums.merge(e.getKey(), e.getValue(), Double::sum);
                }
                stepLoss.add(new double[] {step, loss});
                last = ev;
                progress.update(step * c.batch(), String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", epoch,
                        c.epochs(), loss));
                if (c.checkpointEvery() > 0 && step % c.checkpointEvery() == 0 && b + 1 < stepsPerEpoch) {
                    good = TrainState.capture(step, epoch, b + 1, model, target, opt, sums, metrics, stepLoss, spectra,
                            good.floors, guard.state());
                    store.save(good);
                }
            }
            Map<String, Object> monitored = null;
            if (bad == null) {
                try {
                    monitored = monitor(model, c, bank, queries, last, o.threads(), spectra, epoch);
                } catch (org.spectralssl.linalg.InvalidInputException | ArithmeticException | IllegalStateException e) {
                    bad = "the end-of-epoch monitor failed: " + e.getMessage();
                    badBatch = stepsPerEpoch;
                }
            }
            if (bad != null) {
                boolean retry = guard.mayRollBack();
                Map<String, Object> event = guard.record(bad, epoch, badBatch, step + 1, badImages, badEval,
                        model.parameters(), retry ? good.step : -1);
                String where = "epoch " + epoch + ", step " + (step + 1) + ": " + bad;
                if (!retry) {
                    Map<String, Object> stopped = new LinkedHashMap<>();
                    stopped.put("status", "stopped by the numerical guard");
                    stopped.put("method", c.method().id());
                    stopped.put("seed", c.seed());
                    stopped.put("epochs", c.epochs());
                    stopped.put("steps", step);
                    stopped.put("stopped_at", where);
                    guard.summarise(stopped);
                    stopped.put("seconds", seconds(t0));
                    files.stopped(stopped);
                    throw new NonFiniteException("the numerical guard stopped the run at " + where + "; "
                            + event.get("action") + "; evidence in " + out.resolve((String) event.get("evidence"))
                            + " (lower --lr, or use a more stable method or setting)");
                }
                say(o, "guard: " + where + "; " + event.get("action") + " (evidence: " + event.get("evidence") + ")");
                good.restoreInto(model, target, opt);
                metrics = good.metricsCopy();
                stepLoss = good.stepLossCopy();
                good.spectraInto(spectra);
                sums = good.sumsCopy();
                step = good.step;
                epoch = good.epoch;
                first = good.batch;
                files.rewriteMetrics(metrics);
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", epoch);
            row.put("step", step);
            row.put("lr", lr);
            for (Map.Entry<String, Double> e : sums.entrySet()) {
                row.put(e.getKey(), e.getValue() / stepsPerEpoch);
            }
            row.putAll(monitored);
            row.put("guard_rollbacks", guard.rollbacks());
            double trainSecs = (System.nanoTime() - tTrain) / 1e9;
            row.put("images_per_second", (step - stepsAtStart) * c.batch() / trainSecs);
            row.put("seconds", seconds(t0));
            metrics.add(row);
            files.appendMetrics(row);
            progress.finish(step * c.batch(), String.format(Locale.ROOT, "epoch %d/%d", epoch, c.epochs()));
            say(o, epochLine(row, c.epochs()));
            epoch++;
            first = 0;
            sums = new LinkedHashMap<>();
            good = TrainState.capture(step, epoch, 0, model, target, opt, sums, metrics, stepLoss, spectra, good.floors,
                    guard.state());
            store.save(good);
        }

        say(o, "evaluating the pre-trained encoder: " + c.knnK() + "-NN and linear probe on "
                + train.size() + " / " + test.size() + " images");
        Evaluation trained = evaluate(model, c, train, test, probe, STREAM_PROBE_TRAINED, o.threads());
        Checkpoint.save(model, files.checkpoint());

        Map<String, Object> last = metrics.get(metrics.size() - 1);
        summary.put("method", c.method().id());
        summary.put("seed", c.seed());
        summary.put("epochs", c.epochs());
        summary.put("steps", step);
        summary.put("train_images", train.size());
        summary.put("test_images", test.size());
        summary.put("data_sha256", data.sha256());
        summary.put("device", o.device().describe());
        summary.put("knn_top1", trained.knn().top1());
        summary.put("knn_top5", trained.knn().top5());
        summary.put("linear_top1", trained.probe().top1());
        summary.put("linear_top5", trained.probe().top5());
        summary.put("linear_train_top1", trained.probe().trainTop1());
        summary.putAll(good.floors);
        summary.put("final_loss", last.get("loss"));
        summary.put("erank_embedding", last.get("erank_embedding"));
        summary.put("erank_projector", last.get("erank_projector"));
        guard.summarise(summary);
        summary.put("seconds", seconds(t0));
        files.finish(summary, metrics, stepLoss, spectra);
        return summary;
    }

    /** kNN and probe results of one encoder. */
    record Evaluation(Knn.Result knn, LinearProbe.Result probe) {}

    static Evaluation evaluate(Model model, TrainConfig c, ImageDataset train, ImageDataset test,
            LinearProbe.Settings probe, int stream, int threads) {
        int f = model.features();
        float[] ft = Features.extract(model.encoder(), model.inputShape(), f, train, threads);
        float[] fq = Features.extract(model.encoder(), model.inputShape(), f, test, threads);
        requireFinite(ft, "the encoder's features of the training images");
        requireFinite(fq, "the encoder's features of the test images");
        Knn.Result knn = Knn.evaluate(ft, train.labels(), fq, test.labels(), f, c.knnK(), train.numClasses(), threads);
        LinearProbe.Result pr = LinearProbe.fit(ft, train.labels(), fq, test.labels(), f, train.numClasses(), probe,
                c.seed(), stream);
        return new Evaluation(knn, pr);
    }

    /** Throws a {@link NonFiniteException} naming {@code what} if {@code x} holds NaN or ±∞: no accuracy from a broken state. */
    static void requireFinite(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new NonFiniteException(what + " hold " + x[i] + " (value " + i + "); the encoder's state is "
                        + "broken, so no accuracy is reported (lower --lr)");
            }
        }
    }

    /** The diagnostics of one epoch: monitor kNN, spectra of the embedding, projector output and last batch. */
    private static Map<String, Object> monitor(Model model, TrainConfig c, ImageDataset bank, ImageDataset queries,
            Method.Evaluation lastBatch, int threads, Spectra spectra, int epoch) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (epoch == 0) {
            row.put("epoch", 0);
            row.put("step", 0);
        }
        int f = model.features();
        float[] fb = Features.extract(model.encoder(), model.inputShape(), f, bank, threads);
        float[] fq = Features.extract(model.encoder(), model.inputShape(), f, queries, threads);
        requireFinite(fb, "the encoder's features of the monitor bank");
        requireFinite(fq, "the encoder's features of the monitor queries");
        Knn.Result knn = Knn.evaluate(fb, bank.labels(), fq, queries.labels(), f, c.knnK(), bank.numClasses(), threads);
        row.put("knn_top1", knn.top1());
        double[] emb = Spectra.covarianceEigenvalues(fb, bank.size(), f);
        Tensor proj = model.projector().forward(Tensor.of(fb, bank.size(), f), Mode.EVAL).output();
        double[] pro = Spectra.covarianceEigenvalues(proj.floats(), bank.size(), proj.cols());
        spectra.put(epoch, "embedding", emb);
        spectra.put(epoch, "projector", pro);
        row.put("erank_embedding", SpectrumReport.effectiveRank(emb));
        row.put("cond_embedding", SpectrumReport.conditionNumber(ascending(emb)));
        row.put("erank_projector", SpectrumReport.effectiveRank(pro));
        if (lastBatch != null && !lastBatch.whitenings().isEmpty()) {
            // the first view the loss differentiates: view 0, or view 1 when view 0 is the target's
            Whitening w = lastBatch.whitenings().get(c.method().usesTarget() ? 1 : 0);
            SpectrumReport r = w.report();
            spectra.put(epoch, "batch_in", descending(r.eigenvaluesIn()));
            spectra.put(epoch, "batch_out", descending(r.eigenvaluesOut()));
            row.put("erank_batch_in", r.effectiveRank());
            row.put("erank_batch_out", r.effectiveRankOut());
            row.put("cond_batch_in", r.conditionNumber());
        }
        return row;
    }

    /** {@code count} images of {@code d} (all if fewer), chosen by an EVALUATION stream, in random order. */
    static ImageDataset sample(ImageDataset d, int count, long seed, int stream) {
        if (count >= d.size()) {
            return d;
        }
        int[] perm = new int[d.size()];
        Shuffle.permutation(perm, Seeds.random(seed, Seeds.Purpose.EVALUATION, stream));
        return d.subset(d.name() + " monitor", java.util.Arrays.copyOf(perm, count));
    }

    static double[] descending(double[] ascending) {
        double[] out = new double[ascending.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ascending[ascending.length - 1 - i];
        }
        return out;
    }

    static double[] ascending(double[] descending) {
        return descending(descending);
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    private static String epochLine(Map<String, Object> row, int epochs) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", (Integer) row.get("epoch"), epochs));
        for (String k : List.of("loss", "align", "lr", "knn_top1", "erank_embedding", "erank_projector",
                "erank_batch_out")) {
            if (row.containsKey(k)) {
                b.append(String.format(Locale.ROOT, "  %s %.4g", k, ((Number) row.get(k)).doubleValue()));
            }
        }
        return b.toString();
    }

    /** "cpu" or "opencl": the short name of the device kind for the progress line. */
    private static String deviceId(ComputeDevice d) {
        return d.kind().name().toLowerCase(Locale.ROOT);
    }

    private static void say(Options o, String line) {
        if (o.log() != null) {
            o.log().println(line);
            o.log().flush();
        }
    }

    /** Eigenvalue spectra by epoch and kind, descending. */
    static final class Spectra {
        final Map<Integer, Map<String, double[]>> byEpoch = new LinkedHashMap<>();

        void put(int epoch, String kind, double[] descending) {
            byEpoch.computeIfAbsent(epoch, e -> new LinkedHashMap<>()).put(kind, descending);
        }

        /** Eigenvalues (descending) of the F×F covariance (divisor N − 1) of N×F features. */
        static double[] covarianceEigenvalues(float[] x, int n, int f) {
            double[] mean = new double[f];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < f; j++) {
                    mean[j] += x[i * f + j];
                }
            }
            DMatrixRMaj xc = new DMatrixRMaj(n, f);
            for (int j = 0; j < f; j++) {
                mean[j] /= n;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < f; j++) {
                    xc.data[i * f + j] = x[i * f + j] - mean[j];
                }
            }
            DMatrixRMaj cov = new DMatrixRMaj(f, f);
            org.ejml.dense.row.CommonOps_DDRM.multTransA(xc, xc, cov);
            org.ejml.dense.row.CommonOps_DDRM.scale(1.0 / Math.max(1, n - 1), cov);
            var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(f, false, true);
            if (!eig.decompose(cov)) {
                throw new IllegalStateException("eigendecomposition of a " + f + "×" + f + " covariance did not converge");
            }
            double[] v = new double[f];
            for (int i = 0; i < f; i++) {
                v[i] = eig.getEigenvalue(i).getReal();
            }
            java.util.Arrays.sort(v);
            return descending(v);
        }
    }

    static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
