package org.spectralssl.train;

import java.util.ArrayList;
import java.util.List;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Kernels;

/**
 * k-nearest-neighbour classification of frozen features (METHOD.md §7: 5-NN, Euclidean, majority
 * vote).
 *
 * <p>Rules, so that results are reproducible to the last query:
 * <ul>
 *   <li>Distance: squared Euclidean, ‖b‖² − 2⟨q, b⟩ (‖q‖² is the same for every b of one query and is
 *       dropped), the inner products by {@link Kernels#mult} in float32.</li>
 *   <li>Neighbours: the k bank items of smallest distance; equal distances are ordered by bank index.</li>
 *   <li>Vote: each neighbour gives its class one vote. The predicted class has the most votes; a tie
 *       between classes goes to the tied class whose nearest member is nearest (comes first in the
 *       neighbour order). So with k = 5 a 2–2–1 split goes to the pair holding the nearer neighbour.</li>
 *   <li>Top-5: the true class is among the first five of the classes that got a vote, ranked by
 *       (votes, then nearest member); with k = 5 that means: among the neighbours' classes.</li>
 * </ul>
 */
public final class Knn {
    private Knn() {}

    /** Queries per block of the distance product. */
    private static final int BLOCK = 256;

    /** Top-1 and top-5 accuracy. */
    public record Result(double top1, double top5) {}

    /**
     * Classifies every query.
     *
     * @param bank N×F features, bankLabels N labels; queries Q×F, queryLabels Q labels. Not modified.
     * @return for each query the classes that got a vote, best first, at most 5
     */
    public static int[][] rank(float[] bank, int[] bankLabels, float[] queries, int q, int f, int k, int classes,
            int threads) {
        int n = bankLabels.length;
        if (bank.length != n * f || queries.length != q * f) {
            throw new InvalidInputException("kNN: feature arrays do not match " + n + " and " + q + " items of " + f);
        }
        if (k > n) {
            throw new InvalidInputException("kNN: k = " + k + " but the bank has only " + n + " items");
        }
        float[] bankT = new float[f * n];
        Kernels.transpose(bank, 0, n, f, bankT, 0);
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < f; j++) {
                double v = bank[i * f + j];
                s += v * v;
            }
            norms[i] = s;
        }
        int keep = Math.min(5, classes);
        int[][] out = new int[q][];
        List<Runnable> jobs = new ArrayList<>();
        for (int start = 0; start < q; start += BLOCK) {
            int s0 = start;
            int s1 = Math.min(q, start + BLOCK);
            jobs.add(() -> {
                float[] dots = new float[(s1 - s0) * n];
                Kernels.mult(queries, s0 * f, bankT, 0, dots, 0, s1 - s0, f, n, false);
                int[] nn = new int[k];
                double[] nd = new double[k];
                for (int r = s0; r < s1; r++) {
                    int filled = 0;
                    int off = (r - s0) * n;
                    for (int i = 0; i < n; i++) {
                        double d = norms[i] - 2.0 * dots[off + i];
                        // insertion into the sorted k best; strict < keeps the lower index first on ties
                        if (filled < k || d < nd[filled - 1]) {
                            int pos = filled < k ? filled++ : k - 1;
                            while (pos > 0 && d < nd[pos - 1]) {
                                nd[pos] = nd[pos - 1];
                                nn[pos] = nn[pos - 1];
                                pos--;
                            }
                            nd[pos] = d;
                            nn[pos] = i;
                        }
                    }
                    out[r] = vote(nn, bankLabels, classes, keep);
                }
            });
        }
        Features.Parallel.run(jobs, threads);
        return out;
    }

    /** The classes that got a vote (at most {@code keep}), ranked by votes, ties by first appearance among the (sorted) neighbours. */
    static int[] vote(int[] neighbours, int[] labels, int classes, int keep) {
        int[] votes = new int[classes];
        int[] first = new int[classes];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        for (int j = 0; j < neighbours.length; j++) {
            int c = labels[neighbours[j]];
            votes[c]++;
            first[c] = Math.min(first[c], j);
        }
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, (a, b) -> votes[a] != votes[b] ? Integer.compare(votes[b], votes[a])
                : first[a] != first[b] ? Integer.compare(first[a], first[b]) : Integer.compare(a, b));
        int voted = 0;
        for (int c = 0; c < classes; c++) {
            voted += votes[c] > 0 ? 1 : 0;
        }
        int[] out = new int[Math.min(keep, voted)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Top-1 and top-5 accuracy of the kNN classifier; see the class comment for the rules. */
    public static Result evaluate(float[] bank, int[] bankLabels, float[] queries, int[] queryLabels, int f, int k,
            int classes, int threads) {
        int q = queryLabels.length;
        int[][] ranked = rank(bank, bankLabels, queries, q, f, k, classes, threads);
        return accuracy(ranked, queryLabels);
    }

    static Result accuracy(int[][] ranked, int[] labels) {
        int top1 = 0;
        int top5 = 0;
        for (int r = 0; r < labels.length; r++) {
            if (ranked[r][0] == labels[r]) {
                top1++;
            }
            for (int j = 0; j < ranked[r].length; j++) { // only classes with a vote are ranked
                if (ranked[r][j] == labels[r]) {
                    top5++;
                    break;
                }
            }
        }
        return new Result((double) top1 / labels.length, (double) top5 / labels.length);
    }
}
