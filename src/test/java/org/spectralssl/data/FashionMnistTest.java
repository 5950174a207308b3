package org.spectralssl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.InvalidInputException;

/** The locator's order of precedence, the bundled subset, and the full set where it is installed. */
class FashionMnistTest {
    @TempDir
    Path tmp;

    private Path dirWith(String name, List<String> files) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        for (String f : files) {
            Files.write(d.resolve(f), new byte[] {0});
        }
        return d;
    }

    private Path fullLookingDir(String name) throws IOException {
        return dirWith(name, List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte.gz"));
    }

    @Test
    void flagThenEnvironmentThenDebianThenSubset() throws IOException {
        Path flag = fullLookingDir("flag");
        Path env = fullLookingDir("env");
        Path debian = fullLookingDir("debian");
        Path none = tmp.resolve("absent");
        assertEquals(new FashionMnist.Source(FashionMnist.Origin.DATA_FLAG, flag),
                FashionMnist.locate(flag, env.toString(), debian));
        assertEquals(new FashionMnist.Source(FashionMnist.Origin.ENVIRONMENT, env),
                FashionMnist.locate(null, env.toString(), debian));
        assertEquals(new FashionMnist.Source(FashionMnist.Origin.DEBIAN_PACKAGE, debian),
                FashionMnist.locate(null, " ", debian), "a blank variable counts as unset");
        FashionMnist.Source s = FashionMnist.locate(null, null, none);
        assertEquals(FashionMnist.Origin.BUNDLED_SUBSET, s.origin());
        assertNull(s.directory());
        assertFalse(s.isFull());
        assertTrue(s.describe().contains("apt-get install dataset-fashion-mnist"), s.describe());
        assertTrue(s.describe().contains("--data DIR"), s.describe());
    }

    @Test
    void anIncompleteDebianDirectoryFallsBackToTheSubset() throws IOException {
        Path debian = dirWith("partial", List.of("train-images-idx3-ubyte.gz"));
        assertEquals(FashionMnist.Origin.BUNDLED_SUBSET, FashionMnist.locate(null, null, debian).origin());
    }

    @Test
    void anExplicitDirectoryThatIsWrongIsAnErrorNotAFallback() throws IOException {
        Path absent = tmp.resolve("nope");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FashionMnist.locate(absent, null, absent));
        assertEquals("--data " + absent + ": no such directory; it must hold the four Fashion-MNIST files "
                + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte "
                + "(each .gz or raw)", e.getMessage());
        Path partial = dirWith("partial", List.of("train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"));
        InvalidInputException f = assertThrows(InvalidInputException.class,
                () -> FashionMnist.locate(null, partial.toString(), absent));
        assertTrue(f.getMessage().startsWith("$FASHION_MNIST_DIR=" + partial
                + ": missing train-labels-idx1-ubyte, t10k-labels-idx1-ubyte (.gz or raw); "), f.getMessage());
        assertFalse(f.getMessage().contains("\n"));
    }

    @Test
    void corruptFilesInADirectoryNameTheFile() throws IOException {
        Path d = fullLookingDir("corrupt");
        FashionMnist.Source s = FashionMnist.locate(d, null, d);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FashionMnist.load(s));
        assertEquals(d.resolve("train-images-idx3-ubyte.gz") + ": header truncated: 1 bytes, not even a magic number",
                e.getMessage());
    }

    @Test
    void mismatchedImageAndLabelCountsAreReported() {
        byte[] px = new byte[2 * 28 * 28];
        Idx.Images im = Idx.readImages("im", Idx.encodeImages(2, 28, 28, px), null);
        Idx.Labels lb = Idx.readLabels("lb", Idx.encodeLabels(new byte[] {1, 2, 3}), null);
        Idx.Labels ok = Idx.readLabels("lb", Idx.encodeLabels(new byte[] {1, 2}), null);
        Idx.Labels eleven = Idx.readLabels("lb", Idx.encodeLabels(new byte[] {1, 11}), null);
        FashionMnist.Source s = new FashionMnist.Source(FashionMnist.Origin.DATA_FLAG, Path.of("d"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FashionMnist.assemble(s, "d", im, lb, im, ok));
        assertEquals("d: train-images-idx3-ubyte has 2 images but train-labels-idx1-ubyte has 3 labels",
                e.getMessage());
        InvalidInputException f = assertThrows(InvalidInputException.class,
                () -> FashionMnist.assemble(s, "d", im, ok, im, eleven));
        assertEquals("d/t10k-labels-idx1-ubyte: label 11 of item 1 is not a Fashion-MNIST class (0 to 9)",
                f.getMessage());
        Idx.Images small = Idx.readImages("im", Idx.encodeImages(2, 2, 2, new byte[8]), null);
        InvalidInputException g = assertThrows(InvalidInputException.class,
                () -> FashionMnist.assemble(s, "d", small, ok, im, ok));
        assertEquals("d/train-images-idx3-ubyte: images are 2×2, Fashion-MNIST's are 28×28", g.getMessage());
    }

    @Test
    void theBundledSubsetIsBalancedAndPinned() {
        FashionMnist.Splits s = FashionMnist.load(new FashionMnist.Source(FashionMnist.Origin.BUNDLED_SUBSET, null));
        assertEquals(10 * FashionMnistSubset.TRAIN_PER_CLASS, s.train().size());
        assertEquals(10 * FashionMnistSubset.TEST_PER_CLASS, s.test().size());
        for (int c = 0; c < 10; c++) {
            assertEquals(FashionMnistSubset.TRAIN_PER_CLASS, s.train().classCounts()[c]);
            assertEquals(FashionMnistSubset.TEST_PER_CLASS, s.test().classCounts()[c]);
        }
        assertEquals(28, s.train().height());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double sum = 0;
        for (float p : s.train().pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
            sum += p;
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        double mean = sum / s.train().pixels().length;
        // A class-balanced sample of the full training set (itself balanced): its mean is close to
        // the full mean; 0.01 is ~40 standard errors of a 10,000-image mean.
        assertEquals(FashionMnist.TRAIN_MEAN, mean, 0.01);
        assertEquals(64, s.dataSha256().length());
    }

    @Test
    void selectionIsBalancedSortedAndSeedDependent() {
        int[] labels = new int[300];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 7) % 3;
        }
        int[] a = FashionMnistSubset.select(labels, 3, 20, 1);
        int[] b = FashionMnistSubset.select(labels, 3, 20, 1);
        int[] c = FashionMnistSubset.select(labels, 3, 20, 2);
        assertEquals(60, a.length);
        assertTrue(java.util.Arrays.equals(a, b));
        assertFalse(java.util.Arrays.equals(a, c));
        int[] per = new int[3];
        for (int k = 0; k < a.length; k++) {
            per[labels[a[k]]]++;
            if (k > 0) {
                assertTrue(a[k] > a[k - 1], "ascending, no repeats");
            }
        }
        assertEquals(List.of(20, 20, 20), java.util.Arrays.stream(per).boxed().toList());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FashionMnistSubset.select(labels, 3, 101, 1));
        assertEquals("class 0 has 100 items, fewer than the 101 to keep", e.getMessage());
    }

    private static Path installedFullSet() {
        Path d = Path.of(FashionMnist.DEBIAN_DIR);
        String env = System.getenv(FashionMnist.ENV);
        if (env != null && !env.isBlank()) {
            d = Path.of(env);
        }
        assumeTrue(Files.isDirectory(d), "the full Fashion-MNIST is not installed (" + d + ")");
        return d;
    }

    /** The generator still produces exactly the committed subset (skipped without the full set). */
    @Test
    void theCommittedSubsetMatchesItsGenerator() {
        Path full = installedFullSet();
        List<byte[]> files = FashionMnistSubset.generate(full);
        for (int k = 0; k < 4; k++) {
            String name = FashionMnistSubset.FILES.get(k);
            assertEquals(FashionMnistSubset.PAYLOAD_SHA256.get(name), Idx.sha256(files.get(k)), name);
        }
    }

    /** The full set loads with its published hashes, sizes and statistics (skipped without it). */
    @Test
    void theFullSetLoads() {
        Path full = installedFullSet();
        FashionMnist.Splits s = FashionMnist.load(FashionMnist.locate(full, null));
        assertEquals(60_000, s.train().size());
        assertEquals(10_000, s.test().size());
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, s.train().classCounts()[c]);
            assertEquals(1000, s.test().classCounts()[c]);
        }
        double sum = 0;
        double sq = 0;
        for (float p : s.train().pixels()) {
            sum += p;
            sq += (double) p * p;
        }
        int n = s.train().pixels().length;
        double mean = sum / n;
        assertEquals(FashionMnist.TRAIN_MEAN, mean, 5e-5, "METHOD.md §9 gives 4 decimals");
        assertEquals(FashionMnist.TRAIN_STD, Math.sqrt(sq / n - mean * mean), 5e-5);
    }
}
