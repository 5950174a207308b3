package org.spectralssl.optim;

import java.util.List;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/**
 * Updates parameters in place from their accumulated gradients. State (momentum, moments) is kept
 * in double for every parameter, whatever the network's precision; the new value is rounded to
 * the parameter's precision when stored.
 *
 * <p>Non-finite values: before changing anything, {@link #step} checks every gradient; if one
 * holds NaN or ±∞ it throws a {@link NonFiniteException} naming the parameter and the index, and
 * no parameter or state is modified.
 */
public interface Optimizer {
    /** Applies one update with learning rate {@code lr} (from a schedule) to every parameter. */
    void step(double lr);

    /** The parameters this optimiser updates, in order. */
    List<Parameter> parameters();

    /** Number of completed steps. */
    long steps();

    /**
     * The optimiser's state arrays (momentum buffers, Adam's moments), live, in a fixed order for a
     * given optimiser and parameter list; a checkpoint copies them and {@link #restore} puts them back.
     */
    List<double[]> state();

    /**
     * Restores a state saved from {@link #state()} and {@link #steps()} of an optimiser of the same
     * kind over the same parameters, so that the next {@link #step} continues exactly.
     */
    default void restore(long steps, List<double[]> saved) {
        List<double[]> live = state();
        if (saved.size() != live.size()) {
            throw new org.spectralssl.linalg.InvalidInputException("optimiser state has " + saved.size()
                    + " arrays, this optimiser " + live.size());
        }
        for (int i = 0; i < live.size(); i++) {
            if (saved.get(i).length != live.get(i).length) {
                throw new org.spectralssl.linalg.InvalidInputException("optimiser state array " + i + " has "
                        + saved.get(i).length + " values, this optimiser " + live.get(i).length);
            }
            System.arraycopy(saved.get(i), 0, live.get(i), 0, live.get(i).length);
        }
        setSteps(steps);
    }

    /** Sets the number of completed steps (for {@link #restore}). */
    void setSteps(long steps);

    /** Which parameters weight decay applies to. */
    enum DecayScope {
        /** Every parameter, as PyTorch's optimisers do by default. */
        ALL,
        /** Weights only; biases and normalisation parameters are exempt (BYOL, Barlow Twins). */
        WEIGHTS_ONLY;

        boolean applies(Parameter p) {
            return this == ALL || p.kind().isWeight();
        }
    }

    /** Throws if any gradient is not finite; called by every {@link #step} before it modifies anything. */
    static void requireFiniteGradients(List<Parameter> params, long step) {
        for (Parameter p : params) {
            Tensor g = p.grad();
            float[] gf = g.floats();
            if (gf != null) {
                boolean finite = true;
                for (float v : gf) {
                    finite &= Float.isFinite(v);
                }
                if (finite) {
                    continue;
                }
            }
            for (int k = 0; k < g.size(); k++) {
                double v = g.get(k);
                if (!Double.isFinite(v)) {
                    throw new NonFiniteException("gradient of " + p.name() + " is " + v + " at index " + k + " in step "
                            + (step + 1) + "; no parameter was updated (lower the learning rate or check the loss)");
                }
            }
        }
    }

    /** Validates a hyper-parameter: finite and within [lo, hi]. */
    static double check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new org.spectralssl.linalg.InvalidInputException(name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
        return v;
    }
}
