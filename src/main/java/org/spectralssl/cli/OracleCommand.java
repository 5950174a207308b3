package org.spectralssl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.oracle.CaseSpec;
import org.spectralssl.oracle.Checker;
import org.spectralssl.oracle.Conformance;
import org.spectralssl.oracle.Evaluator;
import org.spectralssl.oracle.GoldenSuite;
import org.spectralssl.oracle.Json;
import org.spectralssl.oracle.Op;
import org.spectralssl.oracle.ProcessAdapter;
import org.spectralssl.oracle.Results;
import org.spectralssl.oracle.Tolerance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oracle}: the correctness oracle (verification/FORMAT.md). Exit codes: 0 success, 1 a
 * comparison failed, 2 bad or unreadable input (one line on stderr, never a stack trace).
 */
@Command(name = "oracle", mixinStandardHelpOptions = true,
        description = {"The correctness oracle: evaluate cases, compare results, write the golden suite, "
            + "drive a foreign implementation. Formats: verification/FORMAT.md."},
        subcommands = {OracleCommand.Eval.class, OracleCommand.Check.class, OracleCommand.Emit.class,
            OracleCommand.Conform.class})
final class OracleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads a whole file, or standard input for {@code -}, as strict UTF-8. */
    static String readText(String pathOrDash) throws IOException {
        byte[] bytes;
        if ("-".equals(pathOrDash)) {
            InputStream in = System.in;
            bytes = in.readAllBytes();
        } else {
            Path p = Path.of(pathOrDash);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new InvalidInputException(pathOrDash + ": no such readable file");
            }
            bytes = Files.readAllBytes(p);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(pathOrDash + ": not UTF-8 text");
        }
    }

    /** Parses a file's JSON, prefixing errors with the file name. */
    static Object readJson(String pathOrDash) throws IOException {
        String text = readText(pathOrDash);
        try {
            return Json.parse(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(("-".equals(pathOrDash) ? "stdin" : pathOrDash) + ": " + e.getMessage());
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = {"Evaluate one case (verification/FORMAT.md §2) and print its result (§3) as JSON.",
                "A golden vector file is accepted too: its case is evaluated."})
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CASE.json", description = "the case file, or - for standard input")
        String file;

        @Option(names = "--compact", description = "print the result on one line")
        boolean compact;

        @Override
        public Integer call() throws IOException {
            Object json = readJson(file);
            if (Results.isVector(json)) {
                json = ((Map<?, ?>) json).get("case");
            }
            CaseSpec c;
            try {
                c = CaseSpec.fromJson(json);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(("-".equals(file) ? "stdin" : file) + ": " + e.getMessage());
            }
            Map<String, Object> result = Evaluator.evaluate(c);
            PrintWriter out = spec.commandLine().getOut();
            out.print(compact ? Json.write(result) + "\n" : Json.writePretty(result));
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compare ACTUAL with EXPECTED field by field: |a - b| <= atol + rtol*|b| "
                + "(verification/FORMAT.md §4).",
                "Either file may be a result or a golden vector (its expected result is used; an EXPECTED vector "
                    + "also gives the tolerances).",
                "Exit code: 0 all fields agree, 1 a field disagrees or is missing, 2 a file cannot be read."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "EXPECTED", description = "the reference result or golden vector")
        String expected;

        @Parameters(index = "1", paramLabel = "ACTUAL", description = "the result to check (- for standard input)")
        String actual;

        @Option(names = "--rtol", paramLabel = "R",
                description = "relative tolerance for every field (default: the vector's, else 1e-10)")
        Double rtol;

        @Option(names = "--atol", paramLabel = "A",
                description = "absolute tolerance for every field (default: the vector's, else rtol times the "
                    + "field's largest magnitude)")
        Double atol;

        @Override
        public Integer call() throws IOException {
            Object e = readJson(expected);
            Object a = readJson(actual);
            Map<?, ?> exp = Results.resultOf(expected, e);
            Map<?, ?> act = Results.resultOf(actual, a);
            Tolerance tol = Results.toleranceOf(e);
            if (rtol != null || atol != null) {
                double r = rtol != null ? rtol : tol.rtol();
                tol = atol != null ? Tolerance.uniform(r, atol) : Tolerance.fieldScaled(r);
            }
            Checker.Report report = Checker.compare(exp, act, tol);
            PrintWriter out = spec.commandLine().getOut();
            out.print(report.format());
            out.flush();
            return report.pass() ? 0 : 1;
        }
    }

    @Command(name = "emit", mixinStandardHelpOptions = true,
            description = {"Write the golden suite (verification/FORMAT.md §5) into DIR: one NAME.json per vector and "
                + "index.json.", "Vector files of an earlier suite that this one lacks are removed; other files are "
                + "left alone.", "Regenerate the checked-in suite with: " + GoldenSuite.REGENERATE})
    static final class Emit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "the directory, for example verification/vectors")
        Path dir;

        @Override
        public Integer call() throws IOException {
            long start = System.nanoTime();
            Map<String, String> files = GoldenSuite.write(dir);
            long bytes = files.values().stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(java.util.Locale.ROOT, "wrote %d files (%.1f MB) to %s in %.1f s%n", files.size(), bytes / 1e6,
                    dir, (System.nanoTime() - start) / 1e9);
            out.flush();
            return 0;
        }
    }

    @Command(name = "conform", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Drive a foreign implementation through generated cases (JSON lines over its stdin and "
                + "stdout, verification/FORMAT.md §6), check its answers against the reference and against "
                + "properties (gradients of its own loss by central differences, view symmetry, whiteness), and "
                + "print a report per op with the smallest failing case and its seed.",
                "Exit code: 0 every supported op conforms, 1 a failure (or no op supported), 2 bad usage."})
    static final class Conform implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cmd", required = true, paramLabel = "COMMAND",
                description = "the adapter, run with /bin/sh -c, e.g. \"python3 their_impl.py\"")
        String command;

        @Option(names = "--seed", description = "the run's seed (default: ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--ops", split = ",", paramLabel = "OP", description = "ops to test (default: all)")
        List<String> ops;

        @Option(names = "--rtol", description = "relative tolerance against the reference (default: ${DEFAULT-VALUE})")
        double rtol = Tolerance.DEFAULT_RTOL;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "per answer (default: ${DEFAULT-VALUE})")
        double timeout = 120;

        @Option(names = "--out", paramLabel = "DIR", description = "write the smallest failing case of each op here")
        Path out;

        @Override
        public Integer call() throws IOException {
            Set<Op> selected = EnumSet.allOf(Op.class);
            if (ops != null) {
                selected = EnumSet.noneOf(Op.class);
                for (String o : ops) {
                    selected.add(Op.parse(o.strip()));
                }
            }
            Conformance.Options options = new Conformance.Options(seed, selected, rtol);
            Conformance.Report report;
            try (ProcessAdapter adapter = new ProcessAdapter(command, timeout)) {
                report = Conformance.run(adapter, options, out);
            }
            PrintWriter pw = spec.commandLine().getOut();
            pw.print(report.format());
            pw.flush();
            return report.pass() ? 0 : 1;
        }
    }
}
