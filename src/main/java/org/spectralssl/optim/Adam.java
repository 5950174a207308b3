package org.spectralssl.optim;

import java.util.List;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/**
 * Adam (Kingma and Ba 2015) with L2 weight decay, or AdamW (Loshchilov and Hutter 2019) with
 * decoupled decay, as PyTorch's {@code Adam} and {@code AdamW}. At step t = 1, 2, …:
 * <pre>
 *   Adam:  g ← ∇ + λ·w                 AdamW:  w ← w − lr·λ·w,  g ← ∇
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   w ← w − lr·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)
 * </pre>
 * The paper's linear probe uses Adam with lr 10⁻² decayed to 10⁻⁶ and λ = 5·10⁻⁶ (METHOD.md §7).
 *
 * <p>Non-finite values: see {@link Optimizer}.
 */
public final class Adam implements Optimizer {
    /** β₁, β₂ and ε of PyTorch's defaults. */
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    /** The paper's linear probe: learning rate 10⁻² (METHOD.md §7). */
    public static final double PROBE_LR = 1e-2;
    /** The paper's linear probe: weight decay 5·10⁻⁶ (METHOD.md §7). */
    public static final double PROBE_WEIGHT_DECAY = 5e-6;

    /** How weight decay enters. */
    public enum Decay {
        /** Added to the gradient (PyTorch's Adam). */
        L2,
        /** Applied to the weights apart from the adaptive step (AdamW). */
        DECOUPLED
    }

    private final List<Parameter> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Decay decay;
    private final DecayScope scope;
    private final double[][] m;
    private final double[][] v;
    private long steps;

    public Adam(List<Parameter> params, double beta1, double beta2, double eps, double weightDecay, Decay decay,
            DecayScope scope) {
        this.params = List.copyOf(params);
        this.beta1 = Optimizer.check("beta1", beta1, 0, 1 - 1e-12);
        this.beta2 = Optimizer.check("beta2", beta2, 0, 1 - 1e-12);
        this.eps = Optimizer.check("eps", eps, Double.MIN_VALUE, 1);
        this.weightDecay = Optimizer.check("weight decay", weightDecay, 0, 1);
        this.decay = decay;
        this.scope = scope;
        this.m = new double[this.params.size()][];
        this.v = new double[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[this.params.get(i).value().size()];
            v[i] = new double[m[i].length];
        }
    }

    /** Adam or AdamW with PyTorch's β₁, β₂, ε, decaying every parameter. */
    public Adam(List<Parameter> params, double weightDecay, Decay decay) {
        this(params, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, weightDecay, decay, DecayScope.ALL);
    }

    @Override
    public void step(double lr) {
        Optimizer.requireFiniteGradients(params, steps);
        long t = steps + 1;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Tensor w = p.value();
            Tensor grad = p.grad();
            double lambda = scope.applies(p) ? weightDecay : 0;
            double[] mi = m[i];
            double[] vi = v[i];
            for (int k = 0; k < mi.length; k++) {
                double wk = w.get(k);
                double g = grad.get(k);
                if (decay == Decay.L2) {
                    g += lambda * wk;
                } else {
                    wk -= lr * lambda * wk;
                }
                mi[k] = beta1 * mi[k] + (1 - beta1) * g;
                vi[k] = beta2 * vi[k] + (1 - beta2) * g * g;
                w.set(k, wk - lr * (mi[k] / c1) / (Math.sqrt(vi[k] / c2) + eps));
            }
        }
        steps = t;
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
        List<double[]> out = new java.util.ArrayList<>(java.util.Arrays.asList(m));
        out.addAll(java.util.Arrays.asList(v));
        return out;
    }

    @Override
    public void setSteps(long steps) {
        this.steps = steps;
    }
}
