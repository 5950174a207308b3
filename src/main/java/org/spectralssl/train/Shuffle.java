package org.spectralssl.train;

import java.util.SplittableRandom;

/** Fisher–Yates permutations from a given generator. */
final class Shuffle {
    private Shuffle() {}

    /** Fills {@code out} with a uniformly random permutation of 0..n−1 drawn from {@code rnd}. Modified: out, rnd. */
    static void permutation(int[] out, SplittableRandom rnd) {
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }
}
