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
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.spectralssl.data.FashionMnist;
import org.spectralssl.data.Seeds;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Precision;

/**
 * The soak test: many short training runs with random seeds, methods and hyper-parameters,
 * unstable ones included (large p for st, large T, tiny batches, learning rates up to 10⁶), each
 * checked for a NaN that escaped the guard: a non-finite number in summary.json, steps.csv or the
 * final parameters of a run that completed, or an error other than a guard stop or a refused config.
 * One run in four is also cut off at a random checkpoint (a failing write) and resumed, and must
 * equal the uninterrupted run byte for byte.
 */
public final class Soak {
    private Soak() {}

    /** One run's outcome. */
    record Outcome(int index, String config, String result, int rollbacks, boolean escapedNaN, String resume,
            double seconds, String detail) {}

    /** The totals the report states. */
    public record Totals(int runs, int completed, int stopped, int refused, int internalErrors, int escapedNaN,
            int rollbacks, int runsWithRollbacks, int resumeChecks, int resumeMismatches) {}

    static final List<String> METHODS = List.of("intl", "intl-ema", "iternorm", "st", "wmse", "barlow-twins", "vicreg");

    /** A random config of run {@code i}; about a third of the draws are unstable on purpose. */
    static Map<String, String> draw(long seed, int i) {
        SplittableRandom r = Seeds.random(seed, i);
        Map<String, String> m = new LinkedHashMap<>();
        String method = METHODS.get(r.nextInt(METHODS.size()));
        m.put("method", method);
        m.put("seed", Long.toString(r.nextLong() & 0xffffffL));
        m.put("epochs", Integer.toString(1 + r.nextInt(2)));
        m.put("batch", Integer.toString(pickInt(r, 2, 3, 4, 8, 16, 32, 64)));
        m.put("views", Integer.toString(r.nextInt(4) == 0 ? 3 : 2));
        m.put("hidden", Integer.toString(pickInt(r, 16, 32)));
        m.put("projector-hidden", Integer.toString(pickInt(r, 16, 32)));
        m.put("projector-out", Integer.toString(pickInt(r, 4, 8, 16, 32)));
        m.put("optimizer", pick(r, "sgd", "sgd", "lars", "adamw"));
        m.put("lr", num(Math.pow(10, -3 + 9 * r.nextDouble()))); // 1e-3 … 1e6
        m.put("warmup-epochs", "0");
        boolean whitens = method.equals("intl") || method.equals("intl-ema") || method.equals("iternorm")
                || method.equals("st") || method.equals("wmse");
        m.put("mode", whitens ? pick(r, "samples", "features", "auto") : "auto");
        m.put("iterations", Integer.toString(pickInt(r, 1, 2, 4, 8, 16, 32, 64)));
        m.put("power", pick(r, "0.5", "0.5", "1", "2", "4", "8"));
        if (method.equals("intl") || method.equals("intl-ema")) {
            m.put("beta", r.nextBoolean() ? "auto" : num(0.1 * r.nextDouble()));
        }
        m.put("train-images", Integer.toString(pickInt(r, 100, 200, 300)));
        m.put("test-images", "100");
        m.put("monitor-bank", "100");
        m.put("monitor-queries", "50");
        m.put("probe-epochs", "1");
        m.put("checkpoint-every", Integer.toString(pickInt(r, 0, 1, 3, 7)));
        m.put("guard", r.nextInt(8) == 0 ? "stop" : "rollback");
        return m;
    }

