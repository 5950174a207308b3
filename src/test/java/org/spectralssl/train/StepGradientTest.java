package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;

/**
 * The whole step (encoder, projector, objective, and back) against central finite differences, in
 * FLOAT64 on a tiny network: 4×4 images, MLP 16-10, projector 10-10-6, m = 12, two views. The
 * directional derivative of L along a random direction V of all parameters at once is compared with
 * Richardson-extrapolated central differences.
 */
class StepGradientTest {
    static double check(String method, Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("method", method, "hidden", "10",
                "projector-hidden", "10", "projector-out", "6", "seed", "3"));
        m.putAll(extra);
        TrainConfig c = TrainConfig.with(TrainConfig.DEFAULTS, m, "test");
        Model model = Model.build(c, 4, 4, Precision.FLOAT64);
        SplittableRandom rnd = new SplittableRandom(11);
        List<Tensor> views = new ArrayList<>();
        for (int v = 0; v < 2; v++) {
            double[] x = new double[12 * 16];
            for (int k = 0; k < x.length; k++) {
                x[k] = rnd.nextDouble();
            }
            views.add(Tensor.of(x, 12, 16));
        }
        Step.run(model, views, c.method(), c.objective());
        List<Parameter> params = model.parameters();
        List<double[]> dirs = new ArrayList<>();
        double analytic = 0;
        for (Parameter p : params) {
            double[] d = new double[p.value().size()];
            for (int k = 0; k < d.length; k++) {
                d[k] = rnd.nextGaussian();
                analytic += d[k] * p.grad().get(k);
            }
            dirs.add(d);
        }
        double h = 1e-5;
        java.util.function.DoubleSupplier loss = () -> Step.run(model, views, c.method(), c.objective()).loss().value();
        double d1 = DirectionalDifference.central(loss, params, dirs, h);
        double d2 = DirectionalDifference.central(loss, params, dirs, h / 2);
        double numeric = (4 * d2 - d1) / 3;
        double rel = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
        assertTrue(rel < 1e-6, method + ": analytic " + analytic + ", numeric " + numeric + ", relative error " + rel);
        return rel;
    }

    @Test
    void intlStepMatchesFiniteDifferences() {
        check("intl", Map.of("mode", "samples"));
        // d = 6 is below the β rule's range (n ≤ 8), so β is given.
        check("intl", Map.of("mode", "features", "beta", "0.05"));
    }

    @Test
    void stAndBaselineStepsMatchFiniteDifferences() {
        check("st", Map.of());
        check("barlow-twins", Map.of());
        check("vicreg", Map.of());
        check("wmse", Map.of());
    }
}
