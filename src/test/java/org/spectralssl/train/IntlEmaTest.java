package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;

/** The EMA-target variant of INTL: its loss, its gradient through the whole step, the EMA schedule, a run. */
class IntlEmaTest {
    @TempDir
    Path tmp;

    private static DMatrixRMaj random(int m, int d, SplittableRandom rnd) {
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        for (int k = 0; k < z.data.length; k++) {
            z.data[k] = rnd.nextGaussian();
        }
        return z;
    }

    @Test
    void targetViewGetsNoGradientAndTheAlignmentMatchesIntl() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<DMatrixRMaj> z = List.of(random(16, 12, rnd), random(16, 12, rnd));
        Method.Evaluation ema = Method.INTL_EMA.evaluate(z, Method.Settings.DEFAULTS);
        Method.Evaluation intl = Method.INTL.evaluate(z, Method.Settings.DEFAULTS);
        for (double g : ema.loss().gradient(0).data) {
            assertEquals(0.0, g);
        }
        // Same whitening, same alignment term; the trace loss counts the online view only.
        assertEquals(intl.loss().terms().get("align"), ema.loss().terms().get("align"), 1e-12);
        double beta = ema.loss().terms().get("beta");
        assertEquals(IntlLoss.betaRule(16), beta, 0);
        assertEquals(ema.loss().terms().get("align") + beta * ema.loss().terms().get("trace1"), ema.loss().value(),
                1e-9);
        // More threads, the same numbers.
        Method.Evaluation par = Method.INTL_EMA.evaluate(z, Method.Settings.DEFAULTS, 2);
        assertEquals(ema.loss().value(), par.loss().value(), 0);
        assertTrue(java.util.Arrays.equals(ema.loss().gradient(1).data, par.loss().gradient(1).data));
    }

    /** The online network's gradient against finite differences, with a target of other weights held fixed. */
    @Test
    void onlineStepMatchesFiniteDifferences() {
        Map<String, String> m = Map.of("method", "intl-ema", "hidden", "10", "projector-hidden", "10",
                "projector-out", "6", "seed", "3", "views", "3", "mode", "samples");
        TrainConfig c = TrainConfig.with(TrainConfig.DEFAULTS, m, "test");
        Model online = Model.build(c, 4, 4, Precision.FLOAT64);
        Model target = Model.build(TrainConfig.with(c, Map.of("seed", "4"), "test"), 4, 4, Precision.FLOAT64);
        SplittableRandom rnd = new SplittableRandom(11);
        List<Tensor> views = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            double[] x = new double[12 * 16];
            for (int k = 0; k < x.length; k++) {
                x[k] = rnd.nextDouble();
            }
            views.add(Tensor.of(x, 12, 16));
        }
        Step.run(online, target, views, c.method(), c.objective(), 1);
        List<Parameter> params = online.parameters();
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
        for (Parameter p : target.parameters()) {
            for (int k = 0; k < p.grad().size(); k++) {
                assertEquals(0.0, p.grad().get(k), p.name());
            }
        }
        double h = 1e-5;
        java.util.function.DoubleSupplier loss = () -> Step.run(online, target, views, c.method(), c.objective(), 1).loss().value();
        double d1 = DirectionalDifference.central(loss, params, dirs, h);
        double d2 = DirectionalDifference.central(loss, params, dirs, h / 2);
        double numeric = (4 * d2 - d1) / 3;
        double rel = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
        assertTrue(rel < 1e-6, "analytic " + analytic + ", numeric " + numeric + ", relative error " + rel);
    }

    @Test
    void momentumRisesFromItsStartToOneOnACosineAndTheTargetAverages() {
        assertEquals(0.996, EmaTarget.momentum(0.996, 0, 100), 1e-15);
        assertEquals(1 - 0.004 / 2, EmaTarget.momentum(0.996, 50, 100), 1e-15);
        assertEquals(1.0, EmaTarget.momentum(0.996, 100, 100), 1e-15);
        for (int k = 1; k <= 100; k++) {
            assertTrue(EmaTarget.momentum(0.996, k, 100) >= EmaTarget.momentum(0.996, k - 1, 100));
        }

        TrainConfig c = Tiny.config("intl-ema");
        Model online = Model.build(c, 28, 28, Precision.FLOAT64);
        Model fresh = Model.build(TrainConfig.with(c, Map.of("seed", "8"), "test"), 28, 28, Precision.FLOAT64);
        EmaTarget ema = new EmaTarget(online, fresh, 0.5, 4);
        Parameter o = online.parameters().get(0);
        Parameter t = ema.model().parameters().get(0);
        assertEquals(o.value().get(3), t.value().get(3), 0); // starts as a copy
        double before = t.value().get(3);
        o.value().add(3, 1.0);
        double tau = ema.update(2); // τ = 1 − 0.5·(cos(π/2) + 1)/2 = 0.75
        assertEquals(0.75, tau, 1e-15);
        assertEquals(0.75 * before + 0.25 * (before + 1.0), t.value().get(3), 1e-12);
    }

    @Test
    void aTinyRunIsReproducible() throws java.io.IOException {
        TrainConfig c = Tiny.config("intl-ema");
        TrainData d = Tiny.data(c);
        Map<String, Object> a = Trainer.run(c, d, tmp.resolve("a"), new Trainer.Options(2, null));
        Map<String, Object> b = Trainer.run(c, d, tmp.resolve("b"), new Trainer.Options(1, null));
        a.remove("seconds");
        b.remove("seconds");
        assertEquals(a, b);
        assertEquals("intl-ema", a.get("method"));
        assertTrue(Double.isFinite(((Number) a.get("final_loss")).doubleValue()));
    }
}
