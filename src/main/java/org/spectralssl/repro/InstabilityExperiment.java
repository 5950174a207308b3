package org.spectralssl.repro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.IterNormPolynomial;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunction;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;
import org.spectralssl.train.Plots;

/**
 * {@code instability}: why ST by eigendecomposition is fragile and IterNorm is not (METHOD.md §2,
 * §3). Three measurements, all seeded:
 *
 * <ol>
 *   <li>the gradient as two eigenvalues approach each other: the backward that autograd takes
 *       through a symmetric eigendecomposition (terms (Uᵀ·dL/dU)_ij/(λ_j − λ_i), as PyTorch's
 *       {@code eigh} backward) against the library's Daleckii–Krein backward (E17);
 *   <li>λ^(−p) when m ≤ d (Σ singular): λ^(−p) taken on the computed eigenvalues as they are,
 *       against the library's ST with and without its eigenvalue floor, and IterNorm;
 *   <li>Newton's iteration of IterNorm against T in double and in float32.
 * </ol>
 */
final class InstabilityExperiment implements Experiment {
    static final int GAP_D = 8;
    static final int GAP_M = 64;
    static final int SINGULAR_D = 64;
    static final int[] SINGULAR_M = {16, 32, 48, 64, 65, 96, 128, 256};
    static final int NEWTON_N = 64;
    static final double NEWTON_COND = 7e6;
    static final int NEWTON_MAX_T = 30;
    /** Relative error of the output covariance above which an iteration counts as diverged. */
    static final double DIVERGED = 1e-2;

    private final int trials;

    InstabilityExperiment(Preset preset) {
        this.trials = preset == Preset.FULL ? 50 : 10;
    }

    @Override
    public String name() {
        return "instability";
    }

    @Override
    public String shortClaim() {
        return "eigendecomposition gradients explode as eigenvalues meet, λ^-p overflows when m ≤ d, IterNorm stays finite; Newton diverges near T = 16 (double), 12 (float)";
    }

    @Override
    public String title() {
        return "ST by eigendecomposition against IterNorm: gradients at near-equal eigenvalues, λ^-p when m ≤ d, "
                + "Newton's divergence against T in float and double";
    }

    @Override
    public String cost(Preset preset) {
        return preset == Preset.FULL ? "about 10 s (50 trials per batch size)" : "seconds (10 trials per batch size)";
    }

    // ---------------------------------------------------------------- 1. gradients at near-ties

    /** One row of the gap sweep. */
    record GapRow(double gap, double maxEigenvectorTerm, double naiveNorm, double dkNorm, double relDiff,
            boolean naiveFinite, boolean dkFinite) {}

