package org.spectralssl.data;

import java.util.SplittableRandom;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The augmentation pipeline for single-channel H×W images with pixels in [0, 1], applied in this
 * order, each with its own probability (see {@link AugmentConfig}):
 * <ol>
 *   <li>random resized crop (torchvision's {@code RandomResizedCrop} sampling: up to 10 tries for
 *       a box of the drawn area and log-uniform aspect, else a centre crop clamped to the aspect
 *       range), resized back to H×W by bilinear interpolation with half-pixel centres
 *       ({@code align_corners=False}); a full-size box reproduces the image exactly;</li>
 *   <li>horizontal flip;</li>
 *   <li>brightness {@code x·b}, then contrast {@code c·x + (1−c)·mean(x)}, each clipped to [0, 1]
 *       (torchvision applies them in a random order; a fixed one is simpler and, for these two,
 *       differs only through the clipping);</li>
 *   <li>Gaussian blur, separable, reflected borders;</li>
 *   <li>Gaussian noise, clipped to [0, 1];</li>
 *   <li>random erasing (torchvision's {@code RandomErasing} sampling).</li>
 * </ol>
 * Every operation maps [0, 1] into [0, 1]. Randomness comes only from the generator passed in;
 * {@link #view} derives one per sample from (run seed, epoch, sample index, view), so an image's
 * augmentation does not depend on the batch it is in or on the order of the work.
 */
public final class Augmenter {
    private static final int CROP_TRIES = 10;

    private final AugmentConfig cfg;
    private final int height;
    private final int width;

    public Augmenter(AugmentConfig cfg, int height, int width) {
        if (height < 1 || width < 1) {
            throw new InvalidInputException("image size " + height + "×" + width + " must be positive");
        }
        this.cfg = cfg;
        this.height = height;
        this.width = width;
    }

    public AugmentConfig config() {
        return cfg;
    }

    /**
     * One augmented view of a batch: image r of the result is image {@code indices[r]} of
     * {@code data}, augmented with {@code Seeds.random(seed, AUGMENTATION, epoch, indices[r], view)}.
     *
     * @return a new |indices|×P array, P = H·W
     */
    public float[] view(ImageDataset data, int[] indices, long seed, int epoch, int view) {
        if (data.height() != height || data.width() != width) {
            throw new InvalidInputException(data.name() + " has " + data.height() + "×" + data.width()
                    + " images but the augmenter was made for " + height + "×" + width);
        }
        int p = height * width;
        float[] out = new float[indices.length * p];
        for (int r = 0; r < indices.length; r++) {
            SplittableRandom rnd = Seeds.random(seed, Seeds.Purpose.AUGMENTATION, epoch, indices[r], view);
            apply(data.pixels(), indices[r] * p, out, r * p, rnd);
        }
        return out;
    }

    /**
     * Augments one image. Not modified: src. Modified: dst (P values from dstOff), rnd.
     * {@code src} and {@code dst} may be the same array only at non-overlapping offsets.
     */
    public void apply(float[] src, int srcOff, float[] dst, int dstOff, SplittableRandom rnd) {
        int p = height * width;
        AugmentConfig.Crop crop = cfg.crop();
        if (fires(crop.probability(), rnd)) {
            int[] box = cropBox(crop, rnd);
            resizedCrop(src, srcOff, box[0], box[1], box[2], box[3], dst, dstOff);
        } else {
            System.arraycopy(src, srcOff, dst, dstOff, p);
        }
        if (fires(cfg.flipProbability(), rnd)) {
            flip(dst, dstOff);
        }
        AugmentConfig.Jitter j = cfg.jitter();
        if (fires(j.probability(), rnd)) {
            double b = uniform(rnd, Math.max(0, 1 - j.brightness()), 1 + j.brightness());
            double c = uniform(rnd, Math.max(0, 1 - j.contrast()), 1 + j.contrast());
            brightnessContrast(dst, dstOff, b, c);
        }
        AugmentConfig.Blur blur = cfg.blur();
        if (fires(blur.probability(), rnd)) {
            blur(dst, dstOff, uniform(rnd, blur.sigmaMin(), blur.sigmaMax()), blur.kernelSize());
        }
        AugmentConfig.Noise noise = cfg.noise();
        if (fires(noise.probability(), rnd)) {
            for (int i = dstOff; i < dstOff + p; i++) {
                dst[i] = clip01(dst[i] + noise.std() * Seeds.gaussian(rnd));
            }
        }
        AugmentConfig.Erasing e = cfg.erasing();
        if (fires(e.probability(), rnd)) {
            erase(e, dst, dstOff, rnd);
        }
    }

    private static boolean fires(double probability, SplittableRandom rnd) {
        // With probability 0 no number is drawn, so turning an operation off leaves the others' draws alone.
        return probability > 0 && rnd.nextDouble() < probability;
    }

    private static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * rnd.nextDouble();
    }

    /** {top, left, h, w} of a crop box, as torchvision's {@code RandomResizedCrop.get_params}. */
    int[] cropBox(AugmentConfig.Crop c, SplittableRandom rnd) {
        double area = (double) height * width;
        double logLo = Math.log(c.ratioMin());
        double logHi = Math.log(c.ratioMax());
        for (int t = 0; t < CROP_TRIES; t++) {
            double target = area * uniform(rnd, c.scaleMin(), c.scaleMax());
            double aspect = Math.exp(uniform(rnd, logLo, logHi));
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rnd.nextInt(height - h + 1);
                int left = rnd.nextInt(width - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < c.ratioMin()) {
            w = width;
            h = Math.max(1, (int) Math.round(w / c.ratioMin()));
        } else if (inRatio > c.ratioMax()) {
            h = height;
            w = Math.max(1, (int) Math.round(h * c.ratioMax()));
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    /**
     * Bilinear resize of the h×w box at (top, left) of src to H×W in dst, sampling at
     * {@code s = (o + 0.5)·h/H − 0.5} (half-pixel centres), clamped to the box.
     */
    void resizedCrop(float[] src, int srcOff, int top, int left, int h, int w, float[] dst, int dstOff) {
        for (int y = 0; y < height; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h / height - 0.5, 0), h - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            int r0 = srcOff + (top + y0) * width + left;
            int r1 = srcOff + (top + y1) * width + left;
            for (int x = 0; x < width; x++) {
                double sx = Math.min(Math.max((x + 0.5) * w / width - 0.5, 0), w - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double v = (1 - fy) * ((1 - fx) * src[r0 + x0] + fx * src[r0 + x1])
                        + fy * ((1 - fx) * src[r1 + x0] + fx * src[r1 + x1]);
                dst[dstOff + y * width + x] = (float) v;
            }
        }
    }

    void flip(float[] img, int off) {
        for (int y = 0; y < height; y++) {
            int row = off + y * width;
            for (int a = 0, b = width - 1; a < b; a++, b--) {
                float t = img[row + a];
                img[row + a] = img[row + b];
                img[row + b] = t;
            }
        }
    }

    /** x ← clip(b·x), then x ← clip(c·x + (1 − c)·mean), mean taken after the brightness step. */
    void brightnessContrast(float[] img, int off, double b, double c) {
        int p = height * width;
        double sum = 0;
        for (int i = off; i < off + p; i++) {
            img[i] = clip01(b * img[i]);
            sum += img[i];
        }
        double mean = sum / p;
        for (int i = off; i < off + p; i++) {
            img[i] = clip01(c * img[i] + (1 - c) * mean);
        }
    }

    /** Separable Gaussian blur with weights ∝ exp(−t²/2σ²), t = −r..r, and reflected borders (dcb|abcd|cba). */
    void blur(float[] img, int off, double sigma, int kernelSize) {
        int r = kernelSize / 2;
        double[] k = new double[kernelSize];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            k[t + r] = Math.exp(-(double) t * t / (2 * sigma * sigma));
            sum += k[t + r];
        }
        for (int t = 0; t < kernelSize; t++) {
            k[t] /= sum;
        }
        float[] tmp = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                    acc += k[t + r] * img[off + y * width + reflect(x + t, width)];
                }
                tmp[y * width + x] = (float) acc;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                    acc += k[t + r] * tmp[reflect(y + t, height) * width + x];
                }
                img[off + y * width + x] = clip01(acc);
            }
        }
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Random erasing as torchvision: up to 10 tries for a box strictly smaller than the image. */
    void erase(AugmentConfig.Erasing e, float[] img, int off, SplittableRandom rnd) {
        double area = (double) height * width;
        double logLo = Math.log(e.ratioMin());
        double logHi = Math.log(e.ratioMax());
        for (int t = 0; t < CROP_TRIES; t++) {
            double target = area * uniform(rnd, e.scaleMin(), e.scaleMax());
            double aspect = Math.exp(uniform(rnd, logLo, logHi));
            int h = (int) Math.round(Math.sqrt(target * aspect));
            int w = (int) Math.round(Math.sqrt(target / aspect));
            if (h < height && w < width && h > 0 && w > 0) {
                int top = rnd.nextInt(height - h + 1);
                int left = rnd.nextInt(width - w + 1);
                for (int y = top; y < top + h; y++) {
                    java.util.Arrays.fill(img, off + y * width + left, off + y * width + left + w, (float) e.value());
                }
                return;
            }
        }
    }

    private static float clip01(double v) {
        return (float) Math.min(1, Math.max(0, v));
    }
}
