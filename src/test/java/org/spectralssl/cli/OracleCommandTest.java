package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.oracle.Json;

class OracleCommandTest {
    @TempDir
    Path dir;

    /** The exit code, standard output and standard error of one command line. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run runWithStdin(String stdin, String... args) {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    private static final String CASE = "{\"op\": \"intl\", \"mode\": \"features\", \"params\": {\"T\": 4, \"beta\": 0.05},"
            + " \"z1\": {\"shape\": [5, 3], \"data\": [1, 2, 3, 4, 5, 6, 7, 8, 10, 1, 0, 0, 2, -1, 3]},"
            + " \"z2\": {\"shape\": [5, 3], \"data\": [1, 2, 3.5, 4, 5, 6, 7, 8, 11, 1, 0, 0.5, 2, -1, 3]}}";

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void evalPrintsTheResultFromAFileOrStdin() throws IOException {
        Run fromFile = run("oracle", "eval", write("case.json", CASE).toString());
        assertEquals(0, fromFile.code(), fromFile.err());
        Map<?, ?> r = (Map<?, ?>) Json.parse(fromFile.out());
        assertEquals("spectral-ssl-result/1", r.get("format"));
        assertTrue(r.containsKey("grad_z2"));
        Run fromStdin = runWithStdin(CASE, "oracle", "eval", "-", "--compact");
        assertEquals(0, fromStdin.code(), fromStdin.err());
        assertEquals(1, fromStdin.out().split("\n").length, "--compact prints one line");
        assertEquals(Json.write(r), Json.write(Json.parse(fromStdin.out())), "stdin and file agree");
    }

    /** The bad cases: one line on stderr, exit 2, no stack trace. */
    @Test
    void badCasesGiveOneLineAndExitTwo() throws IOException {
        String[][] bad = {
            {"{\"op\": \"whiten\", \"z1\": {\"shape\": [1, 1], \"data\": [1]}}", "unknown op 'whiten'"},
            {"{\"op\": \"intl\", \"z1\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}}", "no z2"},
            {"{\"op\": \"intl\", \"z1\": {\"shape\": [2, 2], \"data\": [1, 2, 3]}, "
                + "\"z2\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}}", "needs 4"},
            {"{\"op\": \"intl\", \"z1\": {\"shape\": [2, 2], \"data\": [1, 2, 3, \"NaN\"]}, "
                + "\"z2\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}}", "non-finite value NaN"},
            {"{\"op\": \"alignment\", \"z1\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}, "
                + "\"z2\": {\"shape\": [2, 1], \"data\": [1, 2]}}", "same shape"},
            {"{\"op\": \"intl\", \"params\": {\"TT\": 1}, \"z1\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}, "
                + "\"z2\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}}", "unknown param 'TT'"},
            {"{\"op\": \"intl\", \"z1\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}, "
                + "\"z2\": {\"shape\": [2, 2], \"data\": [1, 2, 3, 4]}}", "explicit beta"},
            {"{\"op\": \"st\", \"params\": {\"floor_ulps\": 0}, \"z1\": {\"shape\": [3, 2], \"data\": [1, 2, 3, 4, 5, 6]},"
                + " \"z2\": {\"shape\": [3, 2], \"data\": [1, 2, 3, 4, 5, 6]}}", "not finite"},
            {"{\"op\": \"intl\",", "JSON error at line 1, column 15"},
        };
        for (String[] b : bad) {
            for (Run r : new Run[] {run("oracle", "eval", write("bad.json", b[0]).toString()),
                runWithStdin(b[0], "oracle", "eval", "-")}) {
                assertEquals(2, r.code(), b[0] + " → " + r.err());
                assertEquals("", r.out());
                assertTrue(r.err().startsWith("error: "), r.err());
                assertTrue(r.err().contains(b[1]), "expected '" + b[1] + "' in " + r.err());
                assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
                assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            }
        }
        Run missing = run("oracle", "eval", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such readable file"), missing.err());
        Run notUtf8 = run("oracle", "eval", Files.write(dir.resolve("bin.json"), new byte[] {(byte) 0xff, 0x7b})
                .toString());
        assertEquals(2, notUtf8.code());
        assertTrue(notUtf8.err().contains("not UTF-8"), notUtf8.err());
    }

    @Test
    void checkExitsZeroOneOrTwo() throws IOException {
        Run eval = run("oracle", "eval", write("case.json", CASE).toString());
        Path expected = write("expected.json", eval.out());
        Run same = run("oracle", "check", expected.toString(), expected.toString());
        assertEquals(0, same.code(), same.out());
        assertTrue(same.out().contains("PASS: 14 fields agree"), same.out());

        Map<String, Object> r = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) Json.parse(eval.out())).forEach((k, v) -> r.put((String) k, v));
        r.put("loss", (Double) r.get("loss") * (1 + 1e-6));
        r.remove("grad_z2");
        Path actual = write("actual.json", Json.writePretty(r));
        Run differs = run("oracle", "check", expected.toString(), actual.toString());
        assertEquals(1, differs.code(), differs.out());
        assertTrue(differs.out().contains("FAIL: 2 of 14 fields disagree: loss, grad_z2"), differs.out());
        Run loose = run("oracle", "check", expected.toString(), actual.toString(), "--rtol", "1e-5");
        assertEquals(1, loose.code(), "grad_z2 is still missing: " + loose.out());

        Run unreadable = run("oracle", "check", expected.toString(), dir.resolve("nope.json").toString());
        assertEquals(2, unreadable.code());
        Run aCase = run("oracle", "check", write("c.json", CASE).toString(), expected.toString());
        assertEquals(2, aCase.code());
        assertTrue(aCase.err().contains("is a case, not a result"), aCase.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("oracle", "check", "only-one").code());
        assertEquals(2, run("oracle", "frobnicate").code());
        assertEquals(0, run("oracle", "--help").code());
    }
}
