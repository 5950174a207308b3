package org.spectralssl.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Central finite differences for a layer in FLOAT64, one target at a time (the input, then each
 * parameter). The scalar is L = ⟨G, y⟩ for a fixed random G, so dL/dy = G; the analytic
 * directional derivative ⟨∇L, V⟩ along a random V is compared with Richardson-extrapolated
 * central differences (error O(h⁴)).
 */
final class GradCheck {
    private GradCheck() {}

    record Result(String target, double analytic, double numeric) {
        double relativeError() {
            double s = Math.max(Math.abs(analytic), Math.abs(numeric));
            return s == 0 ? 0 : Math.abs(analytic - numeric) / s;
        }

        @Override
        public String toString() {
            return target + ": analytic " + analytic + ", numeric " + numeric + ", relative error " + relativeError();
        }
    }

    static List<Result> check(Layer layer, Tensor x, Mode mode, SplittableRandom rnd) {
        Pass pass = layer.forward(x, mode);
        Tensor g = randomLike(pass.output(), rnd);
        layer.zeroGrad();
        Tensor dx = pass.backward(g);
        List<Result> out = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        List<String> names = new ArrayList<>();
        targets.add(x);
        grads.add(dx);
        names.add("input");
        for (Parameter p : layer.parameters()) {
            targets.add(p.value());
            grads.add(p.grad().copy());
            names.add(p.name());
        }
        for (int t = 0; t < targets.size(); t++) {
            Tensor v = randomLike(targets.get(t), rnd);
            double analytic = dot(grads.get(t), v);
            double h = 1e-6; // small enough that no ReLU or max-pool kink is crossed (inputs are O(1))
            double d1 = central(layer, x, mode, g, targets.get(t), v, h);
            double d2 = central(layer, x, mode, g, targets.get(t), v, h / 2);
            out.add(new Result(names.get(t), analytic, (4 * d2 - d1) / 3));
        }
        return out;
    }

    private static double central(Layer layer, Tensor x, Mode mode, Tensor g, Tensor target, Tensor v, double h) {
        shift(target, v, h);
        double plus = dot(g, layer.forward(x, mode).output());
        shift(target, v, -2 * h);
        double minus = dot(g, layer.forward(x, mode).output());
        shift(target, v, h);
        return (plus - minus) / (2 * h);
    }

    private static void shift(Tensor t, Tensor v, double h) {
        for (int k = 0; k < t.size(); k++) {
            t.set(k, t.get(k) + h * v.get(k));
        }
    }

    static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) {
            s += a.get(k) * b.get(k);
        }
        return s;
    }

    static Tensor randomLike(Tensor t, SplittableRandom rnd) {
        Tensor r = t.zerosLike();
        for (int k = 0; k < r.size(); k++) {
            r.set(k, rnd.nextDouble(-1, 1));
        }
        return r;
    }

    static Tensor random(Precision p, SplittableRandom rnd, int rows, int... shape) {
        return randomLike(Tensor.zeros(p, rows, shape), rnd);
    }
}
