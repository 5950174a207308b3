package org.spectralssl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/** Each optimiser's first steps against the update rule written out by hand. */
class OptimizerTest {
    static Parameter param(Parameter.Kind kind, double... values) {
        return new Parameter(kind == Parameter.Kind.WEIGHT ? "w" : "b", kind, Tensor.of(values.clone(), 1, values.length));
    }

    static void setGrad(Parameter p, double... g) {
        for (int k = 0; k < g.length; k++) {
            p.grad().set(k, g[k]);
        }
    }

    @Test
    void sgdWithMomentumAndDecay() {
        Parameter w = param(Parameter.Kind.WEIGHT, 1.0);
        Sgd sgd = new Sgd(List.of(w), 0.9, 0.01, Optimizer.DecayScope.ALL);
        setGrad(w, 0.5);
        sgd.step(0.1);
        double g1 = 0.5 + 0.01 * 1.0; // ∇ + λw
        double b1 = g1; //               b = μ·0 + g
        double w1 = 1.0 - 0.1 * b1;
        assertEquals(w1, w.value().get(0), 1e-15);
        sgd.step(0.1); // the gradient is still 0.5
        double g2 = 0.5 + 0.01 * w1;
        double b2 = 0.9 * b1 + g2;
        assertEquals(w1 - 0.1 * b2, w.value().get(0), 1e-15);
        assertEquals(2, sgd.steps());
    }

    @Test
    void decayScopeExemptsBiasesAndNormParameters() {
        Parameter w = param(Parameter.Kind.WEIGHT, 2.0);
        Parameter b = param(Parameter.Kind.BIAS, 2.0);
        Parameter g = param(Parameter.Kind.NORM_SCALE, 2.0);
        new Sgd(List.of(w, b, g), 0, 0.1, Optimizer.DecayScope.WEIGHTS_ONLY).step(1);
        assertEquals(2.0 - 0.1 * 2.0, w.value().get(0), 1e-15, "decayed");
        assertEquals(2.0, b.value().get(0), 0, "bias exempt");
        assertEquals(2.0, g.value().get(0), 0, "γ exempt");
    }

    @Test
    void larsScalesWeightsByTheTrustRatioOnly() {
        Parameter w = param(Parameter.Kind.WEIGHT, 3, 4); // ‖w‖ = 5
        Parameter b = param(Parameter.Kind.BIAS, 3, 4);
        Lars lars = new Lars(List.of(w, b), 0.9, 0.0, 0.001);
        setGrad(w, 0.3, 0.4); // ‖g‖ = 0.5
        setGrad(b, 0.3, 0.4);
        lars.step(2.0);
        double q = 0.001 * 5 / 0.5;
        assertArrayEquals(new double[] {3 - 2 * q * 0.3, 4 - 2 * q * 0.4}, w.value().toDoubles(), 1e-15);
        assertArrayEquals(new double[] {3 - 2 * 0.3, 4 - 2 * 0.4}, b.value().toDoubles(), 1e-15, "no trust ratio");
    }

    @Test
    void larsAddsDecayBeforeTheNorm() {
        Parameter w = param(Parameter.Kind.WEIGHT, 3, 4);
        Lars lars = new Lars(List.of(w), 0, 0.1, 0.01);
        setGrad(w, 0, 0); // g = λw = [0.3, 0.4], ‖g‖ = 0.5
        lars.step(1);
        double q = 0.01 * 5 / 0.5;
        assertArrayEquals(new double[] {3 - q * 0.3, 4 - q * 0.4}, w.value().toDoubles(), 1e-15);
    }

    @Test
    void larsKeepsQEqualToOneForZeroWeights() {
        Parameter w = param(Parameter.Kind.WEIGHT, 0, 0);
        Lars lars = new Lars(List.of(w), 0, 0.1, 0.001);
        setGrad(w, 1, -1);
        lars.step(0.5);
        assertArrayEquals(new double[] {-0.5, 0.5}, w.value().toDoubles(), 1e-15);
    }

