package org.spectralssl.property;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.property.BatchSpec.Rank;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;

/**
 * E9: with the default stabilisers, ST, IterNorm and INTL give finite outputs and finite
 * gradients for every generated input: singular Σ (m ≤ d, zero eigenvalues), constant features,
 * constant batches (tr Σ = 0), κ up to 1e12, scales 1e−150 … 1e150 and mean shifts up to 1e4.
 */
class StabilityProperties {
    private static Whitener whitener(Batch b, SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.whitening(), Stabilisation.DEFAULT);
            case 1 -> new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.power(0.25), Stabilisation.DEFAULT);
            case 2 -> new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.power(0.75), Stabilisation.DEFAULT);
            // The ridge path works on Σ unscaled; at tiny Σ it meets the EJML convergence bug that
            // reportsWorkAtEveryScale records, so here it is drawn only at moderate scales and never
            // for a constant batch (whose centring residue can be 1e-112 at scale 1e-97).
            case 3 -> Math.abs(b.spec().scaleExp()) <= 50 && b.r() > 0
                    ? new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.whitening(), new Stabilisation(1e-3, 1))
                    : new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.whitening(), Stabilisation.DEFAULT);
            default -> new IterNorm(b.mode(), b.divisor(), rnd.nextInt(7));
        };
    }

    /**
     * Whether E9c's zero-trace guard applies: IterNorm (τ = 0), and ST whose g is not finite at
     * 0. With a ridge ε &gt; 0, g(0 + ε) is finite, the transformation is smooth at Σ = 0 and its
     * gradient there, ε^(−1/2)·(centred G) for whitening, is correct and non-zero.
     */
    private static boolean guarded(Whitener t) {
        return !(t instanceof SpectralTransform st) || st.stabilisation().eps() == 0;
    }

    private static void checkFinite(Batch b, Whitener t, SplittableRandom rnd) {
        Whitening w = t.forward(b.z());
        Compare.assertFinite(t.describe() + " output", w.output());
        DMatrixRMaj g = RandomMatrices.gaussian(b.z().numRows, b.z().numCols, rnd);
        Compare.assertFinite(t.describe() + " gradient", w.backward(g));
        if (b.r() == 0 && b.spec().meanShift() == 0 && guarded(t)) {
            SpectrumReport r = w.report();
            // E9c: a constant batch gives output 0 and gradient 0, and the report says so. Only the
            // all-zero batch here: see constantBatchesAreGuardedWhateverTheirMean for the others.
            Compare.assertClose(t.describe() + " output of a constant batch", w.output(),
                    new DMatrixRMaj(b.z().numRows, b.z().numCols), 0);
            Compare.assertClose(t.describe() + " gradient of a constant batch", w.backward(g),
                    new DMatrixRMaj(b.z().numRows, b.z().numCols), 0);
            if (!r.zeroTraceGuard()) {
                throw new AssertionError("constant batch but the report's zeroTraceGuard is false: " + r.actions());
            }
        }
    }

    /**
     * The transformation for the finiteness properties. A constant batch with a mean shift goes
     * to IterNorm only: through ST it can meet the guard bug recorded by
     * {@link #constantBatchesAreGuardedWhateverTheirMean} (an IllegalStateException at n = 56).
     */
    private static Whitener finiteCandidate(Batch b) {
        if (b.r() == 0 && b.spec().meanShift() > 0) {
            return new IterNorm(b.mode(), b.divisor(), b.random("T").nextInt(7));
        }
        return whitener(b, b.random("whitener"));
    }

    @Test
    @Equation({"E9", "E10"})
    void stabilisedTransformsAreFinite() {
        PropertyRunner.forAll("ST / IterNorm output and gradient finite", 900, BatchGen.anything()::generate,
                b -> checkFinite(b, finiteCandidate(b), b.random("grad")));
    }

    /** The same at sizes up to 64 (fewer cases: each costs an n = 64 eigendecomposition). */
    @Test
    @Equation({"E9", "E10"})
    void stabilisedTransformsAreFiniteUpToSize64() {
        BatchGen gen = BatchGen.anything().withMaxN(64, 32);
        PropertyRunner.forAll("ST / IterNorm finite, n ≤ 64", 90, gen::generate,
                b -> checkFinite(b, finiteCandidate(b), b.random("grad")));
    }

    /**
     * E9c for every constant batch, not only the all-zero one: each variable constant (a mean
     * shift μ_i·1ᵀ only) must give output 0, gradient 0 and the guard in the report.
     *
     * <p>KNOWN CORE BUG (reported, not fixed here): the guard tests max|X_c| == 0 exactly, but
     * centring a constant row whose mean is not representable leaves a constant residue c·1ᵀ
     * (c ≈ 1 ulp of μ). The exact scale frame then lifts the residue to [1, 2) and it is whitened as
     * if it were data. Minimal case: FEATURES, Z = [[0.1, 5], [0.1, 5], [0.1, 5]]: centring leaves
     * −1.39e-17 in feature 0 (the mean of three 0.1s is not 0.1), and ST whitening and IterNorm both
     * return entries ±0.816 = ±√(2/3) with zeroTraceGuard false; INTL's value on this constant batch
     * becomes 0.2 instead of 2.2. At n = 56 the lifted residue (a rank-one Σ with O(1) entries)
     * even makes EJML's eigendecomposition fail: FEATURES m=19 d=56, constant batch, mean shift
     * 0.420, seed -6789824355213057698 of {@code anything().withMaxN(64, 32)}: ST with p = 0.5 or
     * 0.75 throws IllegalStateException "symmetric eigendecomposition did not converge (n = 56)".
     * Enable this property once the guard compares max|X_c| with the
     * rounding level of the batch (for example k·ε·max|X|), or centring returns exact zeros for
     * constant rows.
     */

    @Test
    @Equation("E9")
    void constantBatchesAreGuardedWhateverTheirMean() {
        BatchGen gen = BatchGen.anything().withRanks(Rank.ZERO);
        PropertyRunner.forAll("constant batch → output 0, gradient 0, guard reported", 300, gen::generate, b -> {
            Whitener t = whitener(b, b.random("whitener"));
            if (!guarded(t)) {
                return;
            }
            Whitening w = t.forward(b.z());
            DMatrixRMaj zero = new DMatrixRMaj(b.z().numRows, b.z().numCols);
            Compare.assertClose(t.describe() + " output of a constant batch", w.output(), zero, 0);
            if (!w.report().zeroTraceGuard()) {
                throw new AssertionError(t.describe() + ": constant batch not guarded; " + w.report().actions());
            }
        });
    }

    /**
     * No silent non-finite results: for every generated input, ST with p in {1, 1.5} (whose true
     * outputs and gradients can exceed the double range at scales near 1e−150) either returns a
     * finite output and gradient or throws a {@link NonFiniteException}, as that exception's
     * contract says ("Thrown instead of returning a silently non-finite result").
     *
     * <p>KNOWN CORE BUG (reported, not fixed here): {@code SpectralTransform}'s backward never
     * checks its result (seed 3 of {@code BatchGen.anything()}: FEATURES m=7 d=9, SHORT r=6,
     * 1 constant variable, κ=1e8.38, scale 1e-150, mean shift 1.57e3, p = 1 gives a gradient
     * with ±∞ entries; 582 of 3,000 generated cases at p in {1, 1.5}), and an overflowing forward
     * output is reported as {@code InvalidInputException} "ST output has a non-finite value …;
     * remove NaN/Inf before calling", which blames valid input (133 of 3,000).
     */

    @Test
    @Equation("E9")
    void nonFiniteResultsAreReportedNotReturned() {
        PropertyRunner.forAll("finite result or NonFiniteException, p in {1, 1.5}", 900,
                BatchGen.anything()::generate, b -> {
                    double p = b.random("p").nextBoolean() ? 1 : 1.5;
                    SpectralTransform st = new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.power(p),
                            Stabilisation.DEFAULT);
                    try {
                        Whitening w = st.forward(b.z());
                        Compare.assertFinite(st.describe() + " output", w.output());
                        Compare.assertFinite(st.describe() + " gradient", w.backward(
                                RandomMatrices.gaussian(b.z().numRows, b.z().numCols, b.random("grad"))));
                    } catch (NonFiniteException reported) {
                        // the contract: an honest, typed report
                    }
                });
    }

    /**
     * E9d/E25: the transformation and its spectrum report work at every scale, also where the
     * exact power-of-two frame is not used (a ridge ε &gt; 0 is not scale-free, so ST then works on
     * Σ as it is).
     *
     * <p>KNOWN CORE BUG (reported, not fixed here): EJML's symmetric eigendecomposition does not
     * converge on many matrices below about 1e-290 (random low-rank 8×8 Gram matrices: 3 to 10 of
     * 10 fail at each of 1e-292 … 1e-320), and on some structured ones far earlier (a rank-one
     * 56×56 Σ ≈ 1e-224, the centring residue of a constant batch at scale 1e-97, seed
     * -6655154698490378488 of {@code anything().withMaxN(64, 32)}), and {@code Mat.eigSymmetric}
     * passes Σ to it unscaled. The ridge path of ST's forward (Σ ≈ 1e-300 at batch scale 1e-150; smallest case
     * FEATURES m=6 d=8, DEFICIENT r=4, 3 constant variables, mean shift 0.222, seed
     * -7702113538091444756) and {@code report()}, which eigendecomposes the output covariance in
     * the natural frame (ridge whitening of a 1e-150 batch: output covariance ≈ 1e-297; smallest
     * case SAMPLES m=5 d=2, SHORT r=1, seed 1853789800150253375), then throw IllegalStateException
     * "symmetric eigendecomposition did not converge" on valid input. Scaling by 2^e before EJML and the eigenvalues back by 2^(−e) is exact
     * and removes the problem for the forward pass and the reports alike.
     */

    @Test
    @Equation({"E9", "E25"})
    void reportsWorkAtEveryScale() {
        PropertyRunner.forAll("forward and report() at every scale, ridge included", 900, BatchGen.anything()::generate,
                b -> {
                    // Ridge whitening at every scale (whitener() keeps the ridge to moderate scales).
                    Stabilisation s = b.random("ridge").nextBoolean() ? new Stabilisation(1e-3, 1) : Stabilisation.DEFAULT;
                    Whitener t = new SpectralTransform(b.mode(), b.divisor(), SpectrumFunctions.whitening(), s);
                    Whitening w = t.forward(b.z());
                    SpectrumReport r = w.report();
                    Compare.assertFinite(t.describe() + " report distance from identity", r.distanceFromIdentity());
                });
    }

    /**
     * INTL over two views of the same kind (both singular, both constant, …): loss and both
     * gradients finite. β is explicit (the rule refuses n ≤ 8); scales are kept to 1e±50 because
     * the alignment and trace losses are not scale-invariant in their outputs' squares.
     */
    @Test
    @Equation({"E9", "E13"})
    void intlIsFinite() {
        BatchGen gen = BatchGen.anything().withMaxScaleExp(150);
        PropertyRunner.forAll("INTL loss and gradients finite", 450, gen::generate, b -> {
            SplittableRandom rnd = b.random("params");
            DMatrixRMaj z2 = b.companion("view 2").z();
            IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(b.mode()).withDivisor(b.divisor())
                    .withIterations(rnd.nextInt(7)).withBeta(rnd.nextDouble(0, 0.1));
            WhiteningLoss.Result r = IntlLoss.compute(List.of(b.z(), z2), p);
            Compare.assertFinite("INTL loss", r.loss().value());
            for (int v = 0; v < 2; v++) {
                Compare.assertFinite("INTL gradient of view " + v, r.loss().gradient(v));
            }
            if (!(r.loss().value() >= -1e-12)) { // 2 − 2·cos rounds to −4e-16 when cos = 1
                throw new AssertionError("INTL loss " + r.loss().value() + " < 0");
            }
            Compare.assertFinite("alignment term", r.loss().terms().get("align"));
            Compare.assertFinite("max |gradient|", Mat.maxAbs(r.loss().gradient(0)));
        });
    }
}
