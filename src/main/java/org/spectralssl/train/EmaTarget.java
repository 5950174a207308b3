package org.spectralssl.train;

import java.util.List;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/**
 * The target network of the EMA variant (METHOD.md §4): a copy of the online model whose
 * parameters follow the online ones by an exponential moving average,
 * {@code θ_target ← τ_k·θ_target + (1 − τ_k)·θ_online} after optimiser step k (1-based), with the
 * momentum raised from τ₀ to 1 on a cosine schedule over the K steps of the run (BYOL's schedule):
 * {@code τ_k = 1 − (1 − τ₀)·(cos(πk/K) + 1)/2}. The target is never differentiated; its batch-norm
 * running statistics come from its own forward passes.
 */
final class EmaTarget {
    private final Model target;
    private final List<Parameter> online;
    private final List<Parameter> shadow;
    private final double start;
    private final long totalSteps;

    /** A target that starts as an exact copy of {@code copyOf}'s parameters; {@code fresh} is a model of the same shape. */
    EmaTarget(Model copyOf, Model fresh, double startMomentum, long totalSteps) {
        if (!(startMomentum >= 0 && startMomentum <= 1) || totalSteps < 1) {
            throw new InvalidInputException("EMA momentum must be in [0, 1] and the run at least one step");
        }
        this.target = fresh;
        this.online = copyOf.parameters();
        this.shadow = fresh.parameters();
        if (online.size() != shadow.size()) {
            throw new IllegalArgumentException("target and online models differ in shape");
        }
        for (int i = 0; i < online.size(); i++) {
            copy(online.get(i).value(), shadow.get(i).value());
        }
        this.start = startMomentum;
        this.totalSteps = totalSteps;
    }

    Model model() {
        return target;
    }

    /** τ_k of the class comment. */
    static double momentum(double start, long step, long totalSteps) {
        double t = Math.min(1.0, (double) step / totalSteps);
        return 1 - (1 - start) * (Math.cos(Math.PI * t) + 1) / 2;
    }

    /** The EMA update after optimiser step {@code step} (1-based); returns τ. */
    double update(long step) {
        double tau = momentum(start, step, totalSteps);
        for (int i = 0; i < online.size(); i++) {
            Tensor o = online.get(i).value();
            Tensor s = shadow.get(i).value();
            for (int k = 0; k < o.size(); k++) {
                s.set(k, tau * s.get(k) + (1 - tau) * o.get(k));
            }
        }
        return tau;
    }

    private static void copy(Tensor from, Tensor to) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("tensor sizes differ");
        }
        for (int k = 0; k < from.size(); k++) {
            to.set(k, from.get(k));
        }
    }
}