    @Test
    void adamTwoStepsByHand() {
        Parameter w = param(Parameter.Kind.WEIGHT, 1.0);
        Adam adam = new Adam(List.of(w), 0.9, 0.999, 1e-8, 0, Adam.Decay.L2, Optimizer.DecayScope.ALL);
        setGrad(w, 0.2);
        adam.step(0.01);
        double m1 = 0.1 * 0.2, v1 = 0.001 * 0.04;
        double w1 = 1.0 - 0.01 * (m1 / 0.1) / (Math.sqrt(v1 / 0.001) + 1e-8); // ≈ 1 − 0.01
        assertEquals(w1, w.value().get(0), 1e-15);
        setGrad(w, -0.1);
        adam.step(0.01);
        double m2 = 0.9 * m1 + 0.1 * -0.1, v2 = 0.999 * v1 + 0.001 * 0.01;
        double w2 = w1 - 0.01 * (m2 / (1 - 0.81)) / (Math.sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(w2, w.value().get(0), 1e-15);
    }

    @Test
    void adamWDecouplesTheDecayFromTheAdaptiveStep() {
        Parameter a = param(Parameter.Kind.WEIGHT, 2.0);
        Parameter b = param(Parameter.Kind.WEIGHT, 2.0);
        Adam l2 = new Adam(List.of(a), 0.1, Adam.Decay.L2);
        Adam decoupled = new Adam(List.of(b), 0.1, Adam.Decay.DECOUPLED);
        setGrad(a, 0.5);
        setGrad(b, 0.5);
        l2.step(0.01);
        decoupled.step(0.01);
        double g = 0.5 + 0.1 * 2.0; // L2: the decay is inside the normalised step, which is ≈ sign(g) at t = 1
        assertEquals(2.0 - 0.01 * g / (Math.abs(g) + 1e-8), a.value().get(0), 1e-15);
        double shrunk = 2.0 - 0.01 * 0.1 * 2.0; // AdamW: decay outside
        assertEquals(shrunk - 0.01 * 0.5 / (0.5 + 1e-8), b.value().get(0), 1e-15);
    }

    @Test
    void aNonFiniteGradientChangesNothing() {
        Parameter w1 = param(Parameter.Kind.WEIGHT, 1, 2);
        Parameter w2 = param(Parameter.Kind.WEIGHT, 3);
        setGrad(w1, 0.1, 0.1);
        setGrad(w2, Double.NaN);
        for (Optimizer o : List.of(new Sgd(List.of(w1, w2), 0.9, 0, Optimizer.DecayScope.ALL),
                new Lars(List.of(w1, w2), 0.9, 0, 0.001), new Adam(List.of(w1, w2), 0, Adam.Decay.L2))) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> o.step(0.1));
            assertEquals("gradient of w is NaN at index 0 in step 1; no parameter was updated (lower the learning rate "
                    + "or check the loss)", e.getMessage());
            assertArrayEquals(new double[] {1, 2}, w1.value().toDoubles());
            assertEquals(0, o.steps());
        }
    }

    @Test
    void floatParametersAreRoundedWhenStored() {
        Parameter w = new Parameter("w", Parameter.Kind.WEIGHT, Tensor.of(new float[] {1f}, 1, 1));
        w.grad().set(0, 1e-9);
        new Sgd(List.of(w), 0, 0, Optimizer.DecayScope.ALL).step(1);
        assertEquals(1f, w.value().floats()[0], "1 − 10⁻⁹ rounds to 1 in float");
    }

    @Test
    void badHyperParameters() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Sgd(List.of(), 1.5, 0, Optimizer.DecayScope.ALL));
        assertEquals("momentum must be in [0.0, 1.0], got 1.5", e.getMessage());
        assertThrows(InvalidInputException.class, () -> new Adam(List.of(), Double.NaN, Adam.Decay.L2));
        assertThrows(InvalidInputException.class, () -> new Lars(List.of(), 0.9, 0, 0));
    }

    @Test
    void paperLearningRateScalesWithTheBatch() {
        assertEquals(0.3, Sgd.paperLearningRate(256), 0);
        assertEquals(0.3 * 512 / 256, Sgd.paperLearningRate(512), 0);
        assertTrue(Sgd.paperLearningRate(128) < 0.3);
    }
}
