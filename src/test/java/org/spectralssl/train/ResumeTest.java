package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Resume checkpoints: a run cut off by a failed checkpoint write (a full disk, simulated through the
 * injectable sink) resumes to the same bytes as an uninterrupted run; the failed write leaves the
 * previous checkpoint and no partial file; truncated, corrupt and foreign checkpoints are refused
 * with a reason and the previous good one is used.
 */
class ResumeTest {
    @TempDir
    static Path tmp;

    static TrainConfig c;
    static TrainData d;
    static Path reference;

    /** Tiny intl-ema run (EMA target and SGD momentum both in the state), a checkpoint every 2 steps. */
    static TrainConfig config(String method, long seed) {
        return TrainConfig.with(Tiny.config(method), Map.of("checkpoint-every", "2", "batch", "32",
                "keep-checkpoints", "3", "seed", Long.toString(seed)), "ResumeTest");
    }

    @BeforeAll
    static void uninterrupted() throws IOException {
        c = config("intl-ema", 11);
        d = Tiny.data(c);
        reference = tmp.resolve("reference");
        Trainer.run(c, d, reference, new Trainer.Options(1, null));
    }

    /** A sink that accepts {@code okFiles} files, then fails after {@code bytes} bytes of the next, like a full disk. */
    static CheckpointStore.Sink fullDiskAfter(int okFiles, long bytes) {
        AtomicInteger opened = new AtomicInteger();
        return f -> {
            OutputStream real = Files.newOutputStream(f);
            if (opened.incrementAndGet() <= okFiles) {
                return real;
            }
            return new FilterOutputStream(real) {
                long written;

                @Override
                public void write(int b) throws IOException {
                    if (++written > bytes) {
                        throw new IOException("No space left on device");
                    }
                    super.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int i = 0; i < len; i++) {
                        write(b[off + i]);
                    }
                }
            };
        };
    }

    static Path interrupted(String name, int okCheckpoints) throws IOException {
        Path run = tmp.resolve(name);
        IOException e = assertThrows(IOException.class, () -> Trainer.run(c, d, run, new Trainer.Options(1, null), false,
                fullDiskAfter(okCheckpoints, 1000)));
        assertTrue(e.getMessage().contains("No space left on device") && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(okCheckpoints == 0 ? e.getMessage().contains("start the run again")
                : e.getMessage().contains("stands") && e.getMessage().contains("continue with --resume"), e.getMessage());
        return run;
    }

    static List<Path> checkpoints(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve(CheckpointStore.DIR))) {
            return s.sorted().toList();
        }
    }

    /** metrics.csv without the timing columns (images_per_second, seconds). */
    static String metricsWithoutTimings(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(RunFiles.METRICS_CSV));
        List<String> header = List.of(lines.get(0).split(","));
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            for (int i = 0; i < cells.length; i++) {
                if (!header.get(i).equals("seconds") && !header.get(i).equals("images_per_second")) {
                    b.append(cells[i]).append(',');
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String summaryWithoutSeconds(Path run) throws IOException {
        return Files.readString(run.resolve(RunFiles.SUMMARY)).replaceAll("\"seconds\": [0-9.]+", "");
    }

    static void assertSameRun(Path a, Path b) throws IOException {
        assertArrayEquals(Files.readAllBytes(a.resolve(RunFiles.CHECKPOINT)), Files.readAllBytes(b.resolve(RunFiles.CHECKPOINT)),
                "final parameters differ");
        assertEquals(metricsWithoutTimings(a), metricsWithoutTimings(b));
        assertEquals(summaryWithoutSeconds(a), summaryWithoutSeconds(b));
        for (String f : List.of(RunFiles.STEPS_CSV, RunFiles.SPECTRA_CSV)) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
        assertEquals(Files.readAllLines(a.resolve(RunFiles.METRICS_JSONL)).size(),
                Files.readAllLines(b.resolve(RunFiles.METRICS_JSONL)).size());
    }

    @Test
    void aFullDiskKeepsThePreviousCheckpointAndTheResumeIsBitIdentical() throws IOException {
        // Checkpoints: step 0, then every 2 steps; 9 steps per epoch. Fail the 4th write (step 6, mid-epoch 1).
        Path run = interrupted("fulldisk", 3);
        List<Path> left = checkpoints(run);
        assertEquals(List.of("step-000000000.ckpt", "step-000000002.ckpt", "step-000000004.ckpt"),
                left.stream().map(p -> p.getFileName().toString()).toList(), "a partial or temporary file remains");
        assertFalse(Files.exists(run.resolve(RunFiles.SUMMARY)));
        Trainer.run(c, d, run, new Trainer.Options(2, null), true);
        assertSameRun(reference, run);
        assertTrue(Files.readString(run.resolve(RunFiles.RESUMES)).contains("step-000000004.ckpt"));
        // the last K are kept
        assertEquals(3, checkpoints(run).size());
    }

    @Test
    void truncatedAndCorruptCheckpointsAreRefusedAndThePreviousOneIsUsed() throws IOException {
        Path run = interrupted("corrupt", 4);
        List<Path> cps = checkpoints(run);
        Path newest = cps.get(cps.size() - 1);
        Path second = cps.get(cps.size() - 2);
        byte[] b = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(b, b.length / 2));
        byte[] s = Files.readAllBytes(second);
        s[s.length / 2] ^= 1;
        Files.write(second, s);
        CheckpointStore store = new CheckpointStore(run, c, d.sha256(), CheckpointStore.FILES);
        assertTrue(assertThrows(InvalidInputException.class, () -> store.load(newest)).getMessage().startsWith("truncated"));
        assertTrue(assertThrows(InvalidInputException.class, () -> store.load(second)).getMessage()
                .contains("checksum mismatch"));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Trainer.run(c, d, run, new Trainer.Options(1, new java.io.PrintStream(log, true)), true);
        String said = log.toString();
        assertTrue(said.contains("refusing checkpoint") && said.contains("truncated") && said.contains("checksum"), said);
        assertSameRun(reference, run);
    }

    @Test
    void aForeignCheckpointIsRefusedAndNoneUsableIsAnError() throws IOException {
        Path run = interrupted("foreign", 2);
        Path other = tmp.resolve("other");
        TrainConfig oc = config("intl-ema", 12);
        assertThrows(IOException.class, () -> Trainer.run(oc, d, other, new Trainer.Options(1, null), false,
                fullDiskAfter(3, 10)));
        Path foreign = checkpoints(other).get(2);
        Files.copy(foreign, run.resolve(CheckpointStore.DIR).resolve("step-000000099.ckpt"));
        CheckpointStore store = new CheckpointStore(run, c, d.sha256(), CheckpointStore.FILES);
        CheckpointStore.Loaded l = store.loadLatest(null);
        assertEquals(2, l.state().step);
        assertTrue(l.refused().get(0).contains("different config"), l.refused().toString());
        // None usable: one line naming each refusal.
        for (Path p : checkpoints(run)) {
            Files.write(p, "<html>not a checkpoint</html>".getBytes());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Trainer.run(c, d, run, new Trainer.Options(1, null), true));
        assertTrue(e.getMessage().contains("no usable checkpoint") && e.getMessage().contains("wrong magic")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aRunCutOffBeforeItsFirstCheckpointIsStartedAgain() throws IOException {
        Path run = interrupted("early", 0);
        assertFalse(Files.exists(run.resolve(RunFiles.METRICS_JSONL)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Trainer.run(c, d, run, new Trainer.Options(1, null), true));
        assertTrue(e.getMessage().contains("start it again without --resume"), e.getMessage());
        Trainer.run(c, d, run, new Trainer.Options(1, null));
        assertSameRun(reference, run);
    }

    @Test
    void resumeRefusesAFinishedRunAndAnotherConfig() {
        assertTrue(assertThrows(InvalidInputException.class, () -> Trainer.run(c, d, reference,
                new Trainer.Options(1, null), true)).getMessage().contains("finished run"));
        Path run = tmp.resolve("never");
        assertTrue(assertThrows(InvalidInputException.class, () -> Trainer.run(c, d, run,
                new Trainer.Options(1, null), true)).getMessage().contains("no run to resume"));
    }

    @Test
    void theStateRoundTripsExactly() throws IOException {
        CheckpointStore store = new CheckpointStore(reference, c, d.sha256(), CheckpointStore.FILES);
        List<Path> cps = store.list();
        TrainState s = store.load(cps.get(0));
        assertArrayEquals(s.toBytes(), TrainState.fromBytes(s.toBytes()).toBytes());
        assertEquals(c.epochs() + 1, s.epoch);
        assertEquals(c.epochs() + 1, s.metrics.size());
    }
}
