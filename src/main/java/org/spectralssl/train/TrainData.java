package org.spectralssl.train;

import java.nio.file.Path;
import org.spectralssl.data.FashionMnist;
import org.spectralssl.data.FashionMnistSubset;
import org.spectralssl.data.ImageDataset;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The labelled splits a run uses and where they came from.
 *
 * @param train     training images (pre-training, the kNN bank, the probe's training set)
 * @param test      test images (kNN queries, probe accuracy)
 * @param source    one line for the user: what was loaded, from where, how it was subsampled
 * @param sha256    SHA-256 identifying the loaded data (for Fashion-MNIST: of the four payload hashes)
 */
public record TrainData(ImageDataset train, ImageDataset test, String source, String sha256) {

    /**
     * Fashion-MNIST as the config says: its {@code data} directory, else {@code dataFlag}, else
     * the locator's order (FashionMnist); then class-balanced subsets of train-images and
     * test-images by {@link FashionMnistSubset#select} with its seed, so that 10,000 / 2,000 of the
     * full set are exactly the bundled subset.
     */
    public static TrainData fashionMnist(TrainConfig c) {
        Path dir = c.data().isEmpty() ? null : Path.of(c.data());
        FashionMnist.Splits s = FashionMnist.load(dir);
        ImageDataset train = balanced(s.train(), c.trainImages(), "train-images");
        ImageDataset test = balanced(s.test(), c.testImages(), "test-images");
        String how = (train.size() < s.train().size() || test.size() < s.test().size())
                ? "; using a class-balanced " + train.size() + " / " + test.size() + " of its " + s.train().size() + " / "
                        + s.test().size() + " images (train-images, test-images; 0 uses all)"
                : "; using all " + train.size() + " / " + test.size() + " images";
        return new TrainData(train, test, s.source().describe() + how, s.dataSha256());
    }

    static ImageDataset balanced(ImageDataset d, int wanted, String key) {
        if (wanted == 0 || wanted >= d.size()) {
            return d;
        }
        int k = d.numClasses();
        if (wanted % k != 0) {
            throw new InvalidInputException(key + " must be a multiple of " + k + " (the classes are balanced), got "
                    + wanted);
        }
        int[] idx = FashionMnistSubset.select(d.labels(), k, wanted / k, FashionMnistSubset.SEED);
        return d.subset(d.name() + " (" + wanted + ")", idx);
    }
}
