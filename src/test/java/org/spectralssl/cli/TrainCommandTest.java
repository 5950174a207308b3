package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train/eval/spectrum: bad input is one line on stderr and exit 2; help and --print-config work. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static void oneLineError(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void badFlagsAndMissingData() {
        Path out = tmp.resolve("run");
        oneLineError(run("train", "--out", out.toString(), "--epochs", "zero"), "epochs must be an integer");
        oneLineError(run("train", "--out", out.toString(), "--method", "simclr"), "unknown method 'simclr'");
        oneLineError(run("train", "--out", out.toString(), "--set", "nope=1"), "unknown key 'nope'");
        oneLineError(run("train", "--out", out.toString(), "--data", tmp.resolve("nowhere").toString()),
                "no such directory");
        oneLineError(run("train", "--out", out.toString(), "--config", tmp.resolve("missing.txt").toString()),
                "cannot read config");
        oneLineError(run("eval", tmp.resolve("norun").toString()), "no such run directory");
        oneLineError(run("spectrum", tmp.toString()), "has no spectra.csv");
        oneLineError(run("train", "--out", out.toString(), "--device", "gpu"), "unknown device 'gpu'");
        oneLineError(run("train", "--out", out.toString(), "--method", "vicreg", "--device", "opencl"),
                "vicreg runs on the CPU only");
        assertFalse(java.nio.file.Files.exists(out), "a refused run writes nothing");
        Run r = run("train", "--bogus");
        assertEquals(2, r.code());
    }

    @Test
    void printConfigShowsEveryKeyWithOverrides() {
        Run r = run("train", "--out", tmp.toString(), "--epochs", "3", "--set", "beta=0.02", "--print-config");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epochs = 3"), r.out());
        assertTrue(r.out().contains("beta = 0.02"), r.out());
        assertTrue(r.out().contains("method = intl"), r.out());
        Run h = run("train", "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("default: intl"), h.out());
        // Every config key appears in the help with its default.
        for (var k : org.spectralssl.train.TrainConfig.KEYS) {
            assertTrue(h.out().contains("  " + k.name() + " "), k.name());
        }
        assertTrue(h.out().contains("crop-scale-min       " + org.spectralssl.train.TrainConfig.defaultOf("crop-scale-min")),
                h.out());
    }
}
