package org.spectralssl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;

class AugmenterTest {
    static final int S = 28;

    /** N random images with pixels uniform in [0, 1]. */
    static ImageDataset randomImages(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] px = new float[n * S * S];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) rnd.nextDouble();
        }
        return new ImageDataset("random", S, S, px, new int[n], 1);
    }

    /** Every operation always on, at its widest settings. */
    static final AugmentConfig EVERYTHING = new AugmentConfig(AugmentConfig.Crop.DEFAULT, 1,
            new AugmentConfig.Jitter(1, 0.9, 0.9), new AugmentConfig.Blur(1, 0.1, 2.0, 5),
            new AugmentConfig.Noise(1, 0.3), new AugmentConfig.Erasing(1, 0.02, 0.33, 0.3, 3.3, 0.5));

    @Test
    void allProbabilitiesZeroIsTheIdentity() {
        ImageDataset d = randomImages(20, 1);
        int[] idx = {3, 0, 19, 7};
        float[] out = new Augmenter(AugmentConfig.NONE, S, S).view(d, idx, 42, 0, 0);
        assertArrayEquals(d.gather(idx), out);
    }

    @Test
    void aFullSizeCropIsTheIdentity() {
        ImageDataset d = randomImages(5, 2);
        AugmentConfig fullCrop = new AugmentConfig(new AugmentConfig.Crop(1, 1, 1, 1, 1), 0, AugmentConfig.Jitter.OFF,
                AugmentConfig.Blur.OFF, AugmentConfig.Noise.DEFAULT, AugmentConfig.Erasing.DEFAULT);
        int[] idx = {0, 1, 2, 3, 4};
        assertArrayEquals(d.gather(idx), new Augmenter(fullCrop, S, S).view(d, idx, 1, 2, 3));
    }

    @Test
    void sameSeedEpochIndexAndViewGiveTheSameImageInAnyBatch() {
        ImageDataset d = randomImages(30, 3);
        Augmenter a = new Augmenter(EVERYTHING, S, S);
        float[] b1 = a.view(d, new int[] {5, 9, 11}, 7, 4, 1);
        float[] b2 = a.view(d, new int[] {11, 2, 5}, 7, 4, 1);
        int p = S * S;
        assertArrayEquals(Arrays.copyOfRange(b1, 0, p), Arrays.copyOfRange(b2, 2 * p, 3 * p), "image 5");
        assertArrayEquals(Arrays.copyOfRange(b1, 2 * p, 3 * p), Arrays.copyOfRange(b2, 0, p), "image 11");
        float[] again = a.view(d, new int[] {5, 9, 11}, 7, 4, 1);
        assertArrayEquals(b1, again);
        assertFalse(Arrays.equals(b1, a.view(d, new int[] {5, 9, 11}, 7, 4, 0)), "views differ");
        assertFalse(Arrays.equals(b1, a.view(d, new int[] {5, 9, 11}, 7, 5, 1)), "epochs differ");
        assertFalse(Arrays.equals(b1, a.view(d, new int[] {5, 9, 11}, 8, 4, 1)), "seeds differ");
    }

    @Test
    void outputStaysInTheUnitInterval() {
        ImageDataset d = randomImages(200, 4);
        int[] idx = java.util.stream.IntStream.range(0, 200).toArray();
        for (AugmentConfig c : new AugmentConfig[] {EVERYTHING, AugmentConfig.DEFAULT}) {
            float[] out = new Augmenter(c, S, S).view(d, idx, 9, 0, 0);
            for (float v : out) {
                assertTrue(v >= 0 && v <= 1, "pixel " + v);
            }
        }
    }

    @Test
    void cropBoxesRespectScaleAndAspect() {
        Augmenter a = new Augmenter(AugmentConfig.DEFAULT, S, S);
        SplittableRandom rnd = new SplittableRandom(5);
        double minArea = 1;
        double maxArea = 0;
        for (int t = 0; t < 5000; t++) {
            int[] b = a.cropBox(AugmentConfig.Crop.DEFAULT, rnd);
            int top = b[0], left = b[1], h = b[2], w = b[3];
            assertTrue(top >= 0 && left >= 0 && top + h <= S && left + w <= S, Arrays.toString(b));
            double area = (double) h * w / (S * S);
            minArea = Math.min(minArea, area);
            maxArea = Math.max(maxArea, area);
            // Rounding h and w to integers moves the aspect by at most about 1/h + 1/w.
            double slack = 1.0 / h + 1.0 / w + 1e-9;
            double ratio = (double) w / h;
            assertTrue(ratio >= 0.75 * (1 - slack) && ratio <= 4.0 / 3 * (1 + slack), "aspect " + ratio);
        }
        assertTrue(minArea < 0.1 && maxArea > 0.9, "areas span the scale range: " + minArea + ".." + maxArea);
    }

    /** Bilinear 2× upscale of the 2×2 box at (1, 1) of a 4×4 image, by the half-pixel formula. */
    @Test
    void resizedCropIsBilinearWithHalfPixelCentres() {
        Augmenter a = new Augmenter(AugmentConfig.NONE, 4, 4);
        float[] src = new float[16];
        for (int i = 0; i < 16; i++) {
            src[i] = i / 16f;
        }
        float[] dst = new float[16];
        a.resizedCrop(src, 0, 1, 1, 2, 2, dst, 0);
        // s = (o + 0.5)·2/4 − 0.5 = o/2 − 0.25, clamped to [0, 1]: 0, 0.25, 0.75, 1
        double[] s = {0, 0.25, 0.75, 1};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                // src is linear in (row, column): value = (4·row + column)/16, so bilinear is exact
                double expected = (4 * (1 + s[y]) + (1 + s[x])) / 16;
                assertEquals(expected, dst[y * 4 + x], 1e-6, "(" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void flipMirrorsRowsAndIsAnInvolution() {
        Augmenter a = new Augmenter(AugmentConfig.NONE, 2, 3);
        float[] img = {1, 2, 3, 4, 5, 6};
        a.flip(img, 0);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, img);
        a.flip(img, 0);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, img);
    }

    @Test
    void brightnessScalesAndContrastBlendsWithTheMean() {
        Augmenter a = new Augmenter(AugmentConfig.NONE, 1, 4);
        float[] img = {0.1f, 0.2f, 0.3f, 0.4f};
        a.brightnessContrast(img, 0, 2, 1);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.6f, 0.8f}, img, 1e-6f);
        a.brightnessContrast(img, 0, 1, 0.5);
        double mean = 0.5;
        assertArrayEquals(new float[] {(float) (0.1 + 0.5 * mean), (float) (0.2 + 0.5 * mean), (float) (0.3 + 0.5 * mean),
                (float) (0.4 + 0.5 * mean)}, img, 1e-6f);
        a.brightnessContrast(img, 0, 3, 1);
        assertArrayEquals(new float[] {1, 1, 1, 1}, img, "clipped");
    }

    @Test
    void blurKeepsConstantsAndSpreadsAPointSymmetrically() {
        Augmenter a = new Augmenter(AugmentConfig.NONE, 5, 5);
        float[] flat = new float[25];
        Arrays.fill(flat, 0.3f);
        a.blur(flat, 0, 1.5, 3);
        for (float v : flat) {
            assertEquals(0.3f, v, 1e-6f);
        }
        float[] dot = new float[25];
        dot[12] = 1;
        a.blur(dot, 0, 1.0, 3);
        double k0 = 1 / (1 + 2 * Math.exp(-0.5)); // centre weight of the normalised 3-tap kernel at σ = 1
        double k1 = Math.exp(-0.5) * k0;
        assertEquals(k0 * k0, dot[12], 1e-6);
        assertEquals(k0 * k1, dot[7], 1e-6);
        assertEquals(k1 * k1, dot[6], 1e-6);
        assertEquals(dot[6], dot[18], 0);
        assertEquals(0, dot[0], 0);
    }

    @Test
    void noiseHasTheRequestedSpread() {
        AugmentConfig noiseOnly = new AugmentConfig(AugmentConfig.Crop.OFF, 0, AugmentConfig.Jitter.OFF,
                AugmentConfig.Blur.OFF, new AugmentConfig.Noise(1, 0.05), AugmentConfig.Erasing.DEFAULT);
        float[] grey = new float[S * S];
        Arrays.fill(grey, 0.5f);
        float[] out = new float[S * S];
        new Augmenter(noiseOnly, S, S).apply(grey, 0, out, 0, new SplittableRandom(6));
        double sum = 0;
        double sq = 0;
        for (float v : out) {
            sum += v - 0.5;
            sq += (v - 0.5) * (v - 0.5);
        }
        int n = out.length;
        assertEquals(0, sum / n, 4 * 0.05 / Math.sqrt(n));
        assertEquals(0.05, Math.sqrt(sq / n), 0.05 * 4 / Math.sqrt(2 * n));
    }

    @Test
    void erasingFillsOneRectangleOfTheRightSize() {
        AugmentConfig.Erasing e = new AugmentConfig.Erasing(1, 0.02, 0.33, 0.3, 3.3, 0);
        Augmenter a = new Augmenter(AugmentConfig.NONE, S, S);
        SplittableRandom rnd = new SplittableRandom(8);
        for (int t = 0; t < 200; t++) {
            float[] img = new float[S * S];
            Arrays.fill(img, 1f);
            a.erase(e, img, 0, rnd);
            int minY = S, maxY = -1, minX = S, maxX = -1, zeros = 0;
            for (int i = 0; i < img.length; i++) {
                if (img[i] == 0) {
                    zeros++;
                    minY = Math.min(minY, i / S);
                    maxY = Math.max(maxY, i / S);
                    minX = Math.min(minX, i % S);
                    maxX = Math.max(maxX, i % S);
                }
            }
            assertEquals((maxY - minY + 1) * (maxX - minX + 1), zeros, "one filled rectangle");
            double frac = (double) zeros / (S * S);
            assertTrue(frac > 0.01 && frac < 0.4, "area fraction " + frac);
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new AugmentConfig.Crop(1.5, 0.08, 1, 0.75, 1.33));
        assertEquals("crop probability must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(InvalidInputException.class, () -> new AugmentConfig.Crop(1, 0.5, 0.2, 0.75, 1.33));
        assertThrows(InvalidInputException.class, () -> new AugmentConfig.Blur(1, 0.1, 2, 4));
        assertThrows(InvalidInputException.class, () -> new AugmentConfig.Jitter(Double.NaN, 0.4, 0.4));
        ImageDataset small = new ImageDataset("small", 2, 2, new float[4], new int[1], 1);
        InvalidInputException f = assertThrows(InvalidInputException.class,
                () -> new Augmenter(AugmentConfig.DEFAULT, S, S).view(small, new int[] {0}, 1, 0, 0));
        assertEquals("small has 2×2 images but the augmenter was made for 28×28", f.getMessage());
    }
}
