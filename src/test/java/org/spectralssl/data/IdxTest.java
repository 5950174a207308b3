package org.spectralssl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.InvalidInputException;

/** The IDX reader on good files and on each way a file goes bad; every error is one line naming the file. */
class IdxTest {
    @TempDir
    Path dir;

    /** Three 2×3 images with pixel value 10·image + position, so any misplaced byte shows. */
    static byte[] smallImages() {
        byte[] px = new byte[3 * 6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (10 * (i / 6) + i % 6);
        }
        return Idx.encodeImages(3, 2, 3, px);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    /** Asserts a one-line InvalidInputException that starts with the file and contains {@code fragment}. */
    private static void assertBad(Path f, String fragment, Runnable r) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "message is one line: " + m);
        assertTrue(m.startsWith(f.toString() + ": "), "message names the file: " + m);
        assertTrue(m.contains(fragment), "message '" + m + "' should contain '" + fragment + "'");
    }

    @Test
    void rawAndGzipReadTheSameAndTheNameDoesNotDecide() throws IOException {
        byte[] raw = smallImages();
        Idx.Images a = Idx.readImages(write("a-raw", raw));
        Idx.Images b = Idx.readImages(write("b.gz", Idx.gzip(raw)));
        Idx.Images c = Idx.readImages(write("c-gzip-without-suffix", Idx.gzip(raw)));
        Idx.Images d = Idx.readImages(write("d-raw-called.gz", raw));
        for (Idx.Images x : new Idx.Images[] {a, b, c, d}) {
            assertEquals(3, x.count());
            assertEquals(2, x.rows());
            assertEquals(3, x.cols());
            assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), x.pixels());
            assertEquals(Idx.sha256(raw), x.sha256(), "hash is of the decompressed payload");
        }
        assertEquals(25, a.pixels()[2 * 6 + 5], "image 2, last pixel = 10·2 + 5");
    }

    @Test
    void labelsRoundTrip() throws IOException {
        byte[] l = {0, 9, 3, (byte) 200};
        Idx.Labels r = Idx.readLabels(write("l.gz", Idx.gzip(Idx.encodeLabels(l))));
        assertEquals(4, r.count());
        assertArrayEquals(l, r.labels());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nothing.gz");
        assertBad(f, "no such file", () -> Idx.readImages(f));
    }

    @Test
    void emptyFile() throws IOException {
        Path f = write("empty.gz", new byte[0]);
        assertBad(f, "empty file", () -> Idx.readImages(f));
    }

    @Test
    void htmlPageSavedAsGz() throws IOException {
        Path f = write("train-images-idx3-ubyte.gz",
                "\n  <!DOCTYPE html><html><body>Rate limit exceeded</body></html>".getBytes(StandardCharsets.UTF_8));
        assertBad(f, "HTML page", () -> Idx.readImages(f));
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = Idx.gzip(smallImages());
        Path f = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        assertBad(f, "gzip stream is truncated", () -> Idx.readImages(f));
    }

    @Test
    void corruptGzipTrailer() throws IOException {
        byte[] gz = Idx.gzip(smallImages());
        gz[gz.length - 6] ^= 0x55; // inside the CRC-32 of the trailer
        Path f = write("crc.gz", gz);
        assertBad(f, "corrupt gzip data", () -> Idx.readImages(f));
    }

    @Test
    void compressedTwice() throws IOException {
        Path f = write("twice.gz", Idx.gzip(Idx.gzip(smallImages())));
        assertBad(f, "compressed twice", () -> Idx.readImages(f));
    }

    @Test
    void labelFileReadAsImages() throws IOException {
        Path f = write("labels.gz", Idx.gzip(Idx.encodeLabels(new byte[] {1, 2})));
        assertBad(f, "this is a label file", () -> Idx.readImages(f));
    }

    @Test
    void imageFileReadAsLabels() throws IOException {
        Path f = write("images", smallImages());
        assertBad(f, "this is an image file", () -> Idx.readLabels(f));
    }

    @Test
    void notIdxAtAll() throws IOException {
        Path f = write("notes.txt", "hello, world, this is text".getBytes(StandardCharsets.US_ASCII));
        assertBad(f, "wrong magic number 0x68656c6c", () -> Idx.readImages(f));
    }

    @Test
    void otherElementType() throws IOException {
        byte[] b = smallImages();
        b[2] = 0x0D; // float elements
        Path f = write("floats", b);
        assertBad(f, "another element type", () -> Idx.readImages(f));
    }

    @Test
    void headerTruncated() throws IOException {
        Path f = write("short", Arrays.copyOf(smallImages(), 10));
        assertBad(f, "header truncated", () -> Idx.readImages(f));
        Path g = write("tiny", new byte[] {0, 0, 8});
        assertBad(g, "not even a magic number", () -> Idx.readImages(g));
    }

    @Test
    void payloadTruncated() throws IOException {
        byte[] b = smallImages();
        Path f = write("cut.gz", Idx.gzip(Arrays.copyOf(b, b.length - 1)));
        assertBad(f, "truncated: the header promises 3 images of 2×3 (18 bytes) but only 17 follow",
                () -> Idx.readImages(f));
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] b = smallImages();
        Path f = write("long", Arrays.copyOf(b, b.length + 5));
        assertBad(f, "5 bytes follow the 3 images of 2×3", () -> Idx.readImages(f));
        Path g = write("labels-long", Arrays.copyOf(Idx.encodeLabels(new byte[] {1}), 10));
        assertBad(g, "1 bytes follow the 1 labels", () -> Idx.readLabels(g));
    }

    @Test
    void zeroOrNegativeSizes() throws IOException {
        byte[] b = Idx.encodeImages(0, 28, 28, new byte[0]);
        Path f = write("zero", b);
        assertBad(f, "image count 0", () -> Idx.readImages(f));
        byte[] n = smallImages();
        n[4] = (byte) 0xff; // count becomes 4278190083 read unsigned
        Path g = write("negative", n);
        assertBad(g, "image count 4278190083", () -> Idx.readImages(g));
    }

    @Test
    void absurdSizeIsRejectedWithoutAllocating() throws IOException {
        byte[] b = smallImages();
        b[4] = 0x7f; // about 2·10⁹ images of 2×3
        Path f = write("huge", b);
        assertBad(f, "more than one array can hold", () -> Idx.readImages(f));
    }

    @Test
    void aStandardNameWithOtherContentFailsTheHash() throws IOException {
        Path f = write("train-images-idx3-ubyte.gz", Idx.gzip(smallImages()));
        assertBad(f, "SHA-256 of the decompressed payload is " + Idx.sha256(smallImages()), () -> Idx.readImages(f));
        Path g = write("t10k-labels-idx1-ubyte", Idx.encodeLabels(new byte[] {1}));
        assertBad(g, "MNIST digits use the same file names", () -> Idx.readLabels(g));
    }

    @Test
    void anExplicitExpectedHashIsChecked() {
        byte[] raw = smallImages();
        Idx.readImages("x", raw, Idx.sha256(raw));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Idx.readImages("x", raw, "00".repeat(32)));
        assertTrue(e.getMessage().startsWith("x: SHA-256"), e.getMessage());
    }

    @Test
    void gzipIsDeterministic() {
        assertArrayEquals(Idx.gzip(smallImages()), Idx.gzip(smallImages()));
    }
}
