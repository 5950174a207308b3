package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spectralssl.cli.TrainCommandTest.oneLineError;
import static org.spectralssl.cli.TrainCommandTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line items of the bad-input catalogue (verification/BAD_INPUTS.md): each is one line
 * on stderr naming the problem, exit 2, and no file changed where a good one stood.
 */
class BadInputCliTest {
    @TempDir
    Path tmp;

    /** Every file under {@code dir} with its bytes, to show that nothing changed. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        if (!Files.exists(dir)) {
            return m;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    static void assertUnchanged(Map<String, byte[]> before, Path dir) throws IOException {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k);
        }
    }

    @Test
    void invalidFlagValuesWriteNothing() {
        Path out = tmp.resolve("run");
        oneLineError(run("train", "--out", out.toString(), "--lr", "-1"), "lr must be a positive number");
        oneLineError(run("train", "--out", out.toString(), "--lr", "1e30"), "lr must be in [0, 1000000]");
        oneLineError(run("train", "--out", out.toString(), "--lr", "NaN"), "lr must be a finite number");
        oneLineError(run("train", "--out", out.toString(), "--batch", "1"), "batch must be at least 2");
        oneLineError(run("train", "--out", out.toString(), "--set", "guard=maybe"), "guard must be rollback or stop");
        oneLineError(run("train", "--out", out.toString(), "--set", "keep-checkpoints=0"),
                "keep-checkpoints must be at least 1");
        oneLineError(run("train", "--out", out.toString(), "--set", "checkpoint-every=-1"),
                "checkpoint-every must be at least 0");
        oneLineError(run("train", "--out", out.toString(), "--set", "guard-max-condition=0.5"),
                "guard-max-condition must be 0");
        oneLineError(run("train", "--out", out.toString(), "--threads", "0"), "--threads must be at least 1");
        oneLineError(run("whiten", "--m", "1"), "");
        assertFalse(Files.exists(out), "a refused command created " + out);
    }

    @Test
    void anUnwritableOutputDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        oneLineError(run("train", "--out", file.resolve("run").toString(), "--train-images", "100", "--test-images",
                "50"), "cannot write the run directory");
        assertEquals("not a directory", Files.readString(file));
        Path ro = Files.createDirectory(tmp.resolve("read-only"));
        if (ro.toFile().setWritable(false, false) && !Files.isWritable(ro)) { // not as root
            oneLineError(run("train", "--out", ro.resolve("run").toString(), "--train-images", "100",
                    "--test-images", "50"), "choose a writable --out");
        }
        ro.toFile().setWritable(true, false);
    }

    static List<String> tiny(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--out", out.toString()));
        List<String> t = new ArrayList<>(KillResumeTest.TINY);
        t.set(t.indexOf("--epochs") + 1, "1");
        t.set(t.indexOf("--method") + 1, "intl");
        a.addAll(t);
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void finishedRunsTruncatedAndForeignCheckpointsAndResumeMisuse() throws IOException {
        Path done = tmp.resolve("done");
        assertEquals(0, run(tiny(done).toArray(new String[0])).code());
        Map<String, byte[]> good = snapshot(done);
        // A finished run is neither overwritten nor resumed.
        oneLineError(run(tiny(done).toArray(new String[0])), "already holds a run");
        oneLineError(run("train", "--out", done.toString(), "--resume"), "finished run");
        assertUnchanged(good, done);

        // An unfinished run (summary.json gone) whose checkpoints are all truncated.
        Path cut = tmp.resolve("cut");
        copy(done, cut);
        Files.delete(cut.resolve("summary.json"));
        try (Stream<Path> s = Files.list(cut.resolve("checkpoints"))) {
            for (Path p : s.toList()) {
                byte[] b = Files.readAllBytes(p);
                Files.write(p, java.util.Arrays.copyOf(b, b.length - 100));
            }
        }
        Map<String, byte[]> before = snapshot(cut);
        TrainCommandTest.Run r = run("train", "--out", cut.toString(), "--resume", "--quiet");
        oneLineError(r, "no usable checkpoint");
        assertTrue(r.err().contains("truncated"), r.err());
        assertUnchanged(before, cut);

        // A run whose config.txt was edited: every checkpoint is of another config.
        Path foreign = tmp.resolve("foreign");
        copy(done, foreign);
        Files.delete(foreign.resolve("summary.json"));
        Path cfg = foreign.resolve("config.txt");
        Files.writeString(cfg, Files.readString(cfg).replace("seed = 5", "seed = 6"));
        before = snapshot(foreign);
        r = run("train", "--out", foreign.toString(), "--resume", "--quiet");
        oneLineError(r, "no usable checkpoint");
        assertTrue(r.err().contains("different config"), r.err());
        assertUnchanged(before, foreign);

        // --resume with config options that differ from the run's own; --resume where there is no run.
        oneLineError(run("train", "--out", foreign.toString(), "--resume", "--seed", "9"), "differ from");
        oneLineError(run("train", "--out", tmp.resolve("none").toString(), "--resume"), "no run to resume");
        assertFalse(Files.exists(tmp.resolve("none")));
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void nonFiniteAndRaggedCsvKeepTheGoodOutput() throws IOException {
        Path good = Files.writeString(tmp.resolve("out.csv"), "1,2\n3,4\n");
        Path nan = Files.writeString(tmp.resolve("nan.csv"), "1,2,3\n4,NaN,6\n7,8,9\n1,0,2\n");
        oneLineError(run("whiten", "--input", nan.toString(), "--output", good.toString()), "non-finite value NaN");
        Path inf = Files.writeString(tmp.resolve("inf.csv"), "1,2,3\n4,Infinity,6\n7,8,9\n1,0,2\n");
        oneLineError(run("whiten", "--input", inf.toString(), "--output", good.toString()), "non-finite value");
        Path ragged = Files.writeString(tmp.resolve("ragged.csv"), "1,2,3\n4,5\n");
        oneLineError(run("whiten", "--input", ragged.toString(), "--output", good.toString()),
                "2 values, but the first row has 3");
        Path one = Files.writeString(tmp.resolve("one.csv"), "1,2,3\n");
        oneLineError(run("whiten", "--input", one.toString(), "--output", good.toString(), "--mode", "features"),
                "at least 2");
        assertEquals("1,2\n3,4\n", Files.readString(good));
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file was left");
        }
    }
}
