package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {
    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void listNamesEveryExperimentWithItsCost() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "reproduce", "list"));
        for (String n : new String[] {"spectra", "instability", "p-sweep", "iternorm-trace", "methods", "robustness"}) {
            assertTrue(out.toString().contains(n), out.toString());
        }
        assertTrue(out.toString().contains("quick:") && out.toString().contains("full:"));
    }

    @Test
    void badNameAndPresetAreOneLineErrors() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "reproduce", "nope"));
        assertTrue(err.toString().startsWith("error: unknown experiment 'nope'"), err.toString());
        assertEquals(1, err.toString().strip().lines().count());
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(new StringWriter(), err2, "reproduce", "spectra", "--preset", "huge"));
        assertTrue(err2.toString().contains("unknown preset 'huge'"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertEquals(2, run(new StringWriter(), err3, "reproduce", "methods", "--seeds", "1,2"));
        assertTrue(err3.toString().contains("at least 3"), err3.toString());
    }

    @Test
    void spectraWritesItsReport(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        Path dir = tmp.resolve("spectra");
        assertEquals(0, run(out, new StringWriter(), "reproduce", "spectra", "--quiet", "--out", dir.toString()));
        assertTrue(out.toString().contains("verdict: agrees"), out.toString());
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("--out " + dir));
    }
}
