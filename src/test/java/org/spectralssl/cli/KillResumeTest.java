package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test: a real {@code train} process is killed with SIGKILL (kill -9) mid-epoch, after a
 * mid-epoch checkpoint exists; {@code train --out DIR --resume} in a new process finishes it; its
 * final parameters (checkpoint.bin), metrics (timings apart), steps, spectra and summary (seconds
 * apart) equal, byte for byte, those of an uninterrupted run of the same seed.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    /** 300 training images, batch 16: 18 steps per epoch, 2 epochs; a checkpoint every 3 steps; intl-ema (EMA state too). */
    static final List<String> TINY = List.of("--method", "intl-ema", "--epochs", "2", "--batch", "16", "--seed", "5",
            "--train-images", "300", "--test-images", "100", "--set", "hidden=32", "--set", "projector-hidden=32",
            "--set", "projector-out=16", "--set", "monitor-bank=100", "--set", "monitor-queries=50",
            "--set", "probe-epochs=2", "--set", "checkpoint-every=3", "--threads", "1", "--quiet");
    static final int STEPS_PER_EPOCH = 300 / 16;

    static ProcessBuilder java(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    static List<String> train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--out", out.toString()));
        a.addAll(TINY);
        a.addAll(List.of(extra));
        return a;
    }

    /** Steps of the mid-epoch checkpoints in {@code dir}. */
    static List<Long> midEpochCheckpoints(Path dir) throws IOException {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Pattern p = Pattern.compile("step-(\\d+)\\.ckpt");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long step = Long.parseLong(m.group(1));
                    if (step % STEPS_PER_EPOCH != 0) {
                        out.add(step);
                    }
                }
            }
        }
        return out;
    }

    static String withoutTimings(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
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

    @Test
    void killedMidEpochAndResumedEqualsAnUninterruptedRun() throws Exception {
        Path reference = tmp.resolve("reference");
        Process ref = java(train(reference)).redirectOutput(tmp.resolve("reference.log").toFile()).start();

        Path run = tmp.resolve("killed");
        Process p = java(train(run)).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (midEpochCheckpoints(run.resolve("checkpoints")).isEmpty()) {
            assertTrue(p.isAlive(), "the run ended before a mid-epoch checkpoint: "
                    + Files.readString(tmp.resolve("killed.log")));
            assertTrue(System.nanoTime() < deadline, "no mid-epoch checkpoint within 120 s");
            Thread.sleep(2);
        }
        p.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no finally block runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
        assertFalse(Files.exists(run.resolve("summary.json")), "the run had finished before the kill");

        Process resumed = java(List.of("train", "--out", run.toString(), "--resume", "--threads", "2", "--quiet"))
                .redirectOutput(tmp.resolve("resumed.log").toFile()).start();
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue(), Files.readString(tmp.resolve("resumed.log")));
        assertTrue(ref.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, ref.exitValue(), Files.readString(tmp.resolve("reference.log")));

        // It resumed from a mid-epoch checkpoint.
        String log = Files.readString(run.resolve("resumes.log"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("resumed from checkpoints/step-(\\d+)\\.ckpt").matcher(log);
        assertTrue(m.find(), log);
        assertTrue(Long.parseLong(m.group(1)) % STEPS_PER_EPOCH != 0, "resumed at an epoch boundary: " + log);

        assertArrayEquals(Files.readAllBytes(reference.resolve("checkpoint.bin")),
                Files.readAllBytes(run.resolve("checkpoint.bin")), "final parameters differ");
        assertEquals(withoutTimings(reference), withoutTimings(run));
        for (String f : List.of("steps.csv", "spectra.csv")) {
            assertEquals(Files.readString(reference.resolve(f)), Files.readString(run.resolve(f)), f);
        }
        assertEquals(Files.readString(reference.resolve("summary.json")).replaceAll("\"seconds\": [0-9.]+", ""),
                Files.readString(run.resolve("summary.json")).replaceAll("\"seconds\": [0-9.]+", ""));
    }
}
