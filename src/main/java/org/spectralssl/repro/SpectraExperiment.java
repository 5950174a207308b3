package org.spectralssl.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.IterNormPolynomial;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunction;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.WhiteningMode;
import org.spectralssl.train.Plots;

/**
 * {@code spectra}: the exact spectral facts of METHOD.md §2–§3, computed by the library. The ST
 * output spectrum λ·g(λ)² = λ^(1−2p); IterNorm's h_T for T = 1..10; the trace bound n·h_T(1/n).
 * Each curve is also checked against the library's transformations on batches built with a known
 * spectrum (SpectralTransform, IterNorm), so the curves are what the code does, not only formulas.
 */
final class SpectraExperiment implements Experiment {
    static final double[] POWERS = {0, 0.25, 0.45, 0.5, 0.55, 0.75, 1.0};
    static final int MAX_T = 10;
    static final int[] SIZES = {16, 32, 64, 128, 256, 512, 1024};

    private final int points;

    SpectraExperiment(Preset preset) {
        this.points = preset == Preset.FULL ? 401 : 101;
    }

    @Override
    public String name() {
        return "spectra";
    }

    @Override
    public String shortClaim() {
        return "ST maps λ to λ^(1−2p); IterNorm maps x to h_T(x), increasing, concave, ≤ 1; T = 4, n = 256, equal spectrum: ≈ 0.095; tr Σ̂ ≤ n·h_T(1/n)";
    }

    @Override
    public String title() {
        return "exact output spectra of ST (λ^(1−2p)) and IterNorm (h_T), and the trace bound n·h_T(1/n)";
    }

    @Override
    public String cost(Preset preset) {
        return "seconds (library computation)";
    }

    /** The ST output eigenvalue for input λ, by the library's g: λ·g(λ)². */
    static double stOutput(double p, double lambda) {
        double g = SpectrumFunctions.power(p).value(lambda);
        return lambda * g * g;
    }

    /**
     * The checks of h_T on a grid of [0, 1] for one T: strictly increasing until it rounds to 1 (it is flat at
     * x = 1, h_T'(1) = 0), concave (second differences ≤ 1e-12), in [0, 1] with h_T(0) = 0, and slope
     * h_T(x)/x at x = 1e-13 within 1e-6 of 2.25^T.
     */
    record HCheck(int t, boolean increasing, boolean concave, boolean bounded, double slopeAtZero, double slopeRelError) {
        boolean holds() {
            return increasing && concave && bounded && slopeRelError < 1e-6;
        }
    }

    static HCheck checkH(int t, int points) {
        double[] h = new double[points];
        for (int i = 0; i < points; i++) {
            h[i] = IterNormPolynomial.h(t, (double) i / (points - 1));
        }
        boolean inc = true;
        boolean concave = true;
        boolean bounded = h[0] == 0;
        for (int i = 0; i < points; i++) {
            bounded &= h[i] >= 0 && h[i] <= 1 + 1e-15;
            if (i > 0) {
                // non-decreasing up to rounding: h_T is flat at x = 1 (h_T'(1) = 0), where it rounds to 1.0
                inc &= h[i] >= h[i - 1] - 1e-15 && (h[i - 1] >= 1 - 1e-12 || h[i] > h[i - 1]);
            }
            if (i > 0 && i < points - 1) {
                concave &= h[i - 1] - 2 * h[i] + h[i + 1] <= 1e-12;
            }
        }
        double x = 1e-13;
        double slope = IterNormPolynomial.h(t, x) / x;
        double expected = Math.pow(2.25, t);
        return new HCheck(t, inc, concave, bounded, slope, Math.abs(slope - expected) / expected);
    }

