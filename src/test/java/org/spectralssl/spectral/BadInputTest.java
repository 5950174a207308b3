package org.spectralssl.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.loss.AlignmentLoss;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.spec.Equation;

/** Every public entry point refuses bad input with one line that names the problem. */
class BadInputTest {
    private static DMatrixRMaj batch(int m, int d) {
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        for (int i = 0; i < z.getNumElements(); i++) {
            z.data[i] = Math.sin(1.7 * i + 0.3) + 0.01 * i;
        }
        return z;
    }

    private static void oneLine(Class<? extends Throwable> type, Executable call, String mustContain) {
        Throwable t = assertThrows(type, call);
        assertFalse(t.getMessage().contains("\n"), "message has several lines: " + t.getMessage());
        assertTrue(t.getMessage().contains(mustContain), "'" + t.getMessage() + "' does not mention " + mustContain);
    }

    @Test
    void nonFiniteInputIsRefusedWithItsPosition() {
        DMatrixRMaj z = batch(6, 4);
        z.set(2, 3, Double.NaN);
        for (Whitener w : List.of(new IterNorm(WhiteningMode.SAMPLES), new SpectralTransform(WhiteningMode.FEATURES,
                SpectrumFunctions.whitening()))) {
            oneLine(InvalidInputException.class, () -> w.forward(z), "[2, 3]");
        }
        z.set(2, 3, Double.POSITIVE_INFINITY);
        oneLine(InvalidInputException.class, () -> TraceLoss.value(z, WhiteningMode.SAMPLES, Divisor.UNBIASED),
                "non-finite");
    }

    @Test
    void shapesMustAgree() {
        oneLine(InvalidInputException.class, () -> AlignmentLoss.compute(batch(4, 3), batch(4, 2)), "[4, 3]");
        oneLine(InvalidInputException.class,
                () -> IntlLoss.compute(batch(16, 20), batch(15, 20), IntlLoss.Params.DEFAULTS), "shape");
        Whitening w = new IterNorm(WhiteningMode.FEATURES).forward(batch(8, 3));
        oneLine(InvalidInputException.class, () -> w.backward(batch(3, 8)), "shape");
    }

    @Test
    void aBatchOfOneHasNoCovariance() {
        oneLine(InvalidInputException.class, () -> new IterNorm(WhiteningMode.FEATURES).forward(batch(1, 5)),
                "at least 2 observations");
        // In samples mode the observations are the d features: d = 1 cannot be centred per sample.
        oneLine(InvalidInputException.class, () -> new IterNorm(WhiteningMode.SAMPLES).forward(batch(5, 1)),
                "at least 2 observations");
    }

    @Test
    void invalidParameters() {
        oneLine(InvalidInputException.class, () -> new IterNorm(WhiteningMode.SAMPLES, Divisor.UNBIASED, -1), "T");
        oneLine(InvalidInputException.class, () -> new Stabilisation(-1e-3, 1), "eps");
        oneLine(InvalidInputException.class, () -> new Stabilisation(0, Double.NaN), "floorUlps");
        oneLine(InvalidInputException.class, () -> SpectrumFunctions.power(Double.POSITIVE_INFINITY), "p");
        oneLine(InvalidInputException.class, () -> IntlLoss.Params.DEFAULTS.withBeta(-0.1), "beta");
        oneLine(InvalidInputException.class, () -> WhiteningMode.parse("channel"), "samples");
        oneLine(InvalidInputException.class, () -> Divisor.parse("n-1"), "unbiased");
        oneLine(InvalidInputException.class,
                () -> WhiteningLoss.compute(List.of(batch(4, 4)), new IterNorm(WhiteningMode.SAMPLES), 0.1),
                "at least 2 views");
        // n = m = 8 in samples mode: the β rule gives 0 and is refused.
        oneLine(InvalidInputException.class,
                () -> IntlLoss.compute(batch(8, 20), batch(8, 20), IntlLoss.Params.DEFAULTS), "explicit beta");
    }

