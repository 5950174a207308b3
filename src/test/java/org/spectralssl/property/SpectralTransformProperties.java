package org.spectralssl.property;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.Mat;
import org.spectralssl.property.BatchSpec.Rank;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunction;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;

/**
 * Properties of the spectral transformation (E3–E9, E25) on batches built with a known spectrum.
 * Errors are measured in units of ε = 2⁻⁵² times the condition number κ of the non-zero spectrum;
 * the tables printed after the class are what the tolerances below are based on.
 */
class SpectralTransformProperties {
    static final double EPS = 0x1p-52;

    /** The power family of the paper's p sweep, the identity (p = 0) and whitening (p = 1/2) included. */
    static final double[] POWERS = {0, 0.25, 0.5, 0.75, 1};

    private static final ErrorTable OUTPUT_COVARIANCE = new ErrorTable(
            "ST output covariance against U·diag(λ·g(λ)²)·Uᵀ: relative Frobenius error / (n·κ·ε), κ ≤ 100");
    private static final ErrorTable WHITENING = new ErrorTable(
            "whitening p = 1/2, full rank: ‖Σ_Ẑ − I‖_F (n ≤ 24, mean shift ≤ 1, scales 1e±150)");
    private static final ErrorTable WHITENING_RATIO = new ErrorTable(
            "whitening p = 1/2, full rank: ‖Σ_Ẑ − I‖_F / (κ·ε)");
    private static final ErrorTable SINGULAR = new ErrorTable(
            "whitening p = 1/2, singular: blocks of Uᵀ·Σ_Ẑ·U − diag(I_r, 0), Frobenius");
    private static final ErrorTable EQUIVARIANCE = new ErrorTable(
            "equivariance: relative Frobenius error / (κ·ε)");

    @AfterAll
    static void printTables() {
        OUTPUT_COVARIANCE.print();
        WHITENING.print();
        WHITENING_RATIO.print();
        SINGULAR.print();
        EQUIVARIANCE.print();
    }

    static SpectralTransform st(Batch b, SpectrumFunction g) {
        return new SpectralTransform(b.mode(), b.divisor(), g, Stabilisation.DEFAULT);
    }

    /**
     * E4: the output covariance, computed from the output batch in the same mode and divisor,
     * equals U·diag(λ·g(λ)²)·Uᵀ for the intended U and λ. Tolerance 64·n·κ·ε (measured max in the
     * table printed after the class).
     */
    private static void checkOutputCovariance(Batch b, SpectrumFunction g, String family) {
        Whitening w = st(b, g).forward(b.z());
        DMatrixRMaj got = b.covarianceOf(w.output());
        DMatrixRMaj want = b.spectralFunction(l -> l * g.value(l) * g.value(l));
        double scale = b.n() * b.spec().conditionNumber() * EPS;
        OUTPUT_COVARIANCE.add(family, Compare.relativeError(got, want) / scale);
        Compare.assertClose(g.describe() + " output covariance against U·diag(λ·g(λ)²)·Uᵀ", got, want, 64 * scale);
    }

    @Test
    @Equation({"E3", "E4", "E5"})
    void outputCovarianceOfThePowerFamily() {
        PropertyRunner.forAll("Σ_Ẑ = U·diag(λ^(1−2p))·Uᵀ for g = λ^(−p), p in {0, 1/4, 1/2, 3/4, 1}", 450,
                BatchGen.wellConditioned().withMaxScaleExp(50)::generate, b -> {
                    double p = POWERS[b.random("p").nextInt(POWERS.length)];
                    checkOutputCovariance(b, SpectrumFunctions.power(p), "power p=" + p);
                });
    }

    @Test
    @Equation({"E3", "E4", "E6"})
    void outputCovarianceOfTheExponential() {
        PropertyRunner.forAll("Σ_Ẑ = U·diag(λ·e^(2aλ))·Uᵀ for g = e^(aλ)", 180, BatchGen.wellConditioned()::generate,
                b -> checkOutputCovariance(b, SpectrumFunctions.exp(b.random("a").nextDouble(-2, 2)), "exp"));
    }

    @Test
    @Equation({"E3", "E4", "E7"})
    void outputCovarianceOfIterNormsSpectrumFunction() {
        PropertyRunner.forAll("Σ_Ẑ = U·diag(h_T(λ/τ))·Uᵀ for g = g_T with τ = tr Σ", 180,
                BatchGen.wellConditioned()::generate, b -> {
                    int t = b.random("T").nextInt(7);
                    double tau = b.trace();
                    checkOutputCovariance(b, SpectrumFunctions.iterNorm(t, tau), "iternorm g_T");
                    // E7 written independently: λ·g_T(λ)² = h_T(λ/τ).
                    Whitening w = st(b, SpectrumFunctions.iterNorm(t, tau)).forward(b.z());
                    Compare.assertClose("g_T output covariance against U·diag(h_T(λ/τ))·Uᵀ (T = " + t + ")",
                            b.covarianceOf(w.output()), b.spectralFunction(l -> Reference.h(t, l / tau)),
                            64 * b.n() * b.spec().conditionNumber() * EPS);
                });
    }