    /**
     * dL/dZ of L = ⟨G, Ẑ⟩ for whitening (p = 1/2) of a batch whose covariance has eigenvalues
     * 1, 1 + gap, 2, …, d − 1: by the library (forward + backward) and by the autograd-style backward
     * computed here from the same eigendecomposition.
     */
    static GapRow gapRow(double gap, long seed) {
        double[] lambda = new double[GAP_D];
        lambda[0] = 1;
        lambda[1] = 1 + gap;
        for (int i = 2; i < GAP_D; i++) {
            lambda[i] = i;
        }
        DMatrixRMaj z = Batches.withCovariance(GAP_M, lambda, seed);
        DMatrixRMaj gOut = Batches.gaussian(GAP_M, GAP_D, new SplittableRandom(seed + 1));
        SpectrumFunction g = SpectrumFunctions.whitening();
        Whitening w = new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED, g, Stabilisation.DEFAULT).forward(z);
        DMatrixRMaj dk = w.backward(gOut);
        Naive naive = naiveBackward(z, gOut, g);
        double diff = frob(minus(naive.dz, dk)) / frob(dk);
        return new GapRow(gap, naive.maxEigenvectorTerm, frob(naive.dz), frob(dk), diff, allFinite(naive.dz),
                allFinite(dk));
    }

    record Naive(DMatrixRMaj dz, double maxEigenvectorTerm) {}

    /**
     * The backward autograd takes for Ẑ = X_c·U·g(Λ)·Uᵀ (features mode, divisor m − 1): through U by
     * dΣ = U·(diag(λ̄) + (UᵀŪ) ⊘ E)·Uᵀ with E_ij = λ_j − λ_i, the formula of PyTorch's eigh backward,
     * then through Σ = X_cᵀX_c/(m − 1) and the centring.
     */
    static Naive naiveBackward(DMatrixRMaj z, DMatrixRMaj gOut, SpectrumFunction g) {
        int m = z.numRows;
        int d = z.numCols;
        DMatrixRMaj xc = z.copy();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += xc.get(i, j);
            }
            mean /= m;
            for (int i = 0; i < m; i++) {
                xc.set(i, j, xc.get(i, j) - mean);
            }
        }
        DMatrixRMaj sigma = Mat.scale(1.0 / (m - 1), Mat.multTransA(xc, xc));
        Mat.SymmetricEigen eig = Mat.eigSymmetric(sigma);
        double[] lam = eig.values();
        DMatrixRMaj u = eig.vectors();
        double[] f = new double[d];
        for (int i = 0; i < d; i++) {
            f[i] = g.value(lam[i]);
        }
        DMatrixRMaj fm = Batches.symmetric(u, f);
        // dL/dF = X_cᵀ G
        DMatrixRMaj h = Mat.multTransA(xc, gOut);
        DMatrixRMaj hs = Mat.add(h, Mat.transpose(h));
        // Ū = (H + Hᵀ)·U·diag(f); λ̄_i = g'(λ_i)·(UᵀHU)_ii
        DMatrixRMaj uf = u.copy();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                uf.set(i, j, u.get(i, j) * f[j]);
            }
        }
        DMatrixRMaj ubar = Mat.mult(hs, uf);
        DMatrixRMaj uhu = Mat.multTransA(u, Mat.mult(h, u));
        DMatrixRMaj utu = Mat.multTransA(u, ubar);
        DMatrixRMaj inner = new DMatrixRMaj(d, d);
        double maxTerm = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v;
                if (i == j) {
                    v = g.derivative(lam[i]) * uhu.get(i, i);
                } else {
                    v = utu.get(i, j) / (lam[j] - lam[i]);
                    maxTerm = Math.max(maxTerm, Math.abs(v));
                    if (Double.isNaN(v)) {
                        maxTerm = Double.NaN;
                    }
                }
                inner.set(i, j, v);
            }
        }
        DMatrixRMaj sbar = Mat.mult(u, Mat.multTransB(inner, u));
        DMatrixRMaj sbarSym = Mat.add(sbar, Mat.transpose(sbar));
        DMatrixRMaj dxc = Mat.mult(gOut, fm);
        Mat.addInPlace(dxc, 1.0 / (m - 1), Mat.mult(xc, sbarSym));
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += dxc.get(i, j);
            }
            mean /= m;
            for (int i = 0; i < m; i++) {
                dxc.set(i, j, dxc.get(i, j) - mean);
            }
        }
        return new Naive(dxc, Double.isNaN(maxTerm) ? Double.NaN : maxTerm);
    }

    /**
     * An exact tie: Σ = diag(1, 1, 2, …) (the eigendecomposition returns the tie exactly). Counts the
     * non-finite entries of dL/dΣ for L = ⟨G, F(Σ)⟩ by the autograd-style formula and by Daleckii–Krein
     * with the library's divided differences.
     */
    static int[] exactTieNonFinite(long seed) {
        int d = GAP_D;
        double[] lam = new double[d];
        lam[0] = 1;
        lam[1] = 1;
        for (int i = 2; i < d; i++) {
            lam[i] = i;
        }
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            sigma.set(i, i, lam[i]);
        }
        Mat.SymmetricEigen eig = Mat.eigSymmetric(sigma);
        double[] l = eig.values();
        DMatrixRMaj u = eig.vectors();
        SpectrumFunction g = SpectrumFunctions.whitening();
        DMatrixRMaj gm = Batches.gaussian(d, d, new SplittableRandom(seed));
        DMatrixRMaj gs = Mat.add(gm, Mat.transpose(gm));
        double[] f = new double[d];
        for (int i = 0; i < d; i++) {
            f[i] = g.value(l[i]);
        }
        DMatrixRMaj m = Mat.multTransA(u, Mat.mult(gs, u));
        DMatrixRMaj naive = new DMatrixRMaj(d, d);
        DMatrixRMaj dk = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // Ū = G_s·U·diag(f) (G_s already symmetric): (UᵀŪ)_ij = M_ij·f_j
                naive.set(i, j, i == j ? g.derivative(l[i]) * m.get(i, i) : m.get(i, j) * f[j] / (l[j] - l[i]));
                dk.set(i, j, g.dividedDifference(l[i], l[j]) * m.get(i, j));
            }
        }
        DMatrixRMaj a = Mat.mult(u, Mat.multTransB(naive, u));
        DMatrixRMaj b = Mat.mult(u, Mat.multTransB(dk, u));
        return new int[] {nonFinite(a), nonFinite(b)};
    }

    // ---------------------------------------------------------------- 2. λ^-p when m ≤ d

    /** Counts over the trials of one batch size. */
    record SingularRow(int m, int trials, double meanNumericallyZero, int naiveNonFiniteG, int naiveNonFiniteOutput,
            int libraryNoFloorErrors, int libraryFloorErrors, double meanFloored, int iterNormErrors, double maxNaiveG) {}

    static SingularRow singularRow(int m, int trials, long seed) {
        int d = SINGULAR_D;
        double zeros = 0;
        int naiveG = 0;
        int naiveOut = 0;
        int noFloor = 0;
        int floorErr = 0;
        double floored = 0;
        int inErr = 0;
        double maxG = 0;
        SpectrumFunction g = SpectrumFunctions.whitening();
        for (int t = 0; t < trials; t++) {
            DMatrixRMaj z = Batches.gaussian(m, d, new SplittableRandom(seed + 1000L * m + t));
            DMatrixRMaj sigma = Covariance.ofBatch(z, WhiteningMode.FEATURES, Divisor.UNBIASED);
            Mat.SymmetricEigen eig = Mat.eigSymmetric(sigma);
            double[] lam = eig.values();
            double lmax = lam[d - 1];
            double tiny = d * 0x1p-52 * lmax;
            double[] f = new double[d];
            boolean gBad = false;
            for (int i = 0; i < d; i++) {
                if (lam[i] < tiny) {
                    zeros++;
                }
                f[i] = Math.pow(lam[i], -0.5);
                if (!Double.isFinite(f[i])) {
                    gBad = true;
                } else {
                    maxG = Math.max(maxG, f[i] / Math.pow(lmax, -0.5));
                }
            }
            naiveG += gBad ? 1 : 0;
            DMatrixRMaj xc = centred(z);
            DMatrixRMaj out = Mat.mult(xc, Batches.symmetric(eig.vectors(), f));
            naiveOut += nonFinite(out) > 0 ? 1 : 0;
            try {
                new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED, g, Stabilisation.NONE).forward(z);
            } catch (NonFiniteException e) {
                noFloor++;
            }
            try {
                Whitening w = new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED, g, Stabilisation.DEFAULT)
                        .forward(z);
                floored += w.report().flooredEigenvalues();
                if (nonFinite(w.output()) > 0) {
                    floorErr++;
                }
            } catch (NonFiniteException e) {
                floorErr++;
            }
            try {
                Whitening w = new IterNorm(WhiteningMode.FEATURES, Divisor.UNBIASED, 4).forward(z);
                if (nonFinite(w.output()) > 0) {
                    inErr++;
                }
            } catch (NonFiniteException e) {
                inErr++;
            }
        }
        return new SingularRow(m, trials, zeros / trials, naiveG, naiveOut, noFloor, floorErr, floored / trials, inErr,
                maxG);
    }

    static DMatrixRMaj centred(DMatrixRMaj z) {
        DMatrixRMaj xc = z.copy();
        for (int j = 0; j < z.numCols; j++) {
            double mean = 0;
            for (int i = 0; i < z.numRows; i++) {
                mean += z.get(i, j);
            }
            mean /= z.numRows;
            for (int i = 0; i < z.numRows; i++) {
                xc.set(i, j, z.get(i, j) - mean);
            }
        }
        return xc;
    }

    // ---------------------------------------------------------------- 3. Newton's iteration against T

    /** Relative error of the output covariance of Newton's iteration at each T = 1..maxT (index T − 1), and non-finite counts. */
    record NewtonCurve(double[] relError, int[] nonFinite) {
        /** First T whose error exceeds {@link #DIVERGED} or is not finite; maxT + 1 when none. */
        int firstDiverged() {
            for (int t = 0; t < relError.length; t++) {
                if (!(relError[t] <= DIVERGED)) {
                    return t + 1;
                }
            }
            return relError.length + 1;
        }

        /** First T with a non-finite entry in P_T; maxT + 1 when none. */
        int firstNonFinite() {
            for (int t = 0; t < nonFinite.length; t++) {
                if (nonFinite[t] > 0) {
                    return t + 1;
                }
            }
            return nonFinite.length + 1;
        }
    }

    /** The spectrum of the Newton test: n values log-spaced from 1 down to 1/cond. */
    static double[] newtonSpectrum() {
        return Batches.logSpaced(1, 1 / NEWTON_COND, NEWTON_N);
    }

    /**
     * Runs P_k = 1.5P_{k−1} − 0.5P_{k−1}³S from P_0 = I on S = Σ/tr Σ, Σ = Q·diag(λ)·Qᵀ, in double or in
     * float32. Float32: S is rounded to float and every product and sum is a Java {@code float}
     * operation (IEEE binary32 since Java 17), with products accumulated in float. The error at T is
     * ‖P_T·S·P_T − U·diag(h_T(x))·Uᵀ‖_F / ‖U·diag(h_T(x))·Uᵀ‖_F, evaluated in double.
     */
    static NewtonCurve newton(boolean single, int maxT, long seed) {
        double[] lam = newtonSpectrum();
        int n = lam.length;
        DMatrixRMaj q = Batches.orthogonal(n, new SplittableRandom(seed));
        DMatrixRMaj sigma = Batches.symmetric(q, lam);
        double tau = Mat.trace(sigma);
        DMatrixRMaj s = Mat.scale(1 / tau, sigma);
        double[] relErr = new double[maxT];
        int[] bad = new int[maxT];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lam[i] / tau;
        }
        if (single) {
            float[] sf = new float[n * n];
            float[] pf = new float[n * n];
            for (int i = 0; i < n * n; i++) {
                sf[i] = (float) s.data[i];
            }
            for (int i = 0; i < n; i++) {
                pf[i * n + i] = 1f;
            }
            for (int t = 1; t <= maxT; t++) {
                float[] p3s = mulF(mulF(mulF(pf, pf, n), pf, n), sf, n);
                float[] next = new float[n * n];
                for (int i = 0; i < n * n; i++) {
                    next[i] = 1.5f * pf[i] - 0.5f * p3s[i];
                }
                pf = next;
                DMatrixRMaj pd = new DMatrixRMaj(n, n);
                for (int i = 0; i < n * n; i++) {
                    pd.data[i] = pf[i];
                }
                relErr[t - 1] = outputError(pd, s, q, x, t);
                bad[t - 1] = nonFinite(pd);
            }
        } else {
            DMatrixRMaj p = Mat.identity(n);
            for (int t = 1; t <= maxT; t++) {
                DMatrixRMaj p3s = Mat.mult(Mat.mult(Mat.mult(p, p), p), s);
                DMatrixRMaj next = new DMatrixRMaj(n, n);
                for (int i = 0; i < n * n; i++) {
                    next.data[i] = 1.5 * p.data[i] - 0.5 * p3s.data[i];
                }
                p = next;
                relErr[t - 1] = outputError(p, s, q, x, t);
                bad[t - 1] = nonFinite(p);
            }
        }
        return new NewtonCurve(relErr, bad);
    }

    private static double outputError(DMatrixRMaj p, DMatrixRMaj s, DMatrixRMaj q, double[] x, int t) {
        if (nonFinite(p) > 0) {
            return Double.NaN;
        }
        double[] h = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            h[i] = IterNormPolynomial.h(t, x[i]);
        }
        DMatrixRMaj target = Batches.symmetric(q, h);
        DMatrixRMaj out = Mat.mult(Mat.mult(p, s), Mat.transpose(p));
        if (nonFinite(out) > 0) {
            return Double.POSITIVE_INFINITY; // P_T is finite but P_T·S·P_T overflows
        }
        return frob(minus(out, target)) / frob(target);
    }

    private static float[] mulF(float[] a, float[] b, int n) {
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                float aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        return c;
    }

    /** Whether the library's IterNorm (double, features mode) refuses T on a batch with the Newton spectrum. */
    static boolean libraryRefuses(int t, long seed) {
        DMatrixRMaj z = Batches.withCovariance(4 * NEWTON_N, newtonSpectrum(), seed);
        try {
            Whitening w = new IterNorm(WhiteningMode.FEATURES, Divisor.UNBIASED, t).forward(z);
            return nonFinite(w.output()) > 0;
        } catch (NonFiniteException e) {
            return true;
        }
    }

    // ---------------------------------------------------------------- the experiment

    @Override
    public Outcome run(Context ctx) throws IOException {
        long seed = 20240501L;
        // 1.
        Out.Csv gapCsv = new Out.Csv();
        List<GapRow> gaps = new ArrayList<>();
        for (int k = 1; k <= 15; k++) {
            GapRow r = gapRow(Math.pow(10, -k), seed);
            gaps.add(r);
            var c = gapCsv.row();
            c.put("gap", r.gap());
            c.put("max_abs_eigenvector_term_autograd", r.maxEigenvectorTerm());
            c.put("grad_norm_autograd", r.naiveNorm());
            c.put("grad_norm_daleckii_krein", r.dkNorm());
            c.put("rel_diff_autograd_vs_dk", r.relDiff());
            c.put("autograd_finite", r.naiveFinite());
            c.put("dk_finite", r.dkFinite());
        }
        gapCsv.write(ctx.out().resolve("gradient_vs_gap.csv"));
        double[] gx = new double[gaps.size()];
        double[] term = new double[gaps.size()];
        double[] naiveN = new double[gaps.size()];
        double[] dkN = new double[gaps.size()];
        double[] rel = new double[gaps.size()];
        for (int i = 0; i < gaps.size(); i++) {
            gx[i] = Math.log10(gaps.get(i).gap());
            term[i] = gaps.get(i).maxEigenvectorTerm();
            naiveN[i] = gaps.get(i).naiveNorm();
            dkN[i] = gaps.get(i).dkNorm();
            rel[i] = gaps.get(i).relDiff();
        }
        Plots.lineChart(ctx.out().resolve("gradient_vs_gap.png"), "Whitening gradient as two eigenvalues approach",
                "log10 gap λ2 − λ1", "magnitude", List.of(
                        new Plots.Series("autograd max term", gx, term, Plots.PALETTE[1]),
                        new Plots.Series("autograd ‖dL/dZ‖", gx, naiveN, Plots.PALETTE[3], true),
                        new Plots.Series("DK ‖dL/dZ‖", gx, dkN, Plots.PALETTE[0]),
                        new Plots.Series("rel. difference", gx, rel, Plots.PALETTE[7], true)), true);
        int[] tie = exactTieNonFinite(seed);

        // 2.
        Out.Csv singCsv = new Out.Csv();
        List<SingularRow> sing = new ArrayList<>();
        for (int m : SINGULAR_M) {
            SingularRow r = singularRow(m, trials, seed);
            sing.add(r);
            var c = singCsv.row();
            c.put("m", r.m());
            c.put("d", SINGULAR_D);
            c.put("trials", r.trials());
            c.put("mean_numerically_zero_eigenvalues", r.meanNumericallyZero());
            c.put("naive_trials_nonfinite_lambda_pow", r.naiveNonFiniteG());
            c.put("naive_trials_nonfinite_output", r.naiveNonFiniteOutput());
            c.put("max_naive_g_over_g_of_lambda_max", r.maxNaiveG());
            c.put("library_st_no_floor_errors", r.libraryNoFloorErrors());
            c.put("library_st_floor_errors", r.libraryFloorErrors());
            c.put("library_st_mean_floored", r.meanFloored());
            c.put("iternorm_T4_errors", r.iterNormErrors());
        }
        singCsv.write(ctx.out().resolve("singular_covariance.csv"));

        // 3.
        NewtonCurve dbl = newton(false, NEWTON_MAX_T, seed);
        NewtonCurve flt = newton(true, NEWTON_MAX_T, seed);
        Out.Csv newtonCsv = new Out.Csv();
        double[] ts = new double[NEWTON_MAX_T];
        boolean[] refused = new boolean[NEWTON_MAX_T];
        for (int t = 1; t <= NEWTON_MAX_T; t++) {
            ts[t - 1] = t;
            refused[t - 1] = libraryRefuses(t, seed);
            var c = newtonCsv.row();
            c.put("T", t);
            c.put("rel_error_double", dbl.relError()[t - 1]);
            c.put("nonfinite_double", dbl.nonFinite()[t - 1]);
            c.put("rel_error_float32", flt.relError()[t - 1]);
            c.put("nonfinite_float32", flt.nonFinite()[t - 1]);
            c.put("library_iternorm_refuses", refused[t - 1]);
        }
        newtonCsv.write(ctx.out().resolve("newton_vs_T.csv"));
        Plots.lineChart(ctx.out().resolve("newton_vs_T.png"), Out.f("Newton's iteration, n = %d, cond(Σ) = %.0e", NEWTON_N,
                NEWTON_COND), "T", "rel. error of Σ̂ (NaN not drawn)", List.of(
                        new Plots.Series("double", ts, dbl.relError(), Plots.PALETTE[0]),
                        new Plots.Series("float32", ts, flt.relError(), Plots.PALETTE[1])), true);

        return judge(gaps, tie, sing, dbl, flt, refused);
    }

    static Outcome judge(List<GapRow> gaps, int[] tie, List<SingularRow> sing, NewtonCurve dbl, NewtonCurve flt,
            boolean[] refused) {
        GapRow wide = gaps.get(0);
        GapRow narrow = gaps.get(gaps.size() - 1);
        double growth = narrow.maxEigenvectorTerm() / wide.maxEigenvectorTerm();
        double dkMax = 0;
        double dkMin = Double.POSITIVE_INFINITY;
        boolean dkFinite = true;
        for (GapRow r : gaps) {
            dkMax = Math.max(dkMax, r.dkNorm());
            dkMin = Math.min(dkMin, r.dkNorm());
            dkFinite &= r.dkFinite();
        }
        int singularTrials = 0;
        int naiveBad = 0;
        int fullTrials = 0;
        int fullBad = 0;
        int floorBad = 0;
        int inBad = 0;
        for (SingularRow r : sing) {
            if (r.m() <= SINGULAR_D) {
                singularTrials += r.trials();
                naiveBad += r.naiveNonFiniteOutput();
            } else {
                fullTrials += r.trials();
                fullBad += r.naiveNonFiniteOutput();
            }
            floorBad += r.libraryFloorErrors();
            inBad += r.iterNormErrors();
        }
        int dDiv = dbl.firstDiverged();
        int dNan = dbl.firstNonFinite();
        int fDiv = flt.firstDiverged();
        int firstRefused = NEWTON_MAX_T + 1;
        for (int t = refused.length; t >= 1; t--) {
            if (refused[t - 1]) {
                firstRefused = t;
            }
        }
        List<List<String>> rows = new ArrayList<>();
        int held = 0;
        String[][] checks = {
            {"autograd's eigenvector terms grow like 1/gap (factor ≥ 1e10 from gap 1e-1 to 1e-15)",
                Out.f("factor %.2e", growth), Boolean.toString(growth >= 1e10)},
            {"at an exact tie autograd's gradient is not finite, Daleckii–Krein's is",
                Out.f("non-finite entries of dL/dΣ: autograd %d, DK %d (of %d)", tie[0], tie[1], GAP_D * GAP_D),
                Boolean.toString(tie[0] > 0 && tie[1] == 0)},
            {"the Daleckii–Krein gradient stays finite and bounded (max/min norm ≤ 10 over the gaps)",
                Out.f("‖dL/dZ‖ from %.4g to %.4g", dkMin, dkMax), Boolean.toString(dkFinite && dkMax / dkMin <= 10)},
            {"λ^(−p) on the computed eigenvalues is not finite when m ≤ d (Σ singular) in ≥ 90% of trials",
                Out.f("%d of %d trials non-finite (m ≤ d); %d of %d for m > d", naiveBad, singularTrials, fullBad, fullTrials),
                Boolean.toString(naiveBad >= 0.9 * singularTrials && fullBad == 0)},
            {"IterNorm (no inverse) and the library's floored ST stay finite for every m",
                Out.f("IterNorm failures %d, floored ST failures %d", inBad, floorBad), Boolean.toString(inBad == 0 && floorBad == 0)},
            {"double precision: Newton's iteration blows up near T = 16 (first T with error > 1e-2 in 12..20)",
                Out.f("first diverged T = %s", tOrNone(dDiv)), Boolean.toString(dDiv >= 12 && dDiv <= 20)},
            {"double precision: NaN from T ≈ 20 (first non-finite T in 16..26)",
                Out.f("first non-finite T = %s", tOrNone(dNan)), Boolean.toString(dNan >= 16 && dNan <= 26)},
            {"float32 blows up near T = 12 (first diverged T in 8..16) and earlier than double",
                Out.f("first diverged T = %s (double %s)", tOrNone(fDiv), tOrNone(dDiv)),
                Boolean.toString(fDiv >= 8 && fDiv <= 16 && fDiv < dDiv)},
            {"T = 4 is safe in both precisions (error ≤ 1e-3)",
                Out.f("double %.1e, float32 %.1e", dbl.relError()[3], flt.relError()[3]),
                Boolean.toString(dbl.relError()[3] <= 1e-3 && flt.relError()[3] <= 1e-3)},
        };
        for (String[] c : checks) {
            boolean ok = Boolean.parseBoolean(c[2]);
            held += ok ? 1 : 0;
            rows.add(List.of(c[0], c[1], ok ? "holds" : "**fails**"));
        }
        Verdict v = Verdict.of(held, checks.length);
        String claim = "METHOD.md §2–§3 (the paper's motivation for IterNorm): backpropagating through an eigendecomposition "
                + "has terms 1/(λ_i − λ_j) that explode as eigenvalues approach each other, and λ^(−p) overflows when Σ is "
                + "singular (m ≤ d); IterNorm needs neither, its one hard failure being a constant batch. METHOD.md adds "
                + "(checked numerically, not a quote of the paper): the uncoupled Newton iteration blows up near T = 16 and "
                + "is NaN from T ≈ 20 in double with cond(Σ) ≈ 7·10⁶, near T = 12 in float; T = 4 is safe.";
        String rules = "Nine checks, each with its threshold written in the table below (ranges of ±4 around METHOD.md's "
                + "T values, because its test matrix is not specified). Agrees when all hold, does not agree when none "
                + "does, partly otherwise.";
        String figure = Out.f("%d of %d checks hold. Autograd's eigenvector term grows %.1e× from gap 1e-1 to 1e-15, the "
                + "DK gradient stays in [%.3g, %.3g]; λ^(−1/2) non-finite in %d of %d singular trials; Newton in double "
                + "diverges at T = %s (NaN at T = %s), in float32 at T = %s; the library's IterNorm refuses from T = %s.",
                held, checks.length, growth, dkMin, dkMax, naiveBad, singularTrials, tOrNone(dDiv), tOrNone(dNan),
                tOrNone(fDiv), tOrNone(firstRefused));
        StringBuilder body = new StringBuilder("## Checks\n\n");
        body.append(Out.table(List.of("check", "measured", "result"), rows)).append('\n');
        double firstBad = Double.NaN;
        for (GapRow r : gaps) {
            if (Double.isNaN(firstBad) && !(r.relDiff() <= 1e-2)) {
                firstBad = r.gap();
            }
        }
        body.append(Out.f("What the numbers say: the individual terms of autograd's backward grow like 1/gap (table "
                + "below), but after the symmetrisation that the chain rule through Σ = X_cᵀX_c/(m − 1) applies they "
                + "cancel, so the autograd gradient ‖dL/dZ‖ stays close to the Daleckii–Krein one and only loses "
                + "accuracy, like 2⁻⁵²/gap (relative difference first above 1e-2 at gap %s); at an exact tie it is "
                + "not finite. The gradient \"explodes\" in its terms and in its error, not in its norm, until the tie "
                + "is exact.%n%n", Double.isNaN(firstBad) ? "none of the gaps" : Out.f("%.0e", firstBad)));
        body.append("## How it was measured\n\n");
        body.append(Out.f("1. **Gradient against the gap** (`gradient_vs_gap.csv`, `.png`). A batch of m = %d samples, d = %d "
                + "features, built so that its covariance (divisor m − 1) has eigenvalues 1, 1 + gap, 2, …, %d; loss "
                + "L = ⟨G, Ẑ⟩ with Ẑ the ZCA-whitened batch (p = 1/2) and G Gaussian. *Autograd*: the backward through "
                + "`eigh` as PyTorch computes it, dΣ = U(diag(λ̄) + (UᵀŪ) ⊘ E)Uᵀ with E_ij = λ_j − λ_i, written out "
                + "here (no autograd library in Java). *Daleckii–Krein*: the library's `SpectralTransform` backward (E17). "
                + "The exact tie uses Σ = diag(1, 1, 2, …) directly.%n", GAP_M, GAP_D, GAP_D - 1));
        body.append(Out.f("2. **λ^(−p) when m ≤ d** (`singular_covariance.csv`). Gaussian batches, d = %d, m in %s, %s trials "
                + "each; features mode, divisor m − 1. *Naive*: λ^(−1/2) of the computed eigenvalues as they are (some "
                + "are tiny negatives when Σ is singular), output X_c·U·g(Λ)·Uᵀ. Library: ST with no stabiliser "
                + "(`Stabilisation.NONE`, which reports an error instead of a NaN), ST with the default eigenvalue floor, "
                + "IterNorm T = 4.%n", SINGULAR_D, java.util.Arrays.toString(SINGULAR_M), sing.isEmpty() ? 0 : sing.get(0).trials()));
        body.append(Out.f("3. **Newton against T** (`newton_vs_T.csv`, `.png`). Σ = Q·diag(λ)·Qᵀ, n = %d, λ log-spaced "
                + "from 1 to 1/%.0e (cond %.0e), Q random orthogonal; P_k = 1.5P_{k−1} − 0.5P_{k−1}³S, S = Σ/tr Σ, "
                + "error ‖P_T S P_T − U·h_T(x)·Uᵀ‖_F / ‖U·h_T(x)·Uᵀ‖_F (diverged: > %.0e). **Float32**: S rounded to "
                + "float and every multiply and add done in Java `float` (IEEE binary32, strict since Java 17), "
                + "products accumulated in float; no fused multiply-add. The library column runs `IterNorm` (double) "
                + "on a batch with this covariance and records whether its divergence check refuses the result.%n%n",
                NEWTON_N, NEWTON_COND, NEWTON_COND, DIVERGED));
        body.append("## Newton's iteration against T\n\n");
        List<List<String>> nt = new ArrayList<>();
        for (int t = 1; t <= dbl.relError().length; t++) {
            nt.add(List.of(Integer.toString(t), Out.f("%.2e", dbl.relError()[t - 1]), Integer.toString(dbl.nonFinite()[t - 1]),
                    Out.f("%.2e", flt.relError()[t - 1]), Integer.toString(flt.nonFinite()[t - 1]),
                    refused[t - 1] ? "refused" : "ok"));
        }
        body.append(Out.table(List.of("T", "double error", "double NaN/Inf", "float32 error", "float32 NaN/Inf",
                "library IterNorm"), nt)).append('\n');
        body.append("## λ^(−1/2) with a singular covariance\n\n");
        List<List<String>> st = new ArrayList<>();
        for (SingularRow r : sing) {
            st.add(List.of(Integer.toString(r.m()), Out.f("%.1f", r.meanNumericallyZero()),
                    r.naiveNonFiniteOutput() + "/" + r.trials(), r.libraryNoFloorErrors() + "/" + r.trials(),
                    r.libraryFloorErrors() + "/" + r.trials(), Out.f("%.1f", r.meanFloored()),
                    r.iterNormErrors() + "/" + r.trials()));
        }
        body.append(Out.table(List.of("m (d = " + SINGULAR_D + ")", "eigenvalues ≈ 0 (mean)", "naive non-finite",
                "library ST, no floor: error", "library ST, floor: error", "floored (mean)", "IterNorm T = 4: error"), st));
        body.append("\n## Gradient against the gap\n\n");
        List<List<String>> gt = new ArrayList<>();
        for (GapRow r : gaps) {
            gt.add(List.of(Out.f("%.0e", r.gap()), Out.f("%.3e", r.maxEigenvectorTerm()), Out.f("%.4g", r.naiveNorm()),
                    Out.f("%.4g", r.dkNorm()), Out.f("%.1e", r.relDiff())));
        }
        body.append(Out.table(List.of("gap", "autograd max term", "autograd ‖dL/dZ‖", "DK ‖dL/dZ‖", "rel. diff"), gt));
        return new Outcome(claim, figure, v, rules, body.toString());
    }

    static String tOrNone(int t) {
        return t > NEWTON_MAX_T ? "none ≤ " + NEWTON_MAX_T : Integer.toString(t);
    }

    // ---------------------------------------------------------------- small helpers

    static int nonFinite(DMatrixRMaj a) {
        int c = 0;
        for (double v : a.data) {
            if (!Double.isFinite(v)) {
                c++;
            }
        }
        return c;
    }

    static boolean allFinite(DMatrixRMaj a) {
        return nonFinite(a) == 0;
    }

    static DMatrixRMaj minus(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(a, b, c);
        return c;
    }

    /** ‖A‖_F by a plain sum of squares: +∞ when it overflows, NaN when an entry is NaN. */
    static double frob(DMatrixRMaj a) {
        double s = 0;
        for (double v : a.data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
