package org.spectralssl.property;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * The complete description of a generated batch: together with its seed it determines the batch
 * bit for bit ({@link #build()}), and it is what the runner shrinks.
 *
 * <p>The batch is built in the variables frame (n×k, see {@link WhiteningMode}) as
 * X = X_c + μ·1ᵀ with X_c = U_r·diag(σ)·V_rᵀ, U random orthogonal, V_r k×r orthonormal and
 * orthogonal to 1 (so X_c is exactly centred) and σ_i = √(q·λ_i)·10^s, so that the covariance in
 * the batch's own mode and divisor is Σ = U·diag(λ·10^(2s))·Uᵀ.
 *
 * @param seed the case seed; every random draw of {@link #build()} comes from it
 * @param mode which matrix the properties whiten
 * @param divisor the covariance divisor (q = divisor.of(k))
 * @param n size of the whitened matrix (d in FEATURES mode, m in SAMPLES mode)
 * @param k observations per variable (m in FEATURES mode, d in SAMPLES mode)
 * @param rank how the rank is fixed (see {@link Rank}); the rank itself is {@link #r()}
 * @param zeros extra zero eigenvalues (DEFICIENT only)
 * @param constantVariables variables that are constant (zero rows of X_c: a dead feature in
 *     FEATURES mode, a sample whose features are all equal in SAMPLES mode)
 * @param distinct number of distinct non-zero eigenvalues, 1 ≤ distinct ≤ r (0 when r = 0)
 * @param log10Cond log₁₀ of λ_max/λ_min over the non-zero eigenvalues
 * @param randomLevels the distinct levels are log-uniform between 10^−log10Cond and 1 (the two
 *     ends included) instead of log-spaced
 * @param scaleExp the batch is multiplied by 10^scaleExp (the eigenvalues by 10^(2·scaleExp))
 * @param meanShift μ_i = meanShift·10^scaleExp·N(0, 1): the mean removed by centring, relative
 *     to the largest standard deviation
 */
public record BatchSpec(long seed, WhiteningMode mode, Divisor divisor, int n, int k, Rank rank, int zeros,
        int constantVariables, int distinct, double log10Cond, boolean randomLevels, int scaleExp,
        double meanShift) implements Shrinkable<BatchSpec> {

    /** How the rank r of Σ is fixed. Shrinking keeps the kind. */
    public enum Rank {
        /** r = n − constantVariables, k − 1 ≥ r: non-singular unless there are constant variables. */
        FULL,
        /** r = n − constantVariables − zeros &lt; k − 1: zero eigenvalues by construction. */
        DEFICIENT,
        /** k − 1 &lt; n − constantVariables, r = k − 1: singular by shape (m ≤ d in FEATURES mode). */
        SHORT,
        /** r = 0: a constant batch (tr Σ = 0); only the mean shift is left. */
        ZERO
    }

    /** The rank of Σ. */
    public int r() {
        int active = n - constantVariables;
        return switch (rank) {
            case FULL -> active;
            case DEFICIENT -> active - zeros;
            case SHORT -> Math.min(active, k - 1);
            case ZERO -> 0;
        };
    }

    /** m, the number of samples of the batch Z (m×d). */
    public int m() {
        return mode == WhiteningMode.FEATURES ? k : n;
    }

    /** d, the number of features of the batch Z (m×d). */
    public int d() {
        return mode == WhiteningMode.FEATURES ? n : k;
    }

    /** λ_max/λ_min over the non-zero eigenvalues (1 when they are all equal). */
    public double conditionNumber() {
        return Math.pow(10, log10Cond);
    }

    /** Whether the fields are consistent with the rank kind (generators and shrinks only build valid specs). */
    public boolean valid() {
        int active = n - constantVariables;
        int r = r();
        boolean shape = n >= 1 && k >= 2 && constantVariables >= 0 && active >= 0 && Math.abs(scaleExp) <= 150
                && meanShift >= 0 && log10Cond >= 0 && zeros >= 0;
        boolean kind = switch (rank) {
            case FULL -> active >= 1 && k - 1 >= active && zeros == 0;
            case DEFICIENT -> zeros >= 1 && r >= 1 && k - 1 >= active;
            case SHORT -> active >= 2 && k - 1 < active && zeros == 0;
            case ZERO -> constantVariables == 0 && zeros == 0 && distinct == 0;
        };
        boolean spectrum = r == 0 ? distinct == 0 : distinct >= 1 && distinct <= r;
        return shape && kind && spectrum;
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(mode).append(" m=").append(m()).append(" d=").append(d()).append(" (n=").append(n).append(" k=")
                .append(k).append(", ").append(divisor.id()).append(" divisor); rank ").append(rank).append(" r=")
                .append(r());
        if (constantVariables > 0) {
            s.append(", ").append(constantVariables).append(" constant variable(s)");
        }
        s.append("; spectrum ").append(spectrumName());
        if (distinct >= 2) {
            s.append(String.format(Locale.ROOT, " κ=1e%.2f", log10Cond));
        }
        s.append("; scale 1e").append(scaleExp);
        s.append(String.format(Locale.ROOT, "; mean shift %.3g", meanShift));
        s.append("; seed ").append(seed);
        return s.toString();
    }

    private String spectrumName() {
        int r = r();
        if (r == 0) {
            return "none (constant batch)";
        }
        String zerosPart = r < n ? " + " + (n - r) + " zeros" : "";
        if (distinct == 1) {
            return "all " + r + " equal" + zerosPart;
        }
        String kind = randomLevels ? "random log-uniform" : "log-spaced";
        if (distinct == r) {
            return r + " distinct " + kind + zerosPart;
        }
        return distinct + " " + kind + " levels in blocks of equal values over " + r + zerosPart;
    }

    /** Simpler specs, most aggressive first; all valid, each strictly simpler in one field. */
    @Override
    public List<BatchSpec> shrinks() {
        LinkedHashSet<BatchSpec> out = new LinkedHashSet<>();
        for (int n2 : new int[] {1, 2, n / 2, n - 1}) {
            if (n2 >= 1 && n2 < n) {
                int c2 = constantVariables == 0 ? 0 : Math.max(1, Math.min(constantVariables, n2 - 2));
                int active = n2 - c2;
                int z2 = rank == Rank.DEFICIENT ? Math.max(1, Math.min(zeros, active - 1)) : 0;
                int k2 = switch (rank) {
                    case FULL, DEFICIENT -> k;
                    case SHORT -> Math.min(k, active);
                    case ZERO -> k;
                };
                add(out, with(n2, k2, z2, c2, distinct, log10Cond, randomLevels, scaleExp, meanShift));
            }
        }
        int minK = rank == Rank.FULL || rank == Rank.DEFICIENT ? n - constantVariables + 1 : 2;
        for (int k2 : new int[] {minK, k / 2, k - 1}) {
            if (k2 >= 2 && k2 < k) {
                add(out, with(n, k2, zeros, constantVariables, distinct, log10Cond, randomLevels, scaleExp, meanShift));
            }
        }
        for (int c2 : new int[] {1, constantVariables - 1}) {
            if (c2 >= 1 && c2 < constantVariables) {
                add(out, with(n, k, zeros, c2, distinct, log10Cond, randomLevels, scaleExp, meanShift));
            }
        }
        for (int z2 : new int[] {1, zeros - 1}) {
            if (z2 >= 1 && z2 < zeros) {
                add(out, with(n, k, z2, constantVariables, distinct, log10Cond, randomLevels, scaleExp, meanShift));
            }
        }
        for (int d2 : new int[] {1, distinct / 2, distinct - 1}) {
            if (d2 >= 1 && d2 < distinct) {
                add(out, with(n, k, zeros, constantVariables, d2, log10Cond, randomLevels, scaleExp, meanShift));
            }
        }
        if (log10Cond > 0) {
            double[] conds = log10Cond < 0.25 ? new double[] {0} : new double[] {0, log10Cond / 2, log10Cond - 1};
            for (double c : conds) {
                if (c >= 0 && c < log10Cond) {
                    add(out, with(n, k, zeros, constantVariables, distinct, c, randomLevels, scaleExp, meanShift));
                }
            }
        }
        if (randomLevels) {
            add(out, with(n, k, zeros, constantVariables, distinct, log10Cond, false, scaleExp, meanShift));
        }
        if (scaleExp != 0) {
            add(out, with(n, k, zeros, constantVariables, distinct, log10Cond, randomLevels, 0, meanShift));
            add(out, with(n, k, zeros, constantVariables, distinct, log10Cond, randomLevels, scaleExp / 2, meanShift));
        }
        if (meanShift > 0) {
            add(out, with(n, k, zeros, constantVariables, distinct, log10Cond, randomLevels, scaleExp, 0));
            if (meanShift > 1e-3) {
                add(out, with(n, k, zeros, constantVariables, distinct, log10Cond, randomLevels, scaleExp,
                        meanShift / 10));
            }
        }
        out.remove(this);
        return List.copyOf(out);
    }

    private BatchSpec with(int n2, int k2, int z2, int c2, int d2, double cond2, boolean random2, int s2,
            double shift2) {
        BatchSpec draft = new BatchSpec(seed, mode, divisor, n2, k2, rank, z2, c2, d2, cond2, random2, s2, shift2);
        int r = draft.r();
        int dd = r == 0 ? 0 : Math.max(1, Math.min(d2, r));
        return new BatchSpec(seed, mode, divisor, n2, k2, rank, z2, c2, dd, dd >= 2 ? cond2 : 0, random2 && dd >= 3,
                s2, shift2);
    }

    private static void add(LinkedHashSet<BatchSpec> out, BatchSpec s) {
        if (s.valid()) {
            out.add(s);
        }
    }

    /** The r non-zero eigenvalues before scaling, descending: the distinct levels spread in equal blocks. */
    double[] unitEigenvalues(SplittableRandom rnd) {
        int r = r();
        double[] levels = new double[distinct];
        for (int j = 0; j < distinct; j++) {
            levels[j] = distinct == 1 ? 1 : Math.pow(10, -log10Cond * j / (distinct - 1));
        }
        if (randomLevels && distinct >= 3) {
            for (int j = 1; j < distinct - 1; j++) {
                levels[j] = Math.pow(10, -log10Cond * rnd.nextDouble());
            }
            Arrays.sort(levels, 1, distinct - 1);
            reverse(levels, 1, distinct - 1);
        }
        double[] lambda = new double[r];
        for (int i = 0; i < r; i++) {
            lambda[i] = levels[(int) ((long) i * distinct / r)];
        }
        return lambda;
    }

    private static void reverse(double[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Builds the batch; a pure function of this record. */
    public Batch build() {
        if (!valid()) {
            throw new IllegalStateException("invalid batch spec: " + describe());
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0xB5AD4ECEDA1CE2A9L);
        int active = n - constantVariables;
        int r = r();
        double q = divisor.of(k);
        double scale = Math.pow(10, scaleExp);
        double[] unit = unitEigenvalues(rnd);

        // Active block: U_a (active×active) orthogonal, X_a = U_a[:, :r]·diag(σ)·V_rᵀ.
        DMatrixRMaj ua = active > 0 ? RandomMatrices.orthogonal(active, rnd) : new DMatrixRMaj(0, 0);
        DMatrixRMaj v = RandomMatrices.orthonormalOrthogonalToOnes(k, r, rnd);
        double[] sigma = new double[r];
        for (int j = 0; j < r; j++) {
            sigma[j] = Math.sqrt(q * unit[j]) * scale;
        }
        // Which of the n variables are constant: a random subset of size constantVariables.
        int[] order = RandomMatrices.permutationIndices(n, rnd);
        boolean[] constant = new boolean[n];
        for (int i = 0; i < constantVariables; i++) {
            constant[order[i]] = true;
        }
        DMatrixRMaj xc = new DMatrixRMaj(n, k);
        DMatrixRMaj u = new DMatrixRMaj(n, n);
        double[] lambda = new double[n];
        double eigScale = Math.pow(10, 2.0 * scaleExp);
        for (int j = 0; j < r; j++) {
            lambda[j] = unit[j] * eigScale;
        }
        int a = 0;
        int axis = active;
        for (int i = 0; i < n; i++) {
            if (constant[i]) {
                u.set(i, axis++, 1);
                continue;
            }
            for (int j = 0; j < active; j++) {
                u.set(i, j, ua.get(a, j));
            }
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < r; j++) {
                    s += ua.get(a, j) * sigma[j] * v.get(c, j);
                }
                xc.set(i, c, s);
            }
            a++;
        }
        DMatrixRMaj x = xc.copy();
        double[] mu = new double[n];
        DMatrixRMaj g = RandomMatrices.gaussian(n, 1, rnd);
        for (int i = 0; i < n; i++) {
            mu[i] = meanShift * scale * g.get(i, 0);
            for (int c = 0; c < k; c++) {
                x.add(i, c, mu[i]);
            }
        }
        return new Batch(this, mode.fromVariables(x), xc, u, lambda);
    }

    /** The same kind of batch with another seed (for a second view, say). */
    public BatchSpec withSeed(long newSeed) {
        return new BatchSpec(newSeed, mode, divisor, n, k, rank, zeros, constantVariables, distinct, log10Cond,
                randomLevels, scaleExp, meanShift);
    }
}
