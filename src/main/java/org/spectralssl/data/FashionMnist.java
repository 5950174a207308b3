package org.spectralssl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Finds and loads Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; 28×28 grayscale, 10 classes,
 * MIT licence).
 *
 * <p>Where the data comes from, first match wins:
 * <ol>
 *   <li>{@code --data DIR} (the caller passes it to {@link #locate});</li>
 *   <li>the environment variable {@value #ENV};</li>
 *   <li>{@value #DEBIAN_DIR}, where Debian's package {@code dataset-fashion-mnist} puts it;</li>
 *   <li>the subset bundled in the jar (10,000 train and 2,000 test images, see
 *       {@link FashionMnistSubset}).</li>
 * </ol>
 * A directory holds the four standard files, each gzip'd ({@code NAME.gz}) or raw ({@code NAME}).
 * A directory named explicitly (1 or 2) must hold them: it is an error, not a silent fallback,
 * when it does not. The Debian directory is used only when all four files are there.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** The environment variable that names a directory with the four files. */
    public static final String ENV = "FASHION_MNIST_DIR";
    /** Where Debian's {@code dataset-fashion-mnist} installs the four files. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** The four file names, without {@code .gz}: train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    /** Image side in pixels. */
    public static final int SIDE = 28;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Class names, indexed by label (the dataset's README). */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Mean pixel of the full training set, pixels in [0, 1] (METHOD.md §9). */
    public static final double TRAIN_MEAN = 0.2860;
    /** Standard deviation of the pixels of the full training set (METHOD.md §9). */
    public static final double TRAIN_STD = 0.3530;
    /** What to do to get the full data set; printed whenever the bundled subset is used. */
    public static final String HOW_TO_GET_FULL = "for the full 60,000/10,000 set run 'apt-get install "
            + "dataset-fashion-mnist' (Debian/Ubuntu), or download the four .gz files from "
            + "https://github.com/zalandoresearch/fashion-mnist and pass --data DIR or set " + ENV;

    /** Where the data was found. */
    public enum Origin {
        DATA_FLAG, ENVIRONMENT, DEBIAN_PACKAGE, BUNDLED_SUBSET
    }

    /**
     * The chosen source: its origin and directory ({@code null} for the bundled subset).
     */
    public record Source(Origin origin, Path directory) {
        /** True unless this is the bundled subset. */
        public boolean isFull() {
            return origin != Origin.BUNDLED_SUBSET;
        }

        /** One line for the user: what is used, from where, and how to get more when it is the subset. */
        public String describe() {
            return switch (origin) {
                case DATA_FLAG -> "Fashion-MNIST from " + directory + " (--data)";
                case ENVIRONMENT -> "Fashion-MNIST from " + directory + " ($" + ENV + ")";
                case DEBIAN_PACKAGE -> "Fashion-MNIST from " + directory + " (Debian package dataset-fashion-mnist)";
                case BUNDLED_SUBSET -> "the bundled Fashion-MNIST subset (" + FashionMnistSubset.TRAIN_PER_CLASS * CLASSES
                        + " train / " + FashionMnistSubset.TEST_PER_CLASS * CLASSES + " test images); "
                        + HOW_TO_GET_FULL;
            };
        }
    }

    /**
     * Train and test splits, where they came from, and {@code dataSha256}: the SHA-256 of the four
     * payload hashes in {@link #FILES} order, each as lower-case hex followed by a newline, which
     * identifies the data of a run in one string.
     */
    public record Splits(ImageDataset train, ImageDataset test, Source source, String dataSha256) {}

    /**
     * Chooses the source as described in the class comment, using {@value #DEBIAN_DIR}.
     *
     * @param dataFlag the {@code --data} directory, or null
     * @param envValue the value of {@value #ENV}, or null; blank counts as unset
     * @throws InvalidInputException if an explicitly named directory lacks a file
     */
    public static Source locate(Path dataFlag, String envValue) {
        return locate(dataFlag, envValue, Path.of(DEBIAN_DIR));
    }

    /** {@link #locate(Path, String)} with another Debian directory (for tests). */
    static Source locate(Path dataFlag, String envValue, Path debianDir) {
        if (dataFlag != null) {
            requireAll("--data " + dataFlag, dataFlag);
            return new Source(Origin.DATA_FLAG, dataFlag);
        }
        if (envValue != null && !envValue.isBlank()) {
            Path dir = Path.of(envValue);
            requireAll("$" + ENV + "=" + envValue, dir);
            return new Source(Origin.ENVIRONMENT, dir);
        }
        if (missing(debianDir).isEmpty()) {
            return new Source(Origin.DEBIAN_PACKAGE, debianDir);
        }
        return new Source(Origin.BUNDLED_SUBSET, null);
    }

    /** Locates with {@code --data} and the process environment, then loads. */
    public static Splits load(Path dataFlag) {
        return load(locate(dataFlag, System.getenv(ENV)));
    }

    /**
     * Loads both splits from {@code source}, checking every file (see {@link Idx}).
     *
     * @throws InvalidInputException naming the file and the fault, in one line
     */
    public static Splits load(Source source) {
        if (source.origin() == Origin.BUNDLED_SUBSET) {
            return FashionMnistSubset.loadBundled(source);
        }
        Path dir = source.directory();
        Idx.Images trainImages = Idx.readImages(file(dir, FILES.get(0)));
        Idx.Labels trainLabels = Idx.readLabels(file(dir, FILES.get(1)));
        Idx.Images testImages = Idx.readImages(file(dir, FILES.get(2)));
        Idx.Labels testLabels = Idx.readLabels(file(dir, FILES.get(3)));
        return assemble(source, dir.toString(), trainImages, trainLabels, testImages, testLabels);
    }

    /** Builds the splits from checked IDX contents; {@code where} names the location in messages. */
    static Splits assemble(Source source, String where, Idx.Images trainImages, Idx.Labels trainLabels,
            Idx.Images testImages, Idx.Labels testLabels) {
        ImageDataset train = dataset("Fashion-MNIST train", where, FILES.get(0), FILES.get(1), trainImages, trainLabels);
        ImageDataset test = dataset("Fashion-MNIST test", where, FILES.get(2), FILES.get(3), testImages, testLabels);
        String all = trainImages.sha256() + "\n" + trainLabels.sha256() + "\n" + testImages.sha256() + "\n"
                + testLabels.sha256() + "\n";
        return new Splits(train, test, source, Idx.sha256(all.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static ImageDataset dataset(String name, String where, String imagesFile, String labelsFile,
            Idx.Images images, Idx.Labels labels) {
        if (images.rows() != SIDE || images.cols() != SIDE) {
            throw new InvalidInputException(where + "/" + imagesFile + ": images are " + images.rows() + "×"
                    + images.cols() + ", Fashion-MNIST's are " + SIDE + "×" + SIDE);
        }
        if (images.count() != labels.count()) {
            throw new InvalidInputException(where + ": " + imagesFile + " has " + images.count() + " images but "
                    + labelsFile + " has " + labels.count() + " labels");
        }
        int[] l = new int[labels.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.labels()[i] & 0xff;
            if (l[i] >= CLASSES) {
                throw new InvalidInputException(where + "/" + labelsFile + ": label " + l[i] + " of item " + i
                        + " is not a Fashion-MNIST class (0 to 9)");
            }
        }
        return new ImageDataset(name, SIDE, SIDE, toUnitFloats(images.pixels()), l, CLASSES);
    }

    /** Bytes 0..255 to floats b/255 in [0, 1]. */
    static float[] toUnitFloats(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = (b[i] & 0xff) / 255f;
        }
        return f;
    }

    /** {@code dir/NAME.gz} if it exists, else {@code dir/NAME} (whose absence the reader reports). */
    static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : dir.resolve(name);
    }

    private static List<String> missing(Path dir) {
        List<String> out = new ArrayList<>();
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f + ".gz")) && !Files.isRegularFile(dir.resolve(f))) {
                out.add(f);
            }
        }
        return out;
    }

    private static void requireAll(String what, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(what + ": no such directory; it must hold the four Fashion-MNIST files "
                    + String.join(", ", FILES) + " (each .gz or raw)");
        }
        List<String> m = missing(dir);
        if (!m.isEmpty()) {
            throw new InvalidInputException(what + ": missing " + String.join(", ", m) + " (.gz or raw); "
                    + HOW_TO_GET_FULL);
        }
    }
}
