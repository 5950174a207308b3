package org.spectralssl.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Reads and writes IDX files (LeCun's MNIST format) of unsigned bytes, gzip'd or raw.
 *
 * <p>Layout, big-endian: a magic number {@code 0x0000 08 D} (type 0x08 = unsigned byte, D the
 * number of dimensions), D sizes of 4 bytes, then the payload in row-major order. Images are
 * {@link #IMAGES_MAGIC} (D = 3: count, rows, columns), labels {@link #LABELS_MAGIC} (D = 1).
 *
 * <p>Whether a file is gzip'd is decided by its first two bytes (the gzip magic {@code 1f 8b}),
 * never by its name, so a raw file called {@code .gz} or a gzip'd file without the suffix both
 * read correctly. Every check that fails throws an {@link InvalidInputException} with one line
 * naming the file and what is wrong with it: missing, empty, an HTML page (a failed download), a
 * truncated or corrupt gzip stream, compressed twice, a wrong magic number, a payload shorter or
 * longer than the header promises, or, for the four standard Fashion-MNIST file names, a
 * SHA-256 of the decompressed payload that differs from the published files'. The checks run in
 * that order, so the message names the most specific fault (a truncated file is reported as
 * truncated, not as a hash mismatch).
 */
public final class Idx {
    private Idx() {}

    /** Magic number of an IDX file of unsigned-byte images: type 0x08, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels: type 0x08, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    /**
     * SHA-256 of the decompressed payload of the four Fashion-MNIST files (METHOD.md §9), keyed by
     * the file name without {@code .gz}. Debian recompressed the {@code .gz} files, so only the
     * decompressed bytes have stable hashes.
     */
    public static final Map<String, String> FASHION_MNIST_SHA256 = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /**
     * Images read from an IDX file: {@code count} images of {@code rows × cols} unsigned bytes,
     * row-major, image after image; {@code sha256} is the hash of the decompressed file.
     */
    public record Images(int count, int rows, int cols, byte[] pixels, String sha256) {}

    /** Labels read from an IDX file: one unsigned byte per item; {@code sha256} as for images. */
    public record Labels(int count, byte[] labels, String sha256) {}

    /**
     * Reads an image file. If its name (without {@code .gz}) is one of the four Fashion-MNIST
     * names, the payload must also have the published SHA-256.
     */
    public static Images readImages(Path file) {
        return readImages(file.toString(), readFile(file), knownHash(file));
    }

    /** Reads a label file; the hash is checked as for {@link #readImages(Path)}. */
    public static Labels readLabels(Path file) {
        return readLabels(file.toString(), readFile(file), knownHash(file));
    }

    /**
     * Reads images from the bytes of a file (gzip'd or raw) called {@code name} in messages.
     * If {@code expectedSha256} is not null, the decompressed payload must have that hash.
     */
    public static Images readImages(String name, byte[] fileBytes, String expectedSha256) {
        byte[] p = decompress(name, fileBytes);
        checkMagic(name, p, IMAGES_MAGIC);
        if (p.length < 16) {
            throw bad(name, "header truncated: " + p.length + " bytes, an IDX image file needs 16");
        }
        int count = dimension(name, p, 4, "image count");
        int rows = dimension(name, p, 8, "row count");
        int cols = dimension(name, p, 12, "column count");
        long expected = (long) count * rows * cols;
        checkPayloadLength(name, p.length - 16L, expected, count + " images of " + rows + "×" + cols);
        String sha = checkHash(name, p, expectedSha256);
        byte[] pixels = new byte[(int) expected];
        System.arraycopy(p, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels, sha);
    }

    /** Reads labels from the bytes of a file; see {@link #readImages(String, byte[], String)}. */
    public static Labels readLabels(String name, byte[] fileBytes, String expectedSha256) {
        byte[] p = decompress(name, fileBytes);
        checkMagic(name, p, LABELS_MAGIC);
        if (p.length < 8) {
            throw bad(name, "header truncated: " + p.length + " bytes, an IDX label file needs 8");
        }
        int count = dimension(name, p, 4, "label count");
        checkPayloadLength(name, p.length - 8L, count, count + " labels");
        String sha = checkHash(name, p, expectedSha256);
        byte[] labels = new byte[count];
        System.arraycopy(p, 8, labels, 0, count);
        return new Labels(count, labels, sha);
    }

    /** The IDX bytes (uncompressed) of {@code count} images of {@code rows × cols}. */
    public static byte[] encodeImages(int count, int rows, int cols, byte[] pixels) {
        if ((long) count * rows * cols != pixels.length) {
            throw new InvalidInputException("pixels has " + pixels.length + " bytes but " + count + " images of "
                    + rows + "×" + cols + " need " + (long) count * rows * cols);
        }
        byte[] out = new byte[16 + pixels.length];
        putInt(out, 0, IMAGES_MAGIC);
        putInt(out, 4, count);
        putInt(out, 8, rows);
        putInt(out, 12, cols);
        System.arraycopy(pixels, 0, out, 16, pixels.length);
        return out;
    }

    /** The IDX bytes (uncompressed) of a label file. */
    public static byte[] encodeLabels(byte[] labels) {
        byte[] out = new byte[8 + labels.length];
        putInt(out, 0, LABELS_MAGIC);
        putInt(out, 4, labels.length);
        System.arraycopy(labels, 0, out, 8, labels.length);
        return out;
    }

    /** gzip at the highest compression level; the header carries no time stamp or name. */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (OutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory gzip failed", e);
        }
        return bytes.toByteArray();
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The file name without directory and without a trailing {@code .gz}. */
    static String baseName(Path file) {
        Path fn = file.getFileName();
        String n = fn == null ? file.toString() : fn.toString();
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    private static String knownHash(Path file) {
        return FASHION_MNIST_SHA256.get(baseName(file));
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw bad(file.toString(), "no such file");
        } catch (IOException e) {
            throw bad(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    /** The decompressed payload, after rejecting the common ways a download goes wrong. */
    static byte[] decompress(String name, byte[] b) {
        if (b.length == 0) {
            throw bad(name, "empty file (0 bytes); download it again");
        }
        if (looksLikeHtml(b)) {
            throw bad(name, "is an HTML page, not IDX data (a failed or redirected download saved under this name); "
                    + "download the file again");
        }
        if (!isGzip(b)) {
            return b;
        }
        byte[] p;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b), 1 << 16)) {
            p = in.readAllBytes();
        } catch (EOFException e) {
            throw bad(name, "gzip stream is truncated (" + b.length + " compressed bytes); the download was cut short, "
                    + "download it again");
        } catch (ZipException e) {
            throw bad(name, "corrupt gzip data (" + e.getMessage() + "); download it again");
        } catch (IOException e) {
            throw bad(name, "cannot be decompressed (" + e.getMessage() + ")");
        }
        if (isGzip(p)) {
            throw bad(name, "is compressed twice (the decompressed bytes are gzip again); run gunzip once on it");
        }
        if (p.length == 0) {
            throw bad(name, "decompresses to 0 bytes; download it again");
        }
        return p;
    }

    private static boolean looksLikeHtml(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, 256), StandardCharsets.ISO_8859_1)
                .replace("\u00ef\u00bb\u00bf", "").stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype") || head.startsWith("<html") || head.startsWith("<?xml")
                || head.startsWith("<head") || head.startsWith("<body");
    }

    private static String checkHash(String name, byte[] payload, String expected) {
        String sha = sha256(payload);
        if (expected != null && !expected.equals(sha)) {
            throw bad(name, "SHA-256 of the decompressed payload is " + sha + " but " + expected
                    + " is expected; the file is corrupt or belongs to another dataset "
                    + "(MNIST digits use the same file names)");
        }
        return sha;
    }

    private static void checkMagic(String name, byte[] p, int expected) {
        if (p.length < 4) {
            throw bad(name, "header truncated: " + p.length + " bytes, not even a magic number");
        }
        int magic = getInt(p, 0);
        if (magic == expected) {
            return;
        }
        String what = expected == IMAGES_MAGIC ? "images" : "labels";
        String hint;
        if (magic == IMAGES_MAGIC) {
            hint = "; this is an image file, a label file was expected (files swapped?)";
        } else if (magic == LABELS_MAGIC) {
            hint = "; this is a label file, an image file was expected (files swapped?)";
        } else if ((magic >>> 16) == 0) {
            hint = "; an IDX file of another element type or dimension (only unsigned bytes are read)";
        } else {
            hint = "; not an IDX file";
        }
        throw bad(name, String.format(Locale.ROOT, "wrong magic number 0x%08x, expected 0x%08x (IDX %s of unsigned "
                + "bytes)%s", magic, expected, what, hint));
    }

    private static int dimension(String name, byte[] p, int offset, String what) {
        int v = getInt(p, offset);
        if (v <= 0) {
            throw bad(name, "header gives " + what + " " + Integer.toUnsignedString(v) + "; it must be at least 1");
        }
        return v;
    }

    private static void checkPayloadLength(String name, long actual, long expected, String what) {
        if (expected > Integer.MAX_VALUE - 16) {
            throw bad(name, "header promises " + what + " (" + expected + " bytes), more than one array can hold");
        }
        if (actual < expected) {
            throw bad(name, "truncated: the header promises " + what + " (" + expected + " bytes) but only " + actual
                    + " follow; download it again");
        }
        if (actual > expected) {
            throw bad(name, (actual - expected) + " bytes follow the " + what + " that the header promises; "
                    + "the file is corrupt or its header is wrong");
        }
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static InvalidInputException bad(String name, String what) {
        return new InvalidInputException(name + ": " + what);
    }
}
