package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;

/**
 * {@code loss-precision = float32}: one step of the float32 network with the loss in float32
 * ({@code loss/IntlLossF32}) against the same step with the float64 loss, from the same weights and
 * batch. Tolerance model: the loss sees the same float32 projector outputs either way, so its value
 * agrees to float32's rounding amplified by T Newton steps (1e-5 relative), and every parameter
 * gradient to 1e-3 of its largest entry (IntlLossF32Test holds dL/dZ to 1e-4; the backward through
 * the network adds float32 rounding of its own); a gradient that is exactly 0 (the last bias in
 * features mode) only to 1e-6 of the largest gradient entry. The terms carry the same names.
 * Counted: methods × modes.
 */
class Float32LossStepTest {
    private static Model model(TrainConfig c) {
        return Model.build(c, 8, 8, Precision.FLOAT32);
    }

    @Test
    void agreesWithTheFloat64Loss() {
        int cases = 0;
        for (String method : new String[] {"intl", "iternorm"}) {
            for (String mode : new String[] {"samples", "features"}) {
                Map<String, String> o = new HashMap<>(Map.of("method", method, "mode", mode, "hidden", "48",
                        "projector-hidden", "32", "projector-out", "16", "seed", "5"));
                TrainConfig c64 = TrainConfig.with(TrainConfig.DEFAULTS, o, "test");
                o.put("loss-precision", "float32");
                TrainConfig c32 = TrainConfig.with(TrainConfig.DEFAULTS, o, "test");
                assertTrue(c32.objective().float32Loss());
                SplittableRandom rnd = new SplittableRandom(9);
                List<Tensor> views = new ArrayList<>();
                for (int v = 0; v < 2; v++) {
                    float[] x = new float[40 * 64];
                    for (int k = 0; k < x.length; k++) {
                        x[k] = (float) rnd.nextDouble();
                    }
                    views.add(Tensor.of(x, 40, 64));
                }
                Model a = model(c64);
                Model b = model(c32);
                Method.Evaluation e64 = Step.run(a, views, c64.method(), c64.objective());
                Method.Evaluation e32 = Step.run(b, views, c32.method(), c32.objective());
                String what = method + " " + mode;
                double rel = Math.abs(e32.loss().value() - e64.loss().value()) / Math.abs(e64.loss().value());
                assertTrue(rel <= 1e-5, what + ": loss " + e32.loss().value() + " vs " + e64.loss().value());
                assertEquals(e64.loss().terms().keySet(), e32.loss().terms().keySet(), what + ": terms");
                assertTrue(e32.whitenings().isEmpty(), what + ": the float32 loss makes no whitening reports");
                List<Parameter> pa = a.parameters();
                List<Parameter> pb = b.parameters();
                double global = 0;
                for (Parameter p : pa) {
                    for (int k = 0; k < p.grad().size(); k++) {
                        global = Math.max(global, Math.abs(p.grad().get(k)));
                    }
                }
                for (int i = 0; i < pa.size(); i++) {
                    double max = 0;
                    double err = 0;
                    for (int k = 0; k < pa.get(i).grad().size(); k++) {
                        max = Math.max(max, Math.abs(pa.get(i).grad().get(k)));
                        err = Math.max(err, Math.abs(pa.get(i).grad().get(k) - pb.get(i).grad().get(k)));
                    }
                    // The projector's last bias has an exact gradient of 0 in features mode (the centring
                    // cancels it): both sides hold rounding noise, held to 1e-6 of the largest gradient entry.
                    double bound = max < 1e-4 * global ? 1e-6 * global : 1e-3 * max;
                    assertTrue(err <= bound, what + ": gradient of " + pa.get(i).name() + " off by " + err + " of "
                            + max + " (largest entry of any gradient " + global + ")");
                }
                cases++;
            }
        }
        assertEquals(4, cases);
    }

    @Test
    void refusedWhereItDoesNotApply() {
        for (String method : new String[] {"st", "wmse", "vicreg", "barlow-twins", "intl-ema"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainConfig.with(
                    TrainConfig.DEFAULTS, Map.of("method", method, "loss-precision", "float32"), "test"));
            assertTrue(e.getMessage().contains("applies to intl and iternorm"), e.getMessage());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainConfig.with(
                TrainConfig.DEFAULTS, Map.of("loss-precision", "float16"), "test"));
        assertTrue(e.getMessage().contains("float64 or float32"), e.getMessage());
        assertEquals("float64", TrainConfig.DEFAULTS.toMap().get("loss-precision"));
    }
}
