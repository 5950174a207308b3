package org.spectralssl.optim;

import java.util.List;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/**
 * LARS (You, Gitman and Ginsburg 2017) in the form used by BYOL and Barlow Twins: for each weight
 * tensor w with gradient ∇,
 * <pre>
 *   g ← ∇ + λ·w
 *   g ← q·g,  q = η·‖w‖/‖g‖ if ‖w‖ > 0 and ‖g‖ > 0, else 1   (the trust ratio, Frobenius norms)
 *   b ← μ·b + g
 *   w ← w − lr·b
 * </pre>
 * Biases and normalisation parameters get neither the decay nor the trust ratio (g = ∇), the
 * usual exclusion.
 *
 * <p>Non-finite values: see {@link Optimizer}.
 */
public final class Lars implements Optimizer {
    /** η of Barlow Twins' LARS. */
    public static final double DEFAULT_TRUST_COEFFICIENT = 0.001;

    private final List<Parameter> params;
    private final double momentum;
    private final double weightDecay;
    private final double eta;
    private final double[][] velocity;
    private long steps;

    public Lars(List<Parameter> params, double momentum, double weightDecay, double trustCoefficient) {
        this.params = List.copyOf(params);
        this.momentum = Optimizer.check("momentum", momentum, 0, 1);
        this.weightDecay = Optimizer.check("weight decay", weightDecay, 0, 1);
        this.eta = Optimizer.check("trust coefficient", trustCoefficient, Double.MIN_VALUE, 1e3);
        this.velocity = new double[this.params.size()][];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = new double[this.params.get(i).value().size()];
        }
    }

    @Override
    public void step(double lr) {
        Optimizer.requireFiniteGradients(params, steps);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Tensor w = p.value();
            Tensor grad = p.grad();
            int n = w.size();
            double[] g = new double[n];
            boolean adapt = p.kind().isWeight();
            double wNorm2 = 0;
            double gNorm2 = 0;
            for (int k = 0; k < n; k++) {
                double wk = w.get(k);
                g[k] = grad.get(k) + (adapt ? weightDecay * wk : 0);
                wNorm2 += wk * wk;
                gNorm2 += g[k] * g[k];
            }
            double q = adapt && wNorm2 > 0 && gNorm2 > 0 ? eta * Math.sqrt(wNorm2) / Math.sqrt(gNorm2) : 1;
            double[] b = velocity[i];
            for (int k = 0; k < n; k++) {
                b[k] = momentum * b[k] + q * g[k];
                w.set(k, w.get(k) - lr * b[k]);
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
