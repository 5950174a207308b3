package org.spectralssl.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The resume checkpoints of a run, {@code DIR/checkpoints/step-NNNNNNNNN.ckpt}, the last K kept.
 *
 * <p>File format, big-endian:
 * <pre>
 *   8   magic "SSLSTATE"
 *   4   format version ({@value #VERSION})
 *   32  SHA-256 of the run's config text (TrainConfig.toText) and data SHA-256: a checkpoint of
 *       another config or other data is refused
 *   8   completed steps (for messages; the payload holds it too)
 *   8   payload length n
 *   n   payload ({@link TrainState})
 *   32  SHA-256 of the payload: a truncated or corrupt file is refused
 * </pre>
 * Writes are atomic: the bytes go to a temporary file beside the target, which is flushed to disk
 * (fsync) and renamed over the target (an atomic rename), then the directory is synced; a failed
 * write deletes the temporary file, so the previous checkpoint stands and no partial file remains.
 * Loading tries the newest checkpoint first and falls back to older ones, naming each one it refuses.
 */
final class CheckpointStore {
    static final String DIR = "checkpoints";
    static final String MAGIC = "SSLSTATE";
    static final int VERSION = 1;
    private static final int HEADER = 8 + 4 + 32 + 8 + 8;
    private static final int TRAILER = 32;

    /** Opens the stream a temporary file is written through; tests inject one that fails (a full disk). */
    @FunctionalInterface
    interface Sink {
        OutputStream open(Path file) throws IOException;
    }

    /** The file system itself. */
    static final Sink FILES = f -> Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final Path dir;
    private final byte[] configHash;
    private final int keep;
    private final Sink sink;

    CheckpointStore(Path runDir, TrainConfig c, String dataSha256, Sink sink) {
        this.dir = runDir.resolve(DIR);
        this.configHash = configHash(c, dataSha256);
        this.keep = c.keepCheckpoints();
        this.sink = sink;
    }

    Path dir() {
        return dir;
    }

    /** SHA-256 of the config text (every key, so any change of config is seen) and the data's SHA-256. */
    static byte[] configHash(TrainConfig c, String dataSha256) {
        return sha256((c.toText() + "data_sha256 = " + dataSha256 + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static Path fileOf(Path dir, long step) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "step-%09d.ckpt", step));
    }

    /** Writes {@code s} atomically as the checkpoint of its step and deletes all but the newest K. */
    Path save(TrainState s) throws IOException {
        Files.createDirectories(dir);
        byte[] payload = s.toBytes();
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        head.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).put(configHash).putLong(s.step)
                .putLong(payload.length);
        Path target = fileOf(dir, s.step);
        List<Path> before = list();
        try {
            writeAtomically(target, sink, head.array(), payload, sha256(payload));
        } catch (IOException e) {
            String then = before.isEmpty() ? "no partial file was left and there is no earlier checkpoint; free space "
                    + "and start the run again (without --resume)" : "the previous checkpoint " + before.get(0).getFileName()
                    + " stands and no partial file was left; free space and continue with --resume";
            throw new IOException("cannot write checkpoint " + target + ": " + e.getMessage() + "; " + then, e);
        }
        List<Path> all = list();
        for (int i = keep; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
        return target;
    }

    /**
     * Writes the parts to a temporary file beside {@code target}, fsyncs it, renames it over
     * {@code target} and syncs the directory. On failure the temporary file is deleted and
     * {@code target} is untouched.
     */
    static void writeAtomically(Path target, Sink sink, byte[]... parts) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean done = false;
        try {
            try (OutputStream out = sink.open(tmp)) {
                for (byte[] p : parts) {
                    out.write(p);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** fsync of a directory, so the rename itself is durable; not every platform allows it, and then it is skipped. */
    private static void syncDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; the rename is still atomic there
        }
    }

    /** The checkpoint files, newest (largest step) first; temporary files are not listed. */
    List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "step-*.ckpt")) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        out.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return out;
    }

    /** A loaded checkpoint and the newer ones refused on the way, with their reasons. */
    record Loaded(TrainState state, Path file, List<String> refused) {}

    /**
     * The newest checkpoint that passes every check; each refused one is named on {@code log} with
     * its reason. Leftover temporary files (a write cut off by a crash) are deleted.
     *
     * @throws InvalidInputException when none is usable, listing why
     */
    Loaded loadLatest(PrintStream log) throws IOException {
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
                for (Path p : ds) {
                    say(log, "removing " + p.getFileName() + ", a checkpoint whose write was cut off");
                    Files.delete(p);
                }
            }
        }
        List<Path> files = list();
        if (files.isEmpty()) {
            throw new InvalidInputException(dir + " holds no checkpoint to resume from (the run stopped before its "
                    + "first); start it again without --resume");
        }
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            try {
                TrainState s = load(f);
                return new Loaded(s, f, refused);
            } catch (InvalidInputException e) {
                refused.add(f.getFileName() + ": " + e.getMessage());
                say(log, "refusing checkpoint " + f + ": " + e.getMessage() + "; trying the previous one");
            }
        }
        throw new InvalidInputException("no usable checkpoint in " + dir + " (" + String.join("; ", refused)
                + "); start a new run without --resume");
    }

    /** Reads and checks one checkpoint; every problem is an {@link InvalidInputException} saying what is wrong. */
    TrainState load(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        if (b.length < 8 || !MAGIC.equals(new String(b, 0, 8, StandardCharsets.US_ASCII))) {
            throw new InvalidInputException("not a spectral-ssl checkpoint (wrong magic)");
        }
        if (b.length < HEADER) {
            throw new InvalidInputException("truncated: " + b.length + " bytes, shorter than the header");
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.position(8);
        int version = bb.getInt();
        if (version != VERSION) {
            throw new InvalidInputException("format version " + version + ", this build reads version " + VERSION);
        }
        byte[] hash = new byte[32];
        bb.get(hash);
        if (!Arrays.equals(hash, configHash)) {
            throw new InvalidInputException("written by a different config or data (hash "
                    + HexFormat.of().formatHex(hash, 0, 6) + "…, the run's config.txt and data give "
                    + HexFormat.of().formatHex(configHash, 0, 6) + "…); resume with the run's own config");
        }
        bb.getLong();
        long n = bb.getLong();
        long expected = HEADER + n + TRAILER;
        if (n < 0 || b.length != expected) {
            throw new InvalidInputException((b.length < expected ? "truncated: " : "wrong length: ") + b.length
                    + " bytes where the header announces " + expected);
        }
        byte[] payload = Arrays.copyOfRange(b, HEADER, HEADER + (int) n);
        byte[] sum = Arrays.copyOfRange(b, HEADER + (int) n, b.length);
        if (!Arrays.equals(sum, sha256(payload))) {
            throw new InvalidInputException("checksum mismatch: the file is corrupt");
        }
        return TrainState.fromBytes(payload);
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static void say(PrintStream log, String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }
}
