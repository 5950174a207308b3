package org.spectralssl.property;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.AlignmentLoss;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.LossResult;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.property.BatchSpec.Rank;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunction;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.testing.FiniteDifference;

/**
 * Every backward pass against central finite differences (E17–E21, E13), in double precision.
 * The check is directional: ⟨∇L, V⟩ for a random V against Richardson-extrapolated central
 * differences of L along V ({@link FiniteDifference#directional}); the error must be at most
 * 1e-6 of the directional derivative plus the resolution of the difference quotient (see
 * {@link #check}). The step is 1e-3/√κ of the largest entry: it moves the smallest eigenvalue by
 * about 1e-3·√κ of itself, so the O(h⁴) error left by Richardson extrapolation stays near 1e-12,
 * while rounding, ε·|L|/h, stays near 1e-12 too; and for losses that L2-normalise rows also within 1e-3 of the smallest such
 * row norm (at d = 1 normalisation is sign(z), and a step across 0 is a jump, not a derivative).
 * Inputs are small (n ≤ 8) and well-conditioned (κ ≤ 100).
 */
class GradientProperties {
    static final double MAX_RELATIVE_ERROR = 1e-6;

    private static final ErrorTable ERRORS = new ErrorTable(
            "backward against central finite differences: relative error of the directional derivative");

    @AfterAll
    static void printTable() {
        ERRORS.print();
    }

    private static BatchGen small() {
        return BatchGen.wellConditioned().withMaxN(8, 8);
    }

    /**
     * Checks ∇ against finite differences of f at x and records the error under {@code label}:
     * |analytic − numeric| ≤ 1e-6·|analytic| + 64·ε·F/h, the second term being the resolution of
     * the difference quotient (F the natural size of L's values near x). It only matters when the
     * directional derivative is tiny: L flat along every direction (a constant batch's trace loss,
     * the trace loss at Σ = I, INTL with d = 1), or a direction nearly orthogonal to ∇L.
     */
    private static void check(String label, Function<List<DMatrixRMaj>, Double> f, List<DMatrixRMaj> x,
            List<DMatrixRMaj> grads, double relStep, double valueScale, SplittableRandom rnd) {
        for (DMatrixRMaj g : grads) {
            Compare.assertFinite(label + " gradient", g);
        }
        FiniteDifference.Check c = FiniteDifference.directional(f, x, grads, rnd, relStep);
        double resolution = 64 * 0x1p-52 * valueScale / c.step();
        double diff = Math.abs(c.analytic() - c.numeric());
        boolean measurable = Math.max(Math.abs(c.analytic()), Math.abs(c.numeric())) > resolution;
        ERRORS.add(measurable ? label : label + " (below FD resolution)",
                measurable ? c.relativeError() : diff / resolution);
        if (!(diff <= MAX_RELATIVE_ERROR * Math.abs(c.analytic()) + resolution)) {
            throw new AssertionError(label + ": " + c + ", FD resolution " + resolution);
        }
    }

    /** L(Z) = ⟨Ẑ(Z), G⟩ for a fixed Gaussian G, so dL/dẐ = G. */
    private static void checkWhitener(String label, Whitener t, DMatrixRMaj z, double kappa, SplittableRandom rnd) {
        DMatrixRMaj g = RandomMatrices.gaussian(z.numRows, z.numCols, rnd);
        Whitening w = t.forward(z);
        DMatrixRMaj grad = w.backward(g);
        double valueScale = Mat.frobenius(w.output()) * Mat.frobenius(g);
        check(label, x -> Mat.dot(t.forward(x.get(0)).output(), g), List.of(z), List.of(grad), step(kappa, 1),
                valueScale, rnd);
    }

    /**
     * The relative step: 1e-3/√κ for the spectrum, divided by how much smaller than max|x| the
     * smallest L2-normalised row is (a hard limit: the step must not reach across a row's norm).
     */
    private static double step(double kappa, double rowNormRatio) {
        return 1e-3 / (Math.sqrt(kappa) * rowNormRatio);
    }

