package org.spectralssl.property;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * A batch whose covariance is exactly diagonal with exactly repeated entries, so that the
 * computed eigenvalues tie bit for bit (a random rotation, as {@link BatchSpec} uses, leaves ties
 * of a few ulps). Variables are rows 1 … n of the Sylvester–Hadamard matrix of order k = 2^log2k
 * (±1, mutually orthogonal and orthogonal to 1) scaled by powers of two, so
 * Σ = diag(s_i²)·k/q exactly; the variables are then permuted.
 *
 * @param seed the case seed (permutation, mean shift)
 * @param mode FEATURES or SAMPLES
 * @param n number of variables, n ≤ k − 1
 * @param log2k log₂ of the number of observations k
 * @param distinct number of distinct scales s_i ∈ {1, 2, 4, …}, 1 ≤ distinct ≤ n
 */
public record ExactTieCase(long seed, WhiteningMode mode, int n, int log2k, int distinct)
        implements Shrinkable<ExactTieCase> {

    /** A case for a seed: n ≤ 8, k ∈ {4, 8, 16}, at most n/2 distinct scales (so there are ties). */
    public static ExactTieCase generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        WhiteningMode mode = rnd.nextBoolean() ? WhiteningMode.FEATURES : WhiteningMode.SAMPLES;
        int log2k = 2 + rnd.nextInt(3);
        int n = 2 + rnd.nextInt(Math.min(8, (1 << log2k) - 1) - 1);
        int distinct = 1 + rnd.nextInt(Math.max(1, n / 2));
        return new ExactTieCase(seed, mode, n, log2k, distinct);
    }

    public int k() {
        return 1 << log2k;
    }

    @Override
    public String describe() {
        return mode + " exact ties: n=" + n + " k=" + k() + ", " + distinct + " distinct eigenvalue(s) in equal blocks"
                + ", Hadamard rows; seed " + seed;
    }

    @Override
    public List<ExactTieCase> shrinks() {
        LinkedHashSet<ExactTieCase> out = new LinkedHashSet<>();
        for (int n2 : new int[] {2, n - 1}) {
            if (n2 >= 2 && n2 < n) {
                out.add(new ExactTieCase(seed, mode, n2, log2k, Math.min(distinct, n2)));
            }
        }
        for (int l2 : new int[] {2, log2k - 1}) {
            if (l2 >= 2 && l2 < log2k && n <= (1 << l2) - 1) {
                out.add(new ExactTieCase(seed, mode, n, l2, distinct));
            }
        }
        if (distinct > 1) {
            out.add(new ExactTieCase(seed, mode, n, log2k, 1));
        }
        out.remove(this);
        return new ArrayList<>(out);
    }

    /** The batch Z (m×d). */
    public DMatrixRMaj batch() {
        int k = k();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        int[] order = RandomMatrices.permutationIndices(n, rnd);
        DMatrixRMaj x = new DMatrixRMaj(n, k);
        for (int i = 0; i < n; i++) {
            int row = order[i] + 1;
            double s = Math.scalb(1.0, (int) ((long) i * distinct / n));
            double mean = rnd.nextInt(-4, 5);
            for (int c = 0; c < k; c++) {
                x.set(i, c, s * (Integer.bitCount(row & c) % 2 == 0 ? 1 : -1) + mean);
            }
        }
        return mode.fromVariables(x);
    }

    /** The divisor: always the default; k − 1 is odd, so Σ = diag(s²)·k/(k − 1) is exact only up to one rounding, identical for equal s. */
    public Divisor divisor() {
        return Divisor.DEFAULT;
    }
}