    /**
     * Runs until {@code seconds} have passed (at least one run), writing each run under {@code work}
     * and the report to {@code report}.
     */
    public static Totals run(long seed, double seconds, Path work, Path report, String command, PrintStream log)
            throws IOException {
        FashionMnist.Splits splits = FashionMnist.load(new FashionMnist.Source(FashionMnist.Origin.BUNDLED_SUBSET, null));
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i == 0 || (System.nanoTime() - t0) / 1e9 < seconds; i++) {
            Map<String, String> over = draw(seed, i);
            long ts = System.nanoTime();
            Outcome o = one(i, over, splits, work, reasons, seed);
            outcomes.add(new Outcome(o.index, o.config, o.result, o.rollbacks, o.escapedNaN, o.resume,
                    (System.nanoTime() - ts) / 1e9, o.detail));
            if (log != null) {
                log.printf(Locale.ROOT, "soak %d  %-9s rollbacks %d%s  %s%n", i, o.result, o.rollbacks,
                        o.escapedNaN ? "  ESCAPED NaN" : "", o.config);
                log.flush();
            }
        }
        Totals t = totals(outcomes);
        write(report, t, outcomes, reasons, seed, seconds, (System.nanoTime() - t0) / 1e9, command);
        return t;
    }

    private static Outcome one(int i, Map<String, String> over, FashionMnist.Splits splits, Path work,
            Map<String, Integer> reasons, long seed) throws IOException {
        String text = over.toString().replace(", ", " ").replace("{", "").replace("}", "");
        TrainConfig c;
        try {
            c = TrainConfig.with(TrainConfig.DEFAULTS, over, "soak");
        } catch (InvalidInputException e) {
            return new Outcome(i, text, "refused", 0, false, "", 0, e.getMessage());
        }
        TrainData d = new TrainData(TrainData.balanced(splits.train(), c.trainImages(), "train-images"),
                TrainData.balanced(splits.test(), c.testImages(), "test-images"), splits.source().describe(),
                splits.dataSha256());
        Path dir = work.resolve(String.format(Locale.ROOT, "run-%04d", i));
        String result;
        String detail = "";
        boolean escaped = false;
        int rollbacks = 0;
        String resume = "";
        try {
            Map<String, Object> s = Trainer.run(c, d, dir, new Trainer.Options(1, null));
            result = "complete";
            rollbacks = (Integer) s.get("guard_rollbacks");
            escaped = nonFinite(s, dir, c, d);
            if (escaped) {
                detail = "non-finite value in a completed run's results";
            }
            if (Seeds.random(seed, i, 1).nextInt(4) == 0) {
                resume = resumeCheck(c, d, dir, work.resolve(String.format(Locale.ROOT, "run-%04d-resumed", i)),
                        Seeds.random(seed, i, 2));
            }
        } catch (NonFiniteException e) {
            result = "stopped";
            detail = e.getMessage();
            rollbacks = stoppedRollbacks(dir);
        } catch (InvalidInputException e) {
            result = "refused";
            detail = e.getMessage();
        } catch (RuntimeException e) {
            result = "internal";
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            escaped = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("nan")
                    || String.valueOf(e.getMessage()).contains("finite");
        }
        countReasons(dir, reasons);
        return new Outcome(i, text, result, rollbacks, escaped, resume, 0, detail);
    }

    /** True when a completed run shows a non-finite number where a result should be. */
    static boolean nonFinite(Map<String, Object> s, Path dir, TrainConfig c, TrainData d) throws IOException {
        for (Map.Entry<String, Object> e : s.entrySet()) {
            if (e.getValue() instanceof Double v && !Double.isFinite(v) && !e.getKey().startsWith("erank")) {
                return true;
            }
        }
        List<String> steps = Files.readAllLines(dir.resolve(RunFiles.STEPS_CSV));
        for (String line : steps.subList(1, steps.size())) {
            double v = Double.parseDouble(line.substring(line.indexOf(',') + 1));
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        Model m = Model.build(c, d.train().height(), d.train().width(), Precision.FLOAT32);
        Checkpoint.load(m, dir.resolve(RunFiles.CHECKPOINT));
        for (Parameter p : m.parameters()) {
            for (int k = 0; k < p.value().size(); k++) {
                if (!Double.isFinite(p.value().get(k))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Cuts the same run off at a random checkpoint write, resumes it, and compares: "same" or what differs. */
    private static String resumeCheck(TrainConfig c, TrainData d, Path reference, Path dir, SplittableRandom r)
            throws IOException {
        int ok = 1 + r.nextInt(4);
        int[] opened = {0};
        CheckpointStore.Sink failing = f -> {
            if (++opened[0] > ok) {
                throw new IOException("No space left on device (soak)");
            }
            return CheckpointStore.FILES.open(f);
        };
        try {
            Trainer.run(c, d, dir, new Trainer.Options(1, null), false, failing);
            return "not cut (fewer checkpoints)";
        } catch (IOException e) {
            // cut off as intended
        }
        Trainer.run(c, d, dir, new Trainer.Options(1, null), true);
        boolean same = java.util.Arrays.equals(Files.readAllBytes(reference.resolve(RunFiles.CHECKPOINT)),
                Files.readAllBytes(dir.resolve(RunFiles.CHECKPOINT)))
                && Files.readString(reference.resolve(RunFiles.STEPS_CSV))
                        .equals(Files.readString(dir.resolve(RunFiles.STEPS_CSV)))
                && Files.readString(reference.resolve(RunFiles.SUMMARY)).replaceAll("\"seconds\": [0-9.]+", "")
                        .equals(Files.readString(dir.resolve(RunFiles.SUMMARY)).replaceAll("\"seconds\": [0-9.]+", ""));
        return same ? "same" : "DIFFERS";
    }

    private static int stoppedRollbacks(Path dir) throws IOException {
        Path s = dir.resolve(RunFiles.SUMMARY);
        if (!Files.exists(s)) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"guard_rollbacks\": (\\d+)")
                .matcher(Files.readString(s));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Counts the guard's events in {@code dir} by the kind of reason. */
    private static void countReasons(Path dir, Map<String, Integer> reasons) throws IOException {
        Path g = dir.resolve(Guard.DIR);
        if (!Files.isDirectory(g)) {
            return;
        }
        try (var files = Files.list(g)) {
            for (Path f : files.toList()) {
                String t = Files.readString(f);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"reason\": \"([^\"]*)\"").matcher(t);
                if (m.find()) {
                    reasons.merge(kind(m.group(1)), 1, Integer::sum);
                }
            }
        }
    }

    static String kind(String reason) {
        if (reason.startsWith("loss")) {
            return "non-finite loss";
        }
        if (reason.startsWith("gradient")) {
            return "non-finite gradient";
        }
        if (reason.startsWith("parameter")) {
            return "non-finite parameter after the update";
        }
        if (reason.startsWith("condition number")) {
            return "condition number above guard-max-condition (st)";
        }
        if (reason.startsWith("the end-of-epoch monitor")) {
            return "non-finite features at the epoch's end";
        }
        if (reason.contains("non-finite")) {
            return "non-finite projector output (the core refused it)";
        }
        return "other: " + reason.replaceAll("[0-9.]+", "N");
    }

    static Totals totals(List<Outcome> os) {
        int completed = 0, stopped = 0, refused = 0, internal = 0, escaped = 0, rollbacks = 0, withRb = 0, rc = 0, rm = 0;
        for (Outcome o : os) {
            switch (o.result) {
                case "complete" -> completed++;
                case "stopped" -> stopped++;
                case "refused" -> refused++;
                default -> internal++;
            }
            escaped += o.escapedNaN ? 1 : 0;
            rollbacks += o.rollbacks;
            withRb += o.rollbacks > 0 ? 1 : 0;
            if (o.resume.equals("same") || o.resume.equals("DIFFERS")) {
                rc++;
                rm += o.resume.equals("DIFFERS") ? 1 : 0;
            }
        }
        return new Totals(os.size(), completed, stopped, refused, internal, escaped, rollbacks, withRb, rc, rm);
    }

    private static void write(Path report, Totals t, List<Outcome> os, Map<String, Integer> reasons, long seed,
            double budget, double took, String command) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Soak test report\n\n");
        b.append("Written by `").append(command).append("` (seed ").append(seed).append(", budget ")
                .append(num(budget)).append(" s, took ").append(String.format(Locale.ROOT, "%.0f", took))
                .append(" s, ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.runtime.version")).append(").\n\n");
        b.append("Each run: a random config (train/Soak.draw: all seven methods, batch 2–64, lr 10⁻³–10⁶, T up to 64, ")
                .append("st's p up to 8, projector width 4–32, 1–2 epochs, guard = stop in one run of eight) on ")
                .append("100–300 images of the bundled subset. An escaped NaN is a non-finite number in a completed ")
                .append("run's summary.json (effective ranks apart), steps.csv or final parameters, or an internal error ")
                .append("mentioning a non-finite value. A resume check cuts the run off at a random checkpoint write ")
                .append("and resumes it; final parameters, steps.csv and summary.json must be identical.\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "runs", t.runs());
        row(b, "completed", t.completed());
        row(b, "stopped by the guard (one-line error, evidence kept)", t.stopped());
        row(b, "refused as bad config (one-line error, nothing trained)", t.refused());
        row(b, "internal errors", t.internalErrors());
        row(b, "**escaped NaNs**", t.escapedNaN());
        row(b, "rollbacks taken", t.rollbacks());
        row(b, "runs with at least one rollback", t.runsWithRollbacks());
        row(b, "resume checks", t.resumeChecks());
        row(b, "resume mismatches", t.resumeMismatches());
        b.append("\nGuard events by reason:\n\n| reason | events |\n|---|---|\n");
        for (Map.Entry<String, Integer> e : reasons.entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        b.append("\nRuns that did not complete, grouped by what they said (numbers as N; the config of run i is ")
                .append("`Soak.draw(seed, i)`, listed below for the first run of each group):\n\n")
                .append("| result | message | runs | first run | its config |\n|---|---|---|---|---|\n");
        Map<String, List<Outcome>> groups = new LinkedHashMap<>();
        for (Outcome o : os) {
            if (!o.result.equals("complete")) {
                String msg = o.detail.replaceAll("/[^ ;)]*/run-\\d+", "DIR").replaceAll("(?<![A-Za-z])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?", "N")
                        .replace("|", "/");
                groups.computeIfAbsent(o.result + "\u0000" + (msg.length() > 240 ? msg.substring(0, 240) + "…" : msg),
                        k -> new ArrayList<>()).add(o);
            }
        }
        List<Map.Entry<String, List<Outcome>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort((x, y) -> y.getValue().size() - x.getValue().size());
        for (Map.Entry<String, List<Outcome>> g : sorted) {
            String[] k = g.getKey().split("\u0000", 2);
            Outcome first = g.getValue().get(0);
            b.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(g.getValue().size())
                    .append(" | ").append(first.index).append(" | `").append(first.config).append("` |\n");
        }
        b.append("\nEvery run (config: `Soak.draw(seed, #)`):\n\n| # | method | result | rollbacks | escaped NaN | resume | s |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Outcome o : os) {
            String method = o.config.replaceAll("^method=(\\S+).*", "$1");
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %s | %s | %.1f |%n", o.index, method, o.result,
                    o.rollbacks, o.escapedNaN ? "YES" : "0", o.resume, o.seconds));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, b, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder b, String k, int v) {
        b.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private static int pickInt(SplittableRandom r, int... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private static String num(double v) {
        return TrainConfig.num(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v)));
    }
}
