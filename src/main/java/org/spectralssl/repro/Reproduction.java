package org.spectralssl.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Runs one experiment into its results directory and writes {@code manifest.json} (command, git
 * commit, seeds, preset, JVM, load, wall time) and {@code REPORT.md} (claim, rules, our figure,
 * verdict, tables). The directory may exist only when empty or when it holds an earlier result of
 * {@code reproduce} (a {@code manifest.json} naming it), whose files are then replaced.
 */
public final class Reproduction {
    private Reproduction() {}

    public static final String MANIFEST = "manifest.json";
    public static final String REPORT = "REPORT.md";
    /** Where training runs go inside a results directory. */
    public static final String RUNS = "runs";

    /** The default results directory of an experiment. */
    public static Path defaultOut(String name) {
        return Path.of("verification", "results", name);
    }

    /** The experiment's names, in the order of the issue. */
    public static List<Experiment> experiments(Preset preset) {
        return List.of(new SpectraExperiment(preset), new InstabilityExperiment(preset), PSweepExperiment.of(preset),
                IterNormTraceExperiment.of(preset), MethodsExperiment.of(preset), RobustnessExperiment.of(preset));
    }

    public static Experiment find(String name, Preset preset) {
        List<String> names = new ArrayList<>();
        for (Experiment e : experiments(preset)) {
            if (e.name().equals(name)) {
                return e;
            }
            names.add(e.name());
        }
        throw new InvalidInputException("unknown experiment '" + name + "'; use one of " + String.join(", ", names)
                + " (or 'list')");
    }

    /** Prepares {@code ctx.out()}, runs {@code e}, writes the manifest and report; returns the outcome. */
    public static Experiment.Outcome run(Experiment e, Context ctx, String command) throws IOException {
        // The commit first: replacing an earlier result deletes tracked files, which is not a change of the code.
        String commit = gitCommit();
        prepare(ctx.out());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", e.name());
        m.put("command", command);
        m.put("preset", ctx.preset().id());
        m.put("seeds", new ArrayList<Object>(ctx.seeds()));
        m.put("git_commit", commit);
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("threads", ctx.threads());
        m.put("started", Instant.now().toString());
        m.put("load_average_start", loadAverage());
        long t0 = System.nanoTime();
        Experiment.Outcome o = e.run(ctx);
        double wall = (System.nanoTime() - t0) / 1e9;
        m.put("load_average_end", loadAverage());
        m.put("wall_seconds", Math.round(wall * 10) / 10.0);
        m.put("verdict", o.verdict().words());
        m.put("figure", o.figure());
        m.put("claim", e.shortClaim());
        Files.writeString(ctx.out().resolve(MANIFEST), Out.json(m), StandardCharsets.UTF_8);
        Files.writeString(ctx.out().resolve(REPORT), report(e, o, command, m), StandardCharsets.UTF_8);
        return o;
    }

    /** The markers in REPRODUCTION.md between which {@link #summarise} writes the table. */
    public static final String TABLE_BEGIN = "<!-- reproduce summary: table begin -->";
    public static final String TABLE_END = "<!-- reproduce summary: table end -->";

    /**
     * Writes the summary table of every results directory under {@code results} (one row per
     * experiment, from its manifest.json: claim, figure, verdict, command, wall time, load) between
     * the markers of {@code file}, creating the file with just the table when it does not exist.
     * Returns the table.
     */
    public static String summarise(Path results, Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Experiment e : experiments(Preset.QUICK)) {
            Path m = results.resolve(e.name()).resolve(MANIFEST);
            if (!Files.exists(m)) {
                rows.add(List.of("`" + e.name() + "`", e.shortClaim(), "not run", "", "`java -jar target/spectral-ssl.jar reproduce "
                        + e.name() + "`", ""));
                continue;
            }
            String json = Files.readString(m, StandardCharsets.UTF_8);
            String claim = field(json, "claim").isEmpty() ? e.shortClaim() : field(json, "claim");
            rows.add(List.of("[`" + e.name() + "`](results/" + e.name() + "/REPORT.md)", claim,
                    field(json, "figure"), "**" + field(json, "verdict") + "**", "`" + field(json, "command") + "`",
                    field(json, "wall_seconds") + " s (" + field(json, "preset") + ", load " + field(json, "load_average_start")
                            + "; commit " + field(json, "git_commit").substring(0, Math.min(10, field(json, "git_commit").length()))
                            + ")"));
        }
        String table = Out.table(List.of("experiment", "the paper's claim", "our figure", "verdict", "command",
                "wall time"), rows);
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : TABLE_BEGIN + "\n" + TABLE_END + "\n";
        int a = text.indexOf(TABLE_BEGIN);
        int b = text.indexOf(TABLE_END);
        if (a < 0 || b < a) {
            throw new InvalidInputException(file + " has no '" + TABLE_BEGIN + "' … '" + TABLE_END + "' markers");
        }
        String updated = text.substring(0, a + TABLE_BEGIN.length()) + "\n" + table + text.substring(b);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
        return table;
    }

    /** A string or number field of a flat JSON object written by {@link Out#json}. */
    static String field(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(key)
                + "\": (\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\n]+)").matcher(json);
        if (!m.find()) {
            return "";
        }
        String v = m.group(2) != null ? m.group(2).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(1).trim();
        return v.replace("|", "\\|");
    }

    static String report(Experiment e, Experiment.Outcome o, String command, Map<String, Object> m) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(e.name()).append(": ").append(e.title()).append("\n\n");
        b.append("```sh\n").append(command).append("\n```\n\n");
        b.append(Out.f("Preset %s, seeds %s, commit `%s`, %s, %s cores; wall time %.1f s (load average %s at the "
                + "start, %s at the end). Written by the command above; nothing in this file is typed by hand.%n%n",
                m.get("preset"), m.get("seeds"), m.get("git_commit"), m.get("jvm"), m.get("cores"),
                ((Number) m.get("wall_seconds")).doubleValue(), m.get("load_average_start"),
                m.get("load_average_end")));
        b.append("**The paper's claim.** ").append(o.claim()).append("\n\n");
        b.append("**How the verdict is decided.** ").append(o.rules()).append("\n\n");
        b.append("**Our figure.** ").append(o.figure()).append("\n\n");
        b.append("**Verdict: ").append(o.verdict().words()).append(".**\n\n");
        b.append(o.body());
        if (!o.body().endsWith("\n")) {
            b.append('\n');
        }
        return b.toString();
    }

    private static void prepare(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new InvalidInputException(out + " exists and is not a directory");
            }
            boolean empty;
            try (var s = Files.list(out)) {
                empty = s.findAny().isEmpty();
            }
            Path manifest = out.resolve(MANIFEST);
            if (!empty && !(Files.exists(manifest)
                    && Files.readString(manifest, StandardCharsets.UTF_8).contains("\"experiment\""))) {
                throw new InvalidInputException(out + " is not empty and holds no reproduce results; choose another --out");
            }
            // An earlier result of reproduce: replace it.
            deleteTree(out.resolve(RUNS));
            try (var s = Files.list(out)) {
                for (Path p : s.toList()) {
                    if (Files.isRegularFile(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(out);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    static String loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim();
            String[] parts = s.split("\\s+");
            return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : s;
        } catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || !s.matches("[0-9a-f]{40}")) {
                return "unknown";
            }
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            if (d.waitFor(5, TimeUnit.SECONDS) && d.exitValue() == 0
                    && !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank()) {
                return s + " (with uncommitted changes)";
            }
            return s;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