    @Test
    @Equation("E9")
    void singularCovarianceWithoutFloorIsAnErrorNotANaN() {
        // m = 4 ≤ d = 6: the d×d covariance has rank 3.
        SpectralTransform bare = new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED,
                SpectrumFunctions.whitening(), Stabilisation.NONE);
        oneLine(NonFiniteException.class, () -> bare.forward(batch(4, 6)), "floorUlps");
        // With the default floor the same batch gives a finite result, and the report says what acted.
        Whitening w = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.whitening()).forward(batch(4, 6));
        assertEquals(3, w.report().flooredEigenvalues());
        assertEquals(1, w.report().actions().size());
        assertTrue(w.report().actions().get(0).startsWith("eigenvalue floor raised 3 of 6"),
                w.report().actions().get(0));
    }

    @Test
    @Equation("E9")
    void constantBatchIsGuardedAndReported() {
        DMatrixRMaj z = new DMatrixRMaj(5, 3);
        z.fill(2.5);
        for (Whitener w : List.of(new IterNorm(WhiteningMode.SAMPLES), new IterNorm(WhiteningMode.FEATURES),
                new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.whitening()))) {
            Whitening r = w.forward(z);
            assertEquals(0, org.spectralssl.linalg.Mat.maxAbs(r.output()), w.describe());
            assertTrue(r.report().zeroTraceGuard(), w.describe());
            assertTrue(r.report().actions().get(0).startsWith("zero-trace guard"), w.describe());
            assertEquals(0, org.spectralssl.linalg.Mat.maxAbs(r.backward(batch(5, 3))), w.describe());
        }
        // A ridge makes the function finite at Σ = 0, so no guard is needed: the gradient is defined.
        Whitening ridge = new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED, SpectrumFunctions.whitening(),
                new Stabilisation(1e-4, 1)).forward(z);
        assertFalse(ridge.report().zeroTraceGuard());
        assertEquals(0, org.spectralssl.linalg.Mat.maxAbs(ridge.output()));
    }

    private static List<Whitener> whiteners(WhiteningMode mode) {
        return List.of(new IterNorm(mode), new SpectralTransform(mode, SpectrumFunctions.whitening()),
                new SpectralTransform(mode, SpectrumFunctions.power(1.0)));
    }

    private static void assertFiniteEverywhere(Whitener w, DMatrixRMaj z) {
        Whitening r = w.forward(z);
        String what = w.describe();
        assertTrue(Double.isFinite(org.spectralssl.linalg.Mat.maxAbs(r.output())), what + " output");
        assertTrue(Double.isFinite(org.spectralssl.linalg.Mat.maxAbs(r.backward(batch(z.numRows, z.numCols)))),
                what + " gradient");
        assertTrue(Double.isFinite(r.report().distanceFromIdentity()), what + " report");
    }

    /** Catalogue: constant features (a column with zero variance) are floored or absorbed, never NaN. */
    @Test
    @Equation("E9")
    void constantFeaturesGiveFiniteResultsAndAReport() {
        DMatrixRMaj z = batch(12, 5);
        for (int i = 0; i < 12; i++) {
            z.set(i, 2, 7.0);
            z.set(i, 4, -1.0);
        }
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (Whitener w : whiteners(mode)) {
                assertFiniteEverywhere(w, z);
            }
        }
        Whitening st = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.whitening()).forward(z);
        assertEquals(2, st.report().flooredEigenvalues(), st.report().actions().toString());
    }

    /** Catalogue: fewer samples than features (m &lt; d): the covariance is singular; finite, and the floor says so. */
    @Test
    @Equation("E9")
    void fewerSamplesThanFeaturesIsFinite() {
        DMatrixRMaj z = batch(6, 20);
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (Whitener w : whiteners(mode)) {
                assertFiniteEverywhere(w, z);
            }
        }
        Whitening st = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.whitening()).forward(z);
        // rank at most m − 1 = 5 of 20 (this batch's sines have rank 3): at least 15 raised
        assertTrue(st.report().flooredEigenvalues() >= 15, st.report().actions().toString());
    }

    /** Catalogue: data at scales 1e±150 (squares over- and underflow a double): whitening is finite and scale-free. */
    @Test
    @Equation("E9")
    void extremeScalesAreFiniteAndWhiteningIgnoresThem() {
        DMatrixRMaj z = batch(16, 4);
        DMatrixRMaj ref = new IterNorm(WhiteningMode.FEATURES).forward(z).output();
        for (double scale : new double[] {1e150, 1e-150}) {
            DMatrixRMaj big = z.copy();
            org.ejml.dense.row.CommonOps_DDRM.scale(scale, big);
            for (WhiteningMode mode : WhiteningMode.values()) {
                for (Whitener w : whiteners(mode)) {
                    assertFiniteEverywhere(w, big);
                }
            }
            DMatrixRMaj out = new IterNorm(WhiteningMode.FEATURES).forward(big).output();
            for (int i = 0; i < out.getNumElements(); i++) {
                assertEquals(ref.data[i], out.data[i], 1e-9 * (1 + Math.abs(ref.data[i])), "scale " + scale);
            }
        }
    }
}
