package org.spectralssl.data;

import java.util.SplittableRandom;

/**
 * Randomness derived from one run seed per purpose and coordinate, so that no result depends on
 * the order in which other random numbers were drawn (ARCHITECTURE.md: "randomness is passed in").
 *
 * <p>{@code derive(seed, a, b, …)} chains the SplitMix64 finaliser (Steele, Lea and Flood 2014,
 * the mixer inside {@link SplittableRandom}) over the seed and each coordinate, with a distinct
 * odd multiplier per position, so that (seed, epoch, index, view) tuples that differ in any
 * coordinate give unrelated streams.
 */
public final class Seeds {
    private Seeds() {}

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * What a stream is for; the first coordinate of every derived seed, so that streams for
     * different purposes never coincide even at equal remaining coordinates.
     */
    public enum Purpose {
        /** Augmentation of one sample: coordinates (epoch, sample index, view). */
        AUGMENTATION,
        /** Order of the samples in one epoch: coordinate (epoch). */
        SHUFFLE,
        /** Initial weights of a network: coordinate (which network). */
        INITIALISATION,
        /** Evaluation (linear probe, subsampling). */
        EVALUATION
    }

    /** A 64-bit seed for the given coordinates under {@code seed}. */
    public static long derive(long seed, long... coordinates) {
        long h = mix64(seed + GOLDEN);
        for (int k = 0; k < coordinates.length; k++) {
            h = mix64(h ^ mix64(coordinates[k] * (2L * k + 3) * GOLDEN + k + 1));
        }
        return h;
    }

    /** A fresh generator seeded by {@link #derive(long, long...)}. */
    public static SplittableRandom random(long seed, long... coordinates) {
        return new SplittableRandom(derive(seed, coordinates));
    }

    /** A fresh generator for {@code purpose} at the given coordinates under the run seed. */
    public static SplittableRandom random(long seed, Purpose purpose, long... coordinates) {
        long[] all = new long[coordinates.length + 1];
        all[0] = purpose.ordinal();
        System.arraycopy(coordinates, 0, all, 1, coordinates.length);
        return random(seed, all);
    }

    /** A standard normal draw (Box–Muller, one of the pair), consuming two uniforms. */
    public static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        // 1 − u1 lies in (0, 1], so the logarithm is finite.
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