    /** Largest relative error of the library ST's output spectrum against λ^(1−2p), on a batch with spectrum λ. */
    static double stLibraryError(double p, double[] lambda, long seed) {
        DMatrixRMaj z = Batches.withCovariance(4 * lambda.length, lambda, seed);
        SpectrumFunction g = SpectrumFunctions.power(p);
        SpectralTransform st = new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED, g, Stabilisation.DEFAULT);
        double[] out = st.forward(z).report().eigenvaluesOut();
        double[] expected = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            expected[i] = stOutput(p, lambda[i]);
        }
        return maxRelError(out, expected);
    }

    /** Output eigenvalues (ascending) of the library's IterNorm (features mode) on a batch with spectrum λ. */
    static double[] iterNormLibrary(int t, double[] lambda, long seed) {
        DMatrixRMaj z = Batches.withCovariance(2 * lambda.length, lambda, seed);
        return new IterNorm(WhiteningMode.FEATURES, Divisor.UNBIASED, t).forward(z).report().eigenvaluesOut();
    }

    /** max_i |a_i − b_i|/|b_i| after sorting both ascending. */
    static double maxRelError(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.abs(y[i]));
        }
        return worst;
    }

    @Override
    public Outcome run(Context ctx) throws IOException {
        Path out = ctx.out();
        // 1. ST output spectrum.
        double[] lam = Batches.logSpaced(1e2, 1e-3, points);
        Out.Csv st = new Out.Csv();
        List<Plots.Series> stSeries = new ArrayList<>();
        double[] logLam = new double[points];
        for (int i = 0; i < points; i++) {
            logLam[i] = Math.log10(lam[i]);
        }
        for (int k = 0; k < POWERS.length; k++) {
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                y[i] = stOutput(POWERS[k], lam[i]);
            }
            stSeries.add(new Plots.Series("p = " + POWERS[k], logLam, y, Plots.PALETTE[k % Plots.PALETTE.length]));
        }
        for (int i = 0; i < points; i++) {
            var r = st.row();
            r.put("lambda", lam[i]);
            for (double p : POWERS) {
                r.put("p=" + p, stOutput(p, lam[i]));
            }
        }
        st.write(out.resolve("st_spectrum.csv"));
        Plots.lineChart(out.resolve("st_spectrum.png"), "ST output eigenvalue λ·g(λ)² = λ^(1−2p)", "log10 λ (input eigenvalue)",
                "output eigenvalue", stSeries, true);
        // Library check: SpectralTransform on a batch with the spectrum 10^2 .. 10^-3 (16 values).
        double[] batchLam = Batches.logSpaced(1e2, 1e-3, 16);
        Out.Csv stCheck = new Out.Csv();
        double worstSt = 0;
        for (double p : POWERS) {
            double e = stLibraryError(p, batchLam, 11);
            worstSt = Math.max(worstSt, e);
            var r = stCheck.row();
            r.put("p", p);
            r.put("max_rel_error_library_vs_closed_form", e);
        }
        stCheck.write(out.resolve("st_library_check.csv"));
        boolean p0Identity = stOutput(0, 0.01) == 0.01 && stOutput(0, 10) == 10;
        boolean halfFlat = Math.abs(stOutput(0.5, 1e-3) - 1) < 1e-12 && Math.abs(stOutput(0.5, 1e2) - 1) < 1e-12;
        boolean reversed = stOutput(0.75, 1e-3) > stOutput(0.75, 1e2) && stOutput(1.0, 1e-3) > stOutput(1.0, 1e2);
        boolean kept = stOutput(0.25, 1e-3) < stOutput(0.25, 1e2) && stOutput(0.45, 1e-3) < stOutput(0.45, 1e2);

        // 2. h_T on [0, 1].
        Out.Csv hs = new Out.Csv();
        List<Plots.Series> hSeries = new ArrayList<>();
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = (double) i / (points - 1);
        }
        for (int t = 1; t <= MAX_T; t++) {
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                y[i] = IterNormPolynomial.h(t, xs[i]);
            }
            hSeries.add(new Plots.Series("T = " + t, xs, y, Plots.PALETTE[(t - 1) % Plots.PALETTE.length], t > 5));
        }
        for (int i = 0; i < points; i++) {
            var r = hs.row();
            r.put("x", xs[i]);
            for (int t = 1; t <= MAX_T; t++) {
                r.put("T=" + t, IterNormPolynomial.h(t, xs[i]));
            }
        }
        hs.write(out.resolve("iternorm_h.csv"));
        Plots.lineChart(out.resolve("iternorm_h.png"), "IterNorm output eigenvalue h_T(x), x = λ/tr Σ", "x", "h_T(x)",
                hSeries, false);
        Out.Csv hCheck = new Out.Csv();
        int hHeld = 0;
        for (int t = 1; t <= MAX_T; t++) {
            HCheck c = checkH(t, points);
            hHeld += c.holds() ? 1 : 0;
            var r = hCheck.row();
            r.put("T", t);
            r.put("increasing", c.increasing());
            r.put("concave", c.concave());
            r.put("in_0_1", c.bounded());
            r.put("slope_at_0", c.slopeAtZero());
            r.put("slope_rel_error_vs_2.25^T", c.slopeRelError());
        }
        hCheck.write(out.resolve("iternorm_h_checks.csv"));

        // 3. Trace bound n·h_T(1/n) and the trace-loss floor n(1 − h_T(1/n))².
        Out.Csv tb = new Out.Csv();
        List<Plots.Series> tbSeries = new ArrayList<>();
        for (int k = 0; k < SIZES.length; k++) {
            int n = SIZES[k];
            double[] ts = new double[MAX_T];
            double[] frac = new double[MAX_T];
            for (int t = 1; t <= MAX_T; t++) {
                ts[t - 1] = t;
                frac[t - 1] = IterNormPolynomial.traceBound(t, n) / n;
                var r = tb.row();
                r.put("n", n);
                r.put("T", t);
                r.put("h_T(1/n)", IterNormPolynomial.h(t, 1.0 / n));
                r.put("trace_bound", IterNormPolynomial.traceBound(t, n));
                r.put("trace_loss_floor", IterNormPolynomial.traceLossBound(t, n));
            }
            tbSeries.add(new Plots.Series("n = " + n, ts, frac, Plots.PALETTE[k % Plots.PALETTE.length]));
        }
        tb.write(out.resolve("trace_bound.csv"));
        Plots.lineChart(out.resolve("trace_bound.png"), "Largest output trace of IterNorm / n = h_T(1/n)", "T",
                "n·h_T(1/n) / n", tbSeries, true);
        double h4 = IterNormPolynomial.h(4, 1.0 / 256);
        double floor4 = IterNormPolynomial.traceLossBound(4, 256);
        // Library: IterNorm T = 4 on an equal spectrum (n = 256) gives h_4(1/256) everywhere; on an
        // unequal spectrum with the same trace the output trace is below the bound.
        double[] equal = new double[256];
        Arrays.fill(equal, 1.0);
        double[] eqOut = iterNormLibrary(4, equal, 21);
        double eqErr = maxRelError(eqOut, filled(256, h4));
        double[] unequal = Batches.logSpaced(1e1, 1e-2, 256);
        double[] uneqOut = iterNormLibrary(4, unequal, 22);
        double traceUneq = Arrays.stream(uneqOut).sum();
        double bound = IterNormPolynomial.traceBound(4, 256);

        int held = 0;
        int total = 0;
        List<List<String>> rows = new ArrayList<>();
        boolean[] checks = {
            p0Identity, halfFlat, reversed && kept, worstSt < 1e-8, hHeld == MAX_T, Math.abs(h4 - 0.095) < 0.0005,
            Math.abs(floor4 - 209.6) < 0.05, eqErr < 1e-8, traceUneq < bound};
        String[] what = {
            "p = 0 leaves the spectrum unchanged (λ^1)",
            "p = 0.5 whitens: every output eigenvalue is 1",
            "p < 0.5 keeps the order of the spectrum, p > 0.5 reverses it",
            Out.f("the library's SpectralTransform gives λ^(1−2p) on a batch with spectrum 1e2..1e-3 (largest relative error %.2e over p = %s)",
                    worstSt, Arrays.toString(POWERS)),
            Out.f("h_T is increasing and concave on [0, 1], h_T(0) = 0, h_T ≤ 1, slope 2.25^T at 0, for T = 1..%d (%d of %d hold)",
                    MAX_T, hHeld, MAX_T),
            Out.f("T = 4, n = 256, equal spectrum: every output eigenvalue is ≈ 0.095 (h_4(1/256) = %.5f)", h4),
            Out.f("trace-loss floor at T = 4, n = 256 is ≈ 209.6 (n(1 − h_4(1/n))² = %.3f)", floor4),
            Out.f("the library's IterNorm (T = 4, n = 256, equal spectrum) gives h_4(1/256) for every eigenvalue (largest relative error %.2e)", eqErr),
            Out.f("tr Σ̂ ≤ n·h_T(1/n) with equality only for an equal spectrum: the library's IterNorm on the spectrum 10..0.01 (n = 256, T = 4) gives %.3f < %.3f", traceUneq, bound)};
        for (int i = 0; i < checks.length; i++) {
            total++;
            held += checks[i] ? 1 : 0;
            rows.add(List.of(Integer.toString(i + 1), what[i], checks[i] ? "holds" : "**fails**"));
        }
        Verdict v = Verdict.of(held, total);
        String claim = "METHOD.md §2–§3 (the paper's §3–§4 as summarised there): ST with g(λ) = λ^(−p) maps eigenvalue λ to "
                + "λ^(1−2p) (p = 0 no change, p = 0.5 whitening, p > 0.5 reverses the order); IterNorm maps x = λ/tr Σ to "
                + "h_T(x) = x·f_T(x)², increasing and concave with h_T ≤ 1 and slope 2.25^T at 0, so at finite T small "
                + "eigenvalues stay far below 1 (T = 4, n = 256, equal spectrum: ≈ 0.095) and tr Σ̂ ≤ n·h_T(1/n) with equality "
                + "iff the spectrum is equal.";
        String rules = "Each fact is one check computed from the library below (tolerances: 1e-12 for closed forms, 1e-8 "
                + "relative for the library's transformations on built batches, 1e-6 for the slope, ±0.0005 for 0.095 and "
                + "±0.05 for 209.6, the precision METHOD.md quotes). Agrees when every check holds, does not agree when none "
                + "does, partly otherwise.";
        String figure = Out.f("%d of %d checks hold; h_4(1/256) = %.5f; trace-loss floor at T = 4, n = 256: %.3f; library "
                + "ST vs λ^(1−2p): max rel. error %.1e; library IterNorm vs h_T: %.1e.", held, total, h4, floor4, worstSt, eqErr);
        StringBuilder body = new StringBuilder("## Checks\n\n");
        body.append(Out.table(List.of("#", "fact", "result"), rows)).append('\n');
        body.append("## Files\n\n");
        body.append("* `st_spectrum.csv`, `st_spectrum.png`: λ·g(λ)² for p in ").append(Arrays.toString(POWERS))
                .append(", λ from 1e2 to 1e-3 (").append(points).append(" points); `st_library_check.csv`.\n");
        body.append("* `iternorm_h.csv`, `iternorm_h.png`: h_T(x) for T = 1..10; `iternorm_h_checks.csv`.\n");
        body.append("* `trace_bound.csv`, `trace_bound.png`: n·h_T(1/n) and the trace-loss floor n(1 − h_T(1/n))² for n in ")
                .append(Arrays.toString(SIZES)).append(", T = 1..10.\n");
        return new Outcome(claim, figure, v, rules, body.toString());
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
