package org.spectralssl.optim;

import java.util.List;
import org.spectralssl.linalg.Elementwise;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/**
 * Stochastic gradient descent with heavy-ball momentum and L2 weight decay, as PyTorch's
 * {@code SGD} (dampening 0, no Nesterov). For each parameter w with gradient ∇:
 * <pre>
 *   g ← ∇ + λ·w      (λ only where {@link Optimizer.DecayScope} applies)
 *   b ← μ·b + g      (b starts at 0, so the first step has b = g, as PyTorch)
 *   w ← w − lr·b
 * </pre>
 * The paper trains with μ = 0.9, λ = 10⁻⁴, lr = 0.3·batch/256 (METHOD.md §7).
 *
 * <p>Non-finite values: see {@link Optimizer}.
 */
public final class Sgd implements Optimizer {
    /** Momentum of the paper's recipe (METHOD.md §7). */
    public static final double PAPER_MOMENTUM = 0.9;
    /** Weight decay of the paper's recipe (METHOD.md §7). */
    public static final double PAPER_WEIGHT_DECAY = 1e-4;
    /** Learning rate per 256 samples of the paper's recipe: lr = 0.3·batch/256 (METHOD.md §7). */
    public static final double PAPER_LR_PER_256 = 0.3;

    private final List<Parameter> params;
    private final double momentum;
    private final double weightDecay;
    private final DecayScope scope;
    private final double[][] velocity;
    private long steps;

    public Sgd(List<Parameter> params, double momentum, double weightDecay, DecayScope scope) {
        this.params = List.copyOf(params);
        this.momentum = Optimizer.check("momentum", momentum, 0, 1);
        this.weightDecay = Optimizer.check("weight decay", weightDecay, 0, 1);
        this.scope = scope;
        this.velocity = new double[this.params.size()][];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = new double[this.params.get(i).value().size()];
        }
    }

    /** The paper's learning rate for a batch size: 0.3·batch/256. */
    public static double paperLearningRate(int batch) {
        return PAPER_LR_PER_256 * batch / 256.0;
    }

    @Override
    public void step(double lr) {
        Optimizer.requireFiniteGradients(params, steps);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Tensor w = p.value();
            Tensor grad = p.grad();
            double lambda = scope.applies(p) ? weightDecay : 0;
            double[] b = velocity[i];
            float[] wf = w.floats();
            float[] gf = grad.floats();
            if (wf != null && gf != null) {
                // The loop below on the float arrays, vectorised: the same arithmetic, bit for bit.
                Elementwise.momentumStep(wf, gf, b, lambda, momentum, lr);
                continue;
            }
            for (int k = 0; k < b.length; k++) {
                double wk = w.get(k);
                double g = grad.get(k) + lambda * wk;
                b[k] = momentum * b[k] + g;
                w.set(k, wk - lr * b[k]);
            }
        }
        steps++;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public List<double[]> state() {
        return java.util.Arrays.asList(velocity);
    }

    @Override
    public void setSteps(long steps) {
        this.steps = steps;
    }
}
