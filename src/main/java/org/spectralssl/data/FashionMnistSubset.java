package org.spectralssl.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The class-balanced Fashion-MNIST subset bundled in the jar, and the generator that made it.
 *
 * <p>Selection rule, applied to the train and test splits separately: for each class c, take
 * the indices of that class in file order, shuffle them by Fisher–Yates driven by
 * {@code new SplittableRandom(SEED + c)}, keep the first {@link #TRAIN_PER_CLASS} (train) or
 * {@link #TEST_PER_CLASS} (test), then write all kept images in ascending file order. The files
 * are IDX, gzip'd, under {@code src/main/resources/fashion-mnist-subset/} with the dataset's MIT
 * licence beside them. To regenerate them from the full set:
 *
 * <pre>
 * mvn -q -B compile
 * java -cp target/classes org.spectralssl.data.FashionMnistSubset \
 *     /usr/share/datasets/fashion-mnist src/main/resources/fashion-mnist-subset
 * </pre>
 *
 * The payload hashes below pin the result; a test regenerates the subset whenever the full set
 * is installed and fails if it drifts from them.
 */
public final class FashionMnistSubset {
    private FashionMnistSubset() {}

    /** Seed of the selection (any fixed value would do; this one is the year and number). */
    public static final long SEED = 20_240_004L;
    /** Training images kept per class. */
    public static final int TRAIN_PER_CLASS = 1000;
    /** Test images kept per class. */
    public static final int TEST_PER_CLASS = 200;
    /** Classpath directory of the bundled files. */
    static final String RESOURCE_DIR = "/fashion-mnist-subset/";
    /** The bundled file names (without .gz), in {@link FashionMnist#FILES} order. */
    static final List<String> FILES = FashionMnist.FILES.stream().map(f -> "subset-" + f).toList();

    /** SHA-256 of each decompressed bundled file, pinned when the subset was generated. */
    static final Map<String, String> PAYLOAD_SHA256 = Map.of(
            "subset-train-images-idx3-ubyte", "7db892409dabaf4b6843e6dc6f6bd1f827aab95c6f86a8c4b7bd551ef8a00493",
            "subset-train-labels-idx1-ubyte", "33ec826cfe551337c6d19359bbe31dce8d340f0b6685ca09fc2b5fddb58a1b33",
            "subset-t10k-images-idx3-ubyte", "ed2145c8487859db22c58d96bc5ca049f4f97fb4b522b3490a347726a5ea8c5d",
            "subset-t10k-labels-idx1-ubyte", "97a016c00d5be1a08e083ced4896f90b435d242bb3041b9643bd5892e934740f");

    /**
     * Indices kept by the selection rule, ascending.
     *
     * @param labels     labels in file order, each in [0, numClasses)
     * @param perClass   how many to keep of each class
     * @throws InvalidInputException if a class has fewer than {@code perClass} items
     */
    public static int[] select(int[] labels, int numClasses, int perClass, long seed) {
        List<int[]> kept = new ArrayList<>();
        int total = 0;
        for (int c = 0; c < numClasses; c++) {
            int cls = c;
            int[] idx = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
            if (idx.length < perClass) {
                throw new InvalidInputException("class " + c + " has " + idx.length + " items, fewer than the "
                        + perClass + " to keep");
            }
            SplittableRandom rnd = new SplittableRandom(seed + c);
            for (int i = idx.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            kept.add(Arrays.copyOf(idx, perClass));
            total += perClass;
        }
        int[] out = new int[total];
        int o = 0;
        for (int[] k : kept) {
            System.arraycopy(k, 0, out, o, k.length);
            o += k.length;
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The four subset files' decompressed IDX bytes, in {@link #FILES} order, made from the full
     * set in {@code fullDir} by the selection rule.
     */
    static List<byte[]> generate(Path fullDir) {
        Idx.Images trainImages = Idx.readImages(FashionMnist.file(fullDir, FashionMnist.FILES.get(0)));
        Idx.Labels trainLabels = Idx.readLabels(FashionMnist.file(fullDir, FashionMnist.FILES.get(1)));
        Idx.Images testImages = Idx.readImages(FashionMnist.file(fullDir, FashionMnist.FILES.get(2)));
        Idx.Labels testLabels = Idx.readLabels(FashionMnist.file(fullDir, FashionMnist.FILES.get(3)));
        List<byte[]> out = new ArrayList<>();
        addSplit(out, trainImages, trainLabels, TRAIN_PER_CLASS);
        addSplit(out, testImages, testLabels, TEST_PER_CLASS);
        return List.of(out.get(0), out.get(1), out.get(2), out.get(3));
    }

    private static void addSplit(List<byte[]> out, Idx.Images images, Idx.Labels labels, int perClass) {
        int[] l = new int[labels.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.labels()[i] & 0xff;
        }
        int[] keep = select(l, FashionMnist.CLASSES, perClass, SEED);
        int p = images.rows() * images.cols();
        byte[] px = new byte[keep.length * p];
        byte[] lb = new byte[keep.length];
        for (int r = 0; r < keep.length; r++) {
            System.arraycopy(images.pixels(), keep[r] * p, px, r * p, p);
            lb[r] = labels.labels()[keep[r]];
        }
        out.add(Idx.encodeImages(keep.length, images.rows(), images.cols(), px));
        out.add(Idx.encodeLabels(lb));
    }

    /** Loads the bundled subset from the classpath, checking the pinned hashes. */
    static FashionMnist.Splits loadBundled(FashionMnist.Source source) {
        Idx.Images trainImages = Idx.readImages(resourceName(0), resource(0), PAYLOAD_SHA256.get(FILES.get(0)));
        Idx.Labels trainLabels = Idx.readLabels(resourceName(1), resource(1), PAYLOAD_SHA256.get(FILES.get(1)));
        Idx.Images testImages = Idx.readImages(resourceName(2), resource(2), PAYLOAD_SHA256.get(FILES.get(2)));
        Idx.Labels testLabels = Idx.readLabels(resourceName(3), resource(3), PAYLOAD_SHA256.get(FILES.get(3)));
        return FashionMnist.assemble(source, "classpath:" + RESOURCE_DIR, trainImages, trainLabels, testImages,
                testLabels);
    }

    private static String resourceName(int k) {
        return "classpath:" + RESOURCE_DIR + FILES.get(k) + ".gz";
    }

    private static byte[] resource(int k) {
        try (InputStream in = FashionMnistSubset.class.getResourceAsStream(RESOURCE_DIR + FILES.get(k) + ".gz")) {
            if (in == null) {
                throw new InvalidInputException(resourceName(k) + ": not in the jar (a broken build?); "
                        + FashionMnist.HOW_TO_GET_FULL);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the subset: {@code args[0]} the full set's directory, {@code args[1]} the output
     * directory. Prints each file's payload SHA-256 for {@link #PAYLOAD_SHA256}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FashionMnistSubset FULL_DIR OUT_DIR");
            System.exit(2);
        }
        List<byte[]> files = generate(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        for (int k = 0; k < FILES.size(); k++) {
            Path f = out.resolve(FILES.get(k) + ".gz");
            Files.write(f, Idx.gzip(files.get(k)));
            System.out.println(Idx.sha256(files.get(k)) + "  " + FILES.get(k) + "  (" + Files.size(f) + " bytes gzip'd)");
        }
    }
}