    @Test
    @Equation({"E3", "E4", "E8"})
    void outputCovarianceOfCustomFunctions() {
        List<SpectrumFunction> custom = List.of(
                SpectrumFunctions.custom("(λ+0.1)^(−1/2)", l -> 1 / Math.sqrt(l + 0.1),
                        l -> -0.5 / ((l + 0.1) * Math.sqrt(l + 0.1))),
                SpectrumFunctions.custom("1+λ", l -> 1 + l, l -> 1),
                SpectrumFunctions.custom("log1p", Math::log1p, l -> 1 / (1 + l)));
        PropertyRunner.forAll("Σ_Ẑ = U·diag(λ·g(λ)²)·Uᵀ for custom g", 180, BatchGen.wellConditioned()::generate,
                b -> checkOutputCovariance(b, custom.get(b.random("g").nextInt(custom.size())), "custom"));
    }

    /**
     * Whitening gives the identity to within C·κ·ε with C = 16·n (a backward-stable
     * eigendecomposition perturbs Σ by about ε·‖Σ‖, which g = λ^(−1/2) maps to ε·κ), for full-rank
     * inputs with κ up to 1e12, at every scale 1e−150 … 1e150, and in both modes.
     */
    @Test
    @Equation({"E4", "E5", "E9"})
    void whiteningGivesTheIdentityUpToTheConditionNumber() {
        BatchGen gen = BatchGen.wellConditioned().withMaxN(24, 24).withMaxLog10Cond(12).withMaxScaleExp(150);
        PropertyRunner.forAll("‖Σ_Ẑ − I‖_F ≤ 16·n·κ·ε for ST whitening, κ ≤ 1e12", 450, gen::generate, b -> {
            Whitening w = st(b, SpectrumFunctions.whitening()).forward(b.z());
            DMatrixRMaj cov = b.covarianceOf(w.output());
            double kappa = b.spec().conditionNumber();
            double err = Compare.distance(cov, Mat.identity(b.n()));
            WHITENING.add(ErrorTable.decade("κ", kappa), err);
            WHITENING_RATIO.add(ErrorTable.decade("κ", kappa), err / (kappa * EPS));
            double tol = 16 * b.n() * kappa * EPS;
            if (!(err <= tol)) {
                throw new AssertionError(String.format(Locale.ROOT, "‖Σ_Ẑ − I‖_F = %.3e > 16·n·κ·ε = %.3e", err, tol));
            }
        });
    }

