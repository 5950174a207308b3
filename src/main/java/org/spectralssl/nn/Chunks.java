package org.spectralssl.nn;

import org.spectralssl.linalg.Gemm;

/**
 * Element-wise work of the layers in contiguous ranges on the product threads ({@link
 * Gemm#parallelFor}). Each index is computed by exactly the same arithmetic whichever range it
 * falls in, so no bit depends on the number of threads; small work runs on the calling thread.
 */
final class Chunks {
    private Chunks() {}

    /** Below this many elements a pass runs on the calling thread (a fork costs about as much). */
    static final int MIN_PARALLEL = 1 << 15;

    /** A body over the index range [from, to). */
    interface Range {
        void run(int from, int to);
    }

    /** Runs body over [0, n) in as many contiguous ranges as there are product threads. */
    static void run(int n, Range body) {
        run(n, 1, MIN_PARALLEL, body);
    }

    /**
     * Runs body over [0, n) in contiguous ranges, one per product thread, when the work (n·weight
     * elements) reaches {@code minWork}; otherwise in one range on the calling thread.
     */
    static void run(int n, int weight, int minWork, Range body) {
        int t = Gemm.threads();
        if (t == 1 || (long) n * weight < minWork || n < 2) {
            body.run(0, n);
            return;
        }
        int pieces = Math.min(t, n);
        Gemm.parallelFor(pieces, i -> body.run((int) ((long) n * i / pieces), (int) ((long) n * (i + 1) / pieces)));
    }
}
