package org.spectralssl.data;

import org.spectralssl.linalg.InvalidInputException;

/**
 * A labelled set of single-channel images held as floats.
 *
 * <p>Shapes (N images, H × W pixels, P = H·W): {@code pixels} is N×P row-major, image i at
 * offset {@code i·P}, each image row-major; {@code labels} has N entries in
 * {@code [0, numClasses)}. Fashion-MNIST pixels are the stored bytes divided by 255, in [0, 1];
 * synthetic sets may hold any finite values.
 *
 * <p>The arrays are shared, not copied: callers must not modify them.
 */
public final class ImageDataset {
    private final String name;
    private final int height;
    private final int width;
    private final float[] pixels;
    private final int[] labels;
    private final int numClasses;

    /**
     * @param name       shown in messages and reports
     * @param pixels     N×(H·W), not copied
     * @param labels     N labels in [0, numClasses), not copied
     * @throws InvalidInputException if the sizes disagree, a label is out of range or a pixel
     *                               is not finite
     */
    public ImageDataset(String name, int height, int width, float[] pixels, int[] labels, int numClasses) {
        if (height < 1 || width < 1) {
            throw new InvalidInputException(name + ": image size " + height + "×" + width + " must be positive");
        }
        if (numClasses < 1) {
            throw new InvalidInputException(name + ": numClasses must be at least 1, got " + numClasses);
        }
        if ((long) labels.length * height * width != pixels.length) {
            throw new InvalidInputException(name + ": " + labels.length + " labels but " + pixels.length
                    + " pixels; " + height + "×" + width + " images need " + (long) labels.length * height * width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new InvalidInputException(name + ": label " + labels[i] + " of item " + i + " is outside [0, "
                        + numClasses + ")");
            }
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                throw new InvalidInputException(name + ": pixel " + i % (height * width) + " of item "
                        + i / (height * width) + " is " + pixels[i]);
            }
        }
        this.name = name;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    public String name() {
        return name;
    }

    /** N, the number of images. */
    public int size() {
        return labels.length;
    }

    /** H. */
    public int height() {
        return height;
    }

    /** W. */
    public int width() {
        return width;
    }

    /** P = H·W, the pixels per image. */
    public int pixelsPerImage() {
        return height * width;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The N×P pixel array itself (shared; do not modify). */
    public float[] pixels() {
        return pixels;
    }

    /** The N labels themselves (shared; do not modify). */
    public int[] labels() {
        return labels;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Number of images of each class, indexed by class. */
    public int[] classCounts() {
        int[] c = new int[numClasses];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    /**
     * The images at {@code indices}, stacked: a new |indices|×P array in the order given.
     * Not modified: indices.
     */
    public float[] gather(int[] indices) {
        int p = pixelsPerImage();
        float[] out = new float[indices.length * p];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(pixels, indices[r] * p, out, r * p, p);
        }
        return out;
    }

    /** The labels at {@code indices}, in the order given. */
    public int[] gatherLabels(int[] indices) {
        int[] out = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            out[r] = labels[indices[r]];
        }
        return out;
    }

    /** A new dataset holding the images at {@code indices} in the order given. */
    public ImageDataset subset(String subsetName, int[] indices) {
        return new ImageDataset(subsetName, height, width, gather(indices), gatherLabels(indices), numClasses);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images of " + height + "×" + width + ", " + numClasses + " classes)";
    }
}
