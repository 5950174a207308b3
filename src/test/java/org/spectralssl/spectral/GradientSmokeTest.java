package org.spectralssl.spectral;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.spec.Equation;
import org.spectralssl.testing.FiniteDifference;

/** Full-rank shapes (k − 1 ≥ n in both modes), where every function here is smooth. */
class GradientSmokeTest {
    private static int rows(WhiteningMode mode) {
        return mode == WhiteningMode.FEATURES ? 12 : 5;
    }

    private static int cols(WhiteningMode mode) {
        return mode == WhiteningMode.FEATURES ? 5 : 12;
    }

    @Test
    @Equation({"E8", "E13", "E17", "E18", "E19", "E20", "E21"})
    void intlAndStGradientsMatchFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (int t : new int[] {0, 1, 4}) {
                DMatrixRMaj z1 = FiniteDifference.gaussian(rows(mode), cols(mode), rnd);
                DMatrixRMaj z2 = FiniteDifference.gaussian(rows(mode), cols(mode), rnd);
                IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(mode).withIterations(t).withBeta(0.05);
                WhiteningLoss.Result r = IntlLoss.compute(z1, z2, p);
                var c = FiniteDifference.directional(x -> IntlLoss.compute(x.get(0), x.get(1), p).loss().value(),
                        List.of(z1, z2), r.loss().gradients(), rnd, 1e-4);
                System.out.println("INTL " + mode + " T=" + t + ": " + c);
                assertTrue(c.relativeError() < 1e-7, c.toString());
            }
            for (SpectrumFunction g : List.of(SpectrumFunctions.whitening(), SpectrumFunctions.power(0.25),
                    SpectrumFunctions.exp(-0.3), SpectrumFunctions.custom("log1p", Math::log1p, x -> 1 / (1 + x)))) {
                SpectralTransform st = new SpectralTransform(mode, g);
                DMatrixRMaj z1 = FiniteDifference.gaussian(rows(mode), cols(mode), rnd);
                DMatrixRMaj z2 = FiniteDifference.gaussian(rows(mode), cols(mode), rnd);
                WhiteningLoss.Result r = WhiteningLoss.compute(List.of(z1, z2), st, 0.1);
                var c = FiniteDifference.directional(x -> WhiteningLoss.compute(x, st, 0.1).loss().value(),
                        List.of(z1, z2), r.loss().gradients(), rnd, 1e-4);
                System.out.println("ST " + g.describe() + " " + mode + ": " + c);
                assertTrue(c.relativeError() < 1e-7, c.toString());
            }
        }
    }
}