    /** max|x| over the smallest row norm of the given batches: how much smaller the step must be for L2 normalisation. */
    private static double rowNormRatio(List<DMatrixRMaj> batches) {
        double max = 0;
        double minNorm = Double.POSITIVE_INFINITY;
        for (DMatrixRMaj a : batches) {
            max = Math.max(max, Mat.maxAbs(a));
            for (int i = 0; i < a.numRows; i++) {
                double ss = 0;
                for (int j = 0; j < a.numCols; j++) {
                    ss += a.get(i, j) * a.get(i, j);
                }
                minNorm = Math.min(minNorm, Math.sqrt(ss));
            }
        }
        return minNorm > 0 ? Math.max(1, max / minNorm) : 1;
    }

    private static SpectrumFunction function(SplittableRandom rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> SpectrumFunctions.power(0.25);
            case 1 -> SpectrumFunctions.whitening();
            case 2 -> SpectrumFunctions.power(0.75);
            case 3 -> SpectrumFunctions.power(1);
            case 4 -> SpectrumFunctions.exp(rnd.nextDouble(-2, 2));
            case 5 -> SpectrumFunctions.custom("(λ+0.1)^(−1/2)", l -> 1 / Math.sqrt(l + 0.1),
                    l -> -0.5 / ((l + 0.1) * Math.sqrt(l + 0.1)));
            default -> SpectrumFunctions.custom("log1p", Math::log1p, l -> 1 / (1 + l));
        };
    }

    private static String family(SpectrumFunction g) {
        String d = g.describe();
        int paren = d.indexOf("(a=");
        return "ST " + (paren > 0 ? d.substring(0, paren) : d);
    }

    @Test
    @Equation({"E17", "E19"})
    void spectralTransformBackwardMatchesFiniteDifferences() {
        PropertyRunner.forAll("ST backward = finite differences", 450, small()::generate, b -> {
            SpectrumFunction g = function(b.random("g"));
            SpectralTransform st = new SpectralTransform(b.mode(), b.divisor(), g, Stabilisation.DEFAULT);
            checkWhitener(family(g), st, b.z(), b.spec().conditionNumber(), b.random("fd"));
        });
    }

    /**
     * At exactly repeated eigenvalues the eigenvectors are not unique, but F(Σ) = U·g(Λ)·Uᵀ and
     * the composite L(Z) are smooth, so finite differences are well defined; the Daleckii–Krein
     * backward must match them (its divided differences take g′ on ties).
     */
    @Test
    @Equation("E17")
    void spectralTransformBackwardAtRepeatedEigenvalues() {
        PropertyRunner.forAll("ST backward at repeated eigenvalues (rotated)", 300,
                small().repeatedEigenvalues()::generate, b -> {
                    SpectrumFunction g = function(b.random("g"));
                    SpectralTransform st = new SpectralTransform(b.mode(), b.divisor(), g, Stabilisation.DEFAULT);
                    checkWhitener("repeated λ: " + family(g), st, b.z(), b.spec().conditionNumber(), b.random("fd"));
                });
        PropertyRunner.forAll("ST backward at bit-for-bit equal eigenvalues", 180, ExactTieCase::generate, c -> {
            SplittableRandom rnd = new SplittableRandom(c.seed());
            SpectrumFunction g = function(rnd);
            SpectralTransform st = new SpectralTransform(c.mode(), c.divisor(), g, Stabilisation.DEFAULT);
            double[] eig = st.forward(c.batch()).report().eigenvaluesIn();
            long distinctComputed = java.util.Arrays.stream(eig).distinct().count();
            if (distinctComputed > c.distinct()) {
                throw new AssertionError("the harness promised exact ties but the computed eigenvalues are "
                        + java.util.Arrays.toString(eig));
            }
            double kappa = Math.pow(4, c.distinct() - 1);
            checkWhitener("exact ties: " + family(g), st, c.batch(), kappa, rnd);
        });
    }

    @Test
    @Equation({"E18", "E19"})
    void iterNormBackwardMatchesFiniteDifferences() {
        BatchGen gen = small().withRanks(Rank.FULL, Rank.DEFICIENT, Rank.SHORT).withConstantVariableChance(0.2);
        int[] ts = {0, 1, 2, 4};
        PropertyRunner.forAll("IterNorm backward = finite differences, T in {0, 1, 2, 4}", 360, gen::generate, b -> {
            int t = ts[b.random("T").nextInt(ts.length)];
            checkWhitener("IterNorm T=" + t, new IterNorm(b.mode(), b.divisor(), t), b.z(),
                    b.spec().conditionNumber(), b.random("fd"));
        });
    }

    @Test
    @Equation("E20")
    void traceLossGradientMatchesFiniteDifferences() {
        // Scales 10^±1 move the variances away from 1, where TL is at its minimum and flat.
        BatchGen gen = small().withRanks(Rank.values()).withConstantVariableChance(0.2).withMaxScaleExp(1);
        PropertyRunner.forAll("trace loss gradient = finite differences", 240, gen::generate, b -> {
            LossResult r = TraceLoss.compute(b.z(), b.mode(), b.divisor());
            check("trace loss", x -> TraceLoss.value(x.get(0), b.mode(), b.divisor()), List.of(b.z()),
                    r.gradients(), step(1, 1), b.n() + r.value(), b.random("fd"));
        });
    }

    @Test
    @Equation("E21")
    void alignmentGradientMatchesFiniteDifferences() {
        PropertyRunner.forAll("alignment gradient = finite differences", 240, small()::generate, b -> {
            DMatrixRMaj z2 = b.companion("view 2").z();
            LossResult r = AlignmentLoss.compute(b.z(), z2);
            check("alignment", x -> AlignmentLoss.compute(x.get(0), x.get(1)).value(), List.of(b.z(), z2),
                    r.gradients(), step(1, rowNormRatio(List.of(b.z(), z2))), Math.max(1, r.value()), b.random("fd"));
        });
    }

    /**
     * INTL (E13) end to end, two views, both modes, T in {0, 1, 2, 4}; β by the rule when n &gt; 8,
     * else an explicit β. One case in four uses the same loss with ST whitening instead of IterNorm.
     */
    @Test
    @Equation({"E13", "E18", "E20", "E21"})
    void intlGradientMatchesFiniteDifferences() {
        BatchGen gen = BatchGen.wellConditioned().withMaxN(12, 8);
        int[] ts = {0, 1, 2, 4};
        PropertyRunner.forAll("INTL gradient = finite differences", 240, gen::generate, b -> {
            SplittableRandom rnd = b.random("params");
            DMatrixRMaj z2 = b.companion("view 2").z();
            double kappa = b.spec().conditionNumber();
            if (rnd.nextInt(4) == 0) {
                SpectralTransform st = new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.whitening(),
                        Stabilisation.DEFAULT);
                double beta = rnd.nextDouble(0, 0.1);
                WhiteningLoss.Result r = WhiteningLoss.compute(List.of(b.z(), z2), st, beta);
                double outputRatio = rowNormRatio(r.views().stream().map(Whitening::output).toList());
                check("ST-whitening loss", x -> WhiteningLoss.compute(x, st, beta).loss().value(),
                        List.of(b.z(), z2), r.loss().gradients(), step(kappa, outputRatio),
                        Math.max(1, r.loss().value()), b.random("fd"));
                return;
            }
            int t = ts[rnd.nextInt(ts.length)];
            IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(b.mode()).withDivisor(b.divisor()).withIterations(t);
            if (b.n() <= 8) {
                p = p.withBeta(rnd.nextDouble(0.001, 0.1));
            }
            IntlLoss.Params params = p;
            WhiteningLoss.Result r = IntlLoss.compute(b.z(), z2, params);
            double outputRatio = rowNormRatio(r.views().stream().map(Whitening::output).toList());
            check(String.format(Locale.ROOT, "INTL T=%d", t), x -> IntlLoss.compute(x.get(0), x.get(1), params).loss()
                    .value(), List.of(b.z(), z2), r.loss().gradients(), step(kappa, outputRatio),
                    Math.max(1, r.loss().value()), b.random("fd"));
        });
    }
}
