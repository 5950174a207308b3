package org.spectralssl.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.nn.Encoders;
import org.spectralssl.nn.Mode;
import org.spectralssl.nn.Pass;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Sequential;
import org.spectralssl.nn.Tensor;

/**
 * nn and optim together: each optimiser fits a small float32 MLP to a fixed random linear map
 * under mean squared error, L = ‖y − t‖²/(m·o), dL/dy = 2(y − t)/(m·o), and must cut the loss
 * by 10× in 300 steps.
 */
class TrainingSmokeTest {
    static double fit(java.util.function.Function<Sequential, Optimizer> make, LrSchedule lr) {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 64, in = 8, out = 4;
        Sequential net = new Sequential(Encoders.mlp(in, new int[] {32}, Precision.FLOAT32, rnd),
                new org.spectralssl.nn.Linear(32, out, true, Precision.FLOAT32, rnd));
        float[] x = new float[m * in];
        float[] a = new float[in * out];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rnd.nextDouble(-1, 1);
        }
        for (int k = 0; k < a.length; k++) {
            a[k] = (float) rnd.nextDouble(-1, 1);
        }
        float[] t = new float[m * out];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < out; j++) {
                for (int p = 0; p < in; p++) {
                    t[r * out + j] += x[r * in + p] * a[p * out + j];
                }
            }
        }
        Tensor xt = Tensor.of(x, m, in);
        Optimizer opt = make.apply(net);
        double first = Double.NaN, last = Double.NaN;
        for (int s = 0; s < 300; s++) {
            net.zeroGrad();
            Pass p = net.forward(xt, Mode.TRAIN);
            float[] y = p.output().floats();
            float[] dy = new float[y.length];
            double loss = 0;
            for (int k = 0; k < y.length; k++) {
                double e = y[k] - t[k];
                loss += e * e / y.length;
                dy[k] = (float) (2 * e / y.length);
            }
            p.backward(Tensor.of(dy, m, out), false);
            opt.step(lr.at(s));
            if (s == 0) {
                first = loss;
            }
            last = loss;
        }
        return last / first;
    }

    @Test
    void everyOptimiserFitsASmallRegression() {
        double sgd = fit(n -> new Sgd(n.parameters(), 0.9, 1e-4, Optimizer.DecayScope.ALL),
                new WarmupCosine(0.05, 10, 300, 0.01));
        double lars = fit(n -> new Lars(n.parameters(), 0.9, 1e-6, 0.02), new WarmupCosine(0.5, 10, 300, 0.01));
        double adam = fit(n -> new Adam(n.parameters(), 0, Adam.Decay.L2), LrSchedule.constant(3e-3));
        double adamw = fit(n -> new Adam(n.parameters(), 1e-2, Adam.Decay.DECOUPLED), LrSchedule.constant(3e-3));
        for (double r : List.of(sgd, lars, adam, adamw)) {
            assertTrue(r < 0.1, "final/initial loss: SGD " + sgd + ", LARS " + lars + ", Adam " + adam + ", AdamW " + adamw);
        }
    }
}
