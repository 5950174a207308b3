package org.spectralssl.data;

import org.spectralssl.linalg.InvalidInputException;

/**
 * Settings of the augmentation pipeline for single-channel images with pixels in [0, 1]; see
 * {@link Augmenter} for the order and the exact operations. Each operation fires with its own
 * probability; a probability of 0 makes it the identity and draws no further random numbers.
 *
 * <p>The defaults ({@link #DEFAULT}) follow the BYOL recipe the paper uses (METHOD.md §7)
 * where it applies to 28×28 grayscale: random resized crop with scale 0.08–1 and aspect 3/4–4/3,
 * flip with probability 0.5, colour jitter reduced to brightness and contrast (0.4 each, applied
 * with probability 0.8), Gaussian blur with probability 0.5 (the mean of BYOL's 1.0 and 0.1 for
 * its two views) and its kernel scaled from 23 px at 224 px to 3 px at 28 px. Noise and random
 * erasing are available but off.
 */
public record AugmentConfig(Crop crop, double flipProbability, Jitter jitter, Blur blur, Noise noise,
        Erasing erasing) {

    /** Random resized crop: area fraction in [scaleMin, scaleMax], aspect w/h in [ratioMin, ratioMax]. */
    public record Crop(double probability, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        public static final Crop DEFAULT = new Crop(1.0, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
        public static final Crop OFF = new Crop(0, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);

        public Crop {
            checkProbability("crop probability", probability);
            checkRange("crop scale", scaleMin, scaleMax, 1e-6, 1);
            checkRange("crop aspect ratio", ratioMin, ratioMax, 1e-3, 1e3);
        }
    }

    /** Brightness factor in [1 − brightness, 1 + brightness], contrast factor likewise (floors at 0). */
    public record Jitter(double probability, double brightness, double contrast) {
        public static final Jitter DEFAULT = new Jitter(0.8, 0.4, 0.4);
        public static final Jitter OFF = new Jitter(0, 0.4, 0.4);

        public Jitter {
            checkProbability("jitter probability", probability);
            checkRange("brightness", 0, brightness, 0, 1e3);
            checkRange("contrast", 0, contrast, 0, 1e3);
        }
    }

    /** Separable Gaussian blur, σ uniform in [sigmaMin, sigmaMax], odd kernel size, reflected borders. */
    public record Blur(double probability, double sigmaMin, double sigmaMax, int kernelSize) {
        public static final Blur DEFAULT = new Blur(0.5, 0.1, 2.0, 3);
        public static final Blur OFF = new Blur(0, 0.1, 2.0, 3);

        public Blur {
            checkProbability("blur probability", probability);
            checkRange("blur sigma", sigmaMin, sigmaMax, 1e-3, 1e3);
            if (kernelSize < 1 || kernelSize % 2 == 0) {
                throw new InvalidInputException("blur kernel size must be odd and positive, got " + kernelSize);
            }
        }
    }

    /** Additive Gaussian noise of standard deviation {@code std}, then clipped to [0, 1]. */
    public record Noise(double probability, double std) {
        public static final Noise DEFAULT = new Noise(0, 0.05);

        public Noise {
            checkProbability("noise probability", probability);
            checkRange("noise std", 0, std, 0, 1e3);
        }
    }

    /** Random erasing (Zhong et al. 2020): a rectangle of area fraction and aspect in range, set to {@code value}. */
    public record Erasing(double probability, double scaleMin, double scaleMax, double ratioMin, double ratioMax,
            double value) {
        public static final Erasing DEFAULT = new Erasing(0, 0.02, 0.33, 0.3, 3.3, 0);

        public Erasing {
            checkProbability("erasing probability", probability);
            checkRange("erasing scale", scaleMin, scaleMax, 1e-6, 1);
            checkRange("erasing aspect ratio", ratioMin, ratioMax, 1e-3, 1e3);
            checkRange("erasing value", value, value, 0, 1);
        }
    }

    /** The recipe described in the class comment. */
    public static final AugmentConfig DEFAULT = new AugmentConfig(Crop.DEFAULT, 0.5, Jitter.DEFAULT, Blur.DEFAULT,
            Noise.DEFAULT, Erasing.DEFAULT);

    /** Every probability 0: the pipeline returns its input unchanged. */
    public static final AugmentConfig NONE = new AugmentConfig(Crop.OFF, 0, Jitter.OFF, Blur.OFF, Noise.DEFAULT,
            Erasing.DEFAULT);

    public AugmentConfig {
        if (crop == null || jitter == null || blur == null || noise == null || erasing == null) {
            throw new InvalidInputException("every augmentation setting must be given");
        }
        checkProbability("flip probability", flipProbability);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidInputException(name + " must be in [0, 1], got " + p);
        }
    }

    private static void checkRange(String name, double lo, double hi, double min, double max) {
        if (!(lo >= min && hi <= max && lo <= hi)) {
            throw new InvalidInputException(name + " range [" + lo + ", " + hi + "] must satisfy " + min + " <= low <= high <= "
                    + max);
        }
    }
}