    /**
     * With zero eigenvalues (by construction, by shape m ≤ d, or from constant variables) whitening
     * is the identity on the range of Σ and (nearly) zero on its null space: in the intended
     * eigenbasis, U_rᵀ·Σ_Ẑ·U_r ≈ I_r, U_0ᵀ·Σ_Ẑ·U_0 ≈ 0 and U_rᵀ·Σ_Ẑ·U_0 ≈ 0. The tolerances are
     * an error model fitted over 5,000 cases (κ ≤ 1e8, mean shift ≤ 1e4) with a margin of ≥ 3:
     *
     * <ul>
     *   <li>range: 16·n·κ·ε·(1 + shift). The core evaluates X̂ = U·(g(Λ̃)∘(Uᵀ·X_c)); forming
     *       F = U·g(Λ̃)·Uᵀ first, with its floored entries g(δ·λ_max) = (n·ε·λ_max)^(−1/2), used to
     *       add a √(n·ε) ≈ 1e-8 error here.
     *   <li>off-diagonal: 4·√(n·ε·κ)·(1 + shift): ε-level null content of X_c amplified by
     *       g(δ·λ_max), correlated with the range output.
     *   <li>null: 4·n·ε·κ·(1 + shift)².
     * </ul>
     */
    @Test
    @Equation({"E5", "E9"})
    void whiteningIsTheIdentityOnTheRangeWhenSingular() {
        BatchGen gen = BatchGen.wellConditioned().withMaxN(24, 12).withRanks(Rank.DEFICIENT, Rank.SHORT, Rank.FULL)
                .withConstantVariableChance(0.6).withMaxLog10Cond(8).withMaxScaleExp(150).withMaxShift(1e4);
        PropertyRunner.forAll("Σ_Ẑ = U_r·U_rᵀ blockwise for singular Σ", 450, gen::generate, b -> {
            Whitening w = st(b, SpectrumFunctions.whitening()).forward(b.z());
            DMatrixRMaj c = Mat.multTransA(b.eigenvectors(), Mat.mult(b.covarianceOf(w.output()), b.eigenvectors()));
            int n = b.n();
            int r = b.r();
            double range = 0;
            double off = 0;
            double nul = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = c.get(i, j) - (i == j && i < r ? 1 : 0);
                    if (i < r && j < r) {
                        range += v * v;
                    } else if (i >= r && j >= r) {
                        nul += v * v;
                    } else {
                        off += v * v;
                    }
                }
            }
            double kappa = b.spec().conditionNumber();
            double shift = 1 + b.spec().meanShift();
            String kind = b.spec().rank() + (b.spec().constantVariables() > 0 ? " + constant variables" : "");
            SINGULAR.add(kind + ", range", Math.sqrt(range));
            SINGULAR.add(kind + ", off", Math.sqrt(off));
            SINGULAR.add(kind + ", null", Math.sqrt(nul));
            double[][] checks = {
                {Math.sqrt(range), 16 * n * kappa * EPS * shift},
                {Math.sqrt(off), 4 * Math.sqrt(n * EPS * kappa) * shift},
                {Math.sqrt(nul), 4 * n * EPS * kappa * shift * shift}};
            String[] names = {"‖U_rᵀ·Σ_Ẑ·U_r − I‖_F", "‖U_rᵀ·Σ_Ẑ·U_0‖_F", "‖U_0ᵀ·Σ_Ẑ·U_0‖_F"};
            for (int i = 0; i < checks.length; i++) {
                if (!(checks[i][0] <= checks[i][1])) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s = %.3e > %.3e; report: %s", names[i],
                            checks[i][0], checks[i][1], w.report().actions()));
                }
            }
        });
    }

    /** The transformations compared by the equivariance properties, one drawn per case. */
    private static Whitener whitener(Batch b, SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> st(b, SpectrumFunctions.whitening());
            case 1 -> st(b, SpectrumFunctions.power(rnd.nextDouble(0, 1)));
            case 2 -> st(b, SpectrumFunctions.exp(rnd.nextDouble(-1, 1)));
            case 3 -> st(b, SpectrumFunctions.custom("log1p", Math::log1p, l -> 1 / (1 + l)));
            // T ≤ 4: beyond convergence the uncoupled iteration amplifies rounding (IterNormProperties).
            default -> new IterNorm(b.mode(), b.divisor(), rnd.nextInt(5));
        };
    }

    /** 2.25^T for IterNorm (the slope of h_T at 0 bounds how much it amplifies rounding), else 1. */
    private static double amplification(Whitener t) {
        return t instanceof IterNorm in ? Math.pow(2.25, in.iterations()) : 1;
    }

    /** Rotating the feature space, Z → Z·Q, rotates the output: Ẑ(Z·Q) = Ẑ(Z)·Q (FEATURES mode). */
    @Test
    @Equation("E3")
    void rotatingTheFeaturesRotatesTheOutput() {
        BatchGen gen = BatchGen.wellConditioned().withModes(WhiteningMode.FEATURES).withMaxN(16, 16)
                .withMaxLog10Cond(4);
        PropertyRunner.forAll("Ẑ(Z·Q) = Ẑ(Z)·Q", 300, gen::generate, b -> {
            Whitener t = whitener(b, b.random("whitener"));
            DMatrixRMaj q = RandomMatrices.orthogonal(b.n(), b.random("Q"));
            DMatrixRMaj rotatedIn = t.forward(Mat.mult(b.z(), q)).output();
            DMatrixRMaj rotatedOut = Mat.mult(t.forward(b.z()).output(), q);
            double kappa = b.spec().conditionNumber();
            EQUIVARIANCE.add("rotation", Compare.relativeError(rotatedIn, rotatedOut) / (kappa * EPS));
            Compare.assertClose(t.describe() + ": Ẑ(Z·Q) against Ẑ(Z)·Q", rotatedIn, rotatedOut, 64 * b.n() * kappa
                    * EPS * amplification(t));
        });
    }

    /** Permuting the samples, Z → P·Z, permutes the output rows: Ẑ(P·Z) = P·Ẑ(Z), in both modes. */
    @Test
    @Equation({"E3", "E10"})
    void permutingTheSamplesPermutesTheOutput() {
        BatchGen gen = BatchGen.wellConditioned().withMaxN(16, 16).withMaxLog10Cond(4);
        PropertyRunner.forAll("Ẑ(P·Z) = P·Ẑ(Z)", 300, gen::generate, b -> {
            Whitener t = whitener(b, b.random("whitener"));
            DMatrixRMaj p = RandomMatrices.permutation(b.spec().m(), b.random("P"));
            DMatrixRMaj permutedIn = t.forward(Mat.mult(p, b.z())).output();
            DMatrixRMaj permutedOut = Mat.mult(p, t.forward(b.z()).output());
            double kappa = b.spec().conditionNumber();
            EQUIVARIANCE.add("permutation", Compare.relativeError(permutedIn, permutedOut) / (kappa * EPS));
            Compare.assertClose(t.describe() + ": Ẑ(P·Z) against P·Ẑ(Z)", permutedIn, permutedOut, 64 * b.n() * kappa
                    * EPS * amplification(t));
        });
    }

    /**
     * Whitening (p = 1/2, ε = 0) and IterNorm are invariant to Z → c·Z for every c &gt; 0, c up to
     * 1e±150 included; for c a power of two the output is identical bit for bit (the exact scale
     * frame of E9d).
     */
    @Test
    @Equation({"E5", "E9", "E10"})
    void whiteningIsScaleInvariant() {
        BatchGen gen = BatchGen.wellConditioned().withMaxN(16, 16).withMaxLog10Cond(6);
        PropertyRunner.forAll("Ẑ(c·Z) = Ẑ(Z), c in 1e−150 … 1e150", 360, gen::generate, b -> {
            SplittableRandom rnd = b.random("c");
            int exp10 = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 150 : -150) : rnd.nextInt(-150, 151);
            boolean powerOfTwo = rnd.nextInt(4) == 0;
            double c = powerOfTwo ? Math.scalb(1.0, (int) Math.round(exp10 * Math.log(10) / Math.log(2)))
                    : rnd.nextDouble(1, 10) * Math.pow(10, exp10);
            Whitener t = rnd.nextBoolean() ? st(b, SpectrumFunctions.whitening())
                    : new IterNorm(b.mode(), b.divisor(), rnd.nextInt(5));
            DMatrixRMaj scaled = t.forward(Mat.scale(c, b.z())).output();
            DMatrixRMaj plain = t.forward(b.z()).output();
            if (powerOfTwo) {
                Compare.assertClose(t.describe() + ": Ẑ(2^j·Z) bit for bit (c = " + c + ")", scaled, plain, 0);
            } else {
                double kappa = b.spec().conditionNumber();
                EQUIVARIANCE.add("scale c", Compare.relativeError(scaled, plain) / (kappa * EPS));
                Compare.assertClose(t.describe() + ": Ẑ(c·Z) against Ẑ(Z) (c = " + c + ")", scaled, plain,
                        64 * b.n() * kappa * EPS * amplification(t));
            }
        });
    }

    /**
     * The spectrum report (E25) agrees with the construction: input eigenvalues, condition
     * number, effective rank, and the stabilisers it names.
     */
    @Test
    @Equation("E25")
    void reportDescribesTheConstructedSpectrum() {
        BatchGen gen = BatchGen.anything().withRanks(Rank.FULL, Rank.DEFICIENT, Rank.SHORT).withMaxShift(1);
        PropertyRunner.forAll("report: eigenvalues, κ, effective rank, actions", 450, gen::generate, b -> {
            SpectrumReport r = st(b, SpectrumFunctions.whitening()).forward(b.z()).report();
            double[] want = b.eigenvaluesAscending();
            double lmax = b.lambdaMax();
            for (int i = 0; i < want.length; i++) {
                Compare.assertNear("report eigenvalue " + i + " (ascending)", r.eigenvaluesIn()[i], want[i],
                        1e-12 * b.n() * lmax);
            }
            boolean nonSingular = b.r() == b.n();
            if (nonSingular && b.spec().log10Cond() <= 8) {
                Compare.assertNear("report condition number", r.conditionNumber(), b.spec().conditionNumber(),
                        1e-6 * b.spec().conditionNumber());
                if (!r.actions().isEmpty()) {
                    throw new AssertionError("a stabiliser acted on a well-conditioned full-rank Σ: " + r.actions());
                }
            }
            if (b.spec().distinct() == 1) {
                Compare.assertNear("effective rank of an equal spectrum", r.effectiveRank(), b.r(), 1e-9 * b.n());
            }
            if (!(r.effectiveRank() >= 1 - 1e-12 && r.effectiveRank() <= b.r() + 1e-9)) {
                throw new AssertionError("effective rank " + r.effectiveRank() + " outside [1, r = " + b.r() + "]");
            }
            if (r.flooredEigenvalues() > b.n() - b.r()) {
                throw new AssertionError("the floor raised " + r.flooredEigenvalues() + " eigenvalues but only "
                        + (b.n() - b.r()) + " are zero");
            }
        });
    }
}
