package org.spectralssl.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.spec.Equation;
import org.spectralssl.testing.FiniteDifference;

@Equation("E25")
class SpectrumReportTest {
    @Test
    void effectiveRankAndConditionNumberByFormula() {
        assertEquals(5, SpectrumReport.effectiveRank(new double[] {2, 2, 2, 2, 2}), 1e-14);
        assertEquals(1, SpectrumReport.effectiveRank(new double[] {0, 0, 3}), 1e-15);
        // p = (1/4, 3/4): exp(−(¼ ln ¼ + ¾ ln ¾)).
        double h = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        assertEquals(Math.exp(h), SpectrumReport.effectiveRank(new double[] {1, 3}), 1e-15);
        // Negative rounding noise counts as zero.
        assertEquals(1, SpectrumReport.effectiveRank(new double[] {-1e-17, 4}), 1e-15);
        assertEquals(0, SpectrumReport.effectiveRank(new double[] {0, 0}));
        assertEquals(100, SpectrumReport.conditionNumber(new double[] {0.5, 50}), 1e-13);
        assertEquals(Double.POSITIVE_INFINITY, SpectrumReport.conditionNumber(new double[] {0, 1}));
    }

    @Test
    void whiteningReportOnAFullRankBatch() {
        DMatrixRMaj z = FiniteDifference.gaussian(200, 6, new SplittableRandom(3));
        Whitening w = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.whitening()).forward(z);
        SpectrumReport r = w.report();
        assertEquals(6, r.eigenvaluesIn().length);
        assertEquals(r.eigenvaluesIn()[5] / r.eigenvaluesIn()[0], r.conditionNumber(), 1e-12 * r.conditionNumber());
        assertTrue(r.distanceFromIdentity() < 1e-13, "whitened output: " + r.distanceFromIdentity());
        assertTrue(r.distanceFromTarget() < 1e-13, "numerical error: " + r.distanceFromTarget());
        assertEquals(6, r.effectiveRankOut(), 1e-12);
        assertEquals(0, r.flooredEigenvalues());
        assertEquals(0, r.actions().size());
    }

    @Test
    void iterNormReportTargetsHOfTheNormalisedSpectrum() {
        DMatrixRMaj z = FiniteDifference.gaussian(40, 5, new SplittableRandom(4));
        Whitening w = new IterNorm(WhiteningMode.FEATURES, Divisor.UNBIASED, 3).forward(z);
        SpectrumReport r = w.report();
        double tau = 0;
        for (double v : r.eigenvaluesIn()) {
            tau += v;
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(IterNormPolynomial.h(3, r.eigenvaluesIn()[i] / tau), r.eigenvaluesOut()[i], 1e-13);
        }
        assertTrue(r.distanceFromTarget() < 1e-13, "numerical error: " + r.distanceFromTarget());
    }

    @Test
    void ridgeIsReported() {
        DMatrixRMaj z = FiniteDifference.gaussian(30, 4, new SplittableRandom(5));
        Whitening w = new SpectralTransform(WhiteningMode.FEATURES, Divisor.UNBIASED, SpectrumFunctions.whitening(),
                new Stabilisation(1e-3, 1)).forward(z);
        assertEquals(1, w.report().actions().size());
        assertTrue(w.report().actions().get(0).startsWith("ridge"), w.report().actions().get(0));
    }
}
