package org.spectralssl.train;

import java.util.List;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Parameter;
import org.spectralssl.optim.Adam;
import org.spectralssl.optim.Lars;
import org.spectralssl.optim.Optimizer;
import org.spectralssl.optim.Sgd;

/** The pre-training optimisers, by the name used on the command line. */
public enum OptimizerKind {
    /** SGD with momentum and L2 decay on every parameter: the paper's recipe (METHOD.md §7). */
    SGD("sgd"),
    /** LARS with the usual bias/norm exclusion (Barlow Twins' and BYOL's optimiser). */
    LARS("lars"),
    /** AdamW, decoupled decay on weights only. */
    ADAMW("adamw");

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static OptimizerKind parse(String s) {
        for (OptimizerKind k : values()) {
            if (k.id.equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new InvalidInputException("unknown optimizer '" + s + "'; use sgd, lars or adamw");
    }

    /** A new optimiser over {@code params}. */
    public Optimizer create(List<Parameter> params, double momentum, double weightDecay) {
        return switch (this) {
            case SGD -> new Sgd(params, momentum, weightDecay, Optimizer.DecayScope.ALL);
            case LARS -> new Lars(params, momentum, weightDecay, Lars.DEFAULT_TRUST_COEFFICIENT);
            case ADAMW -> new Adam(params, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, weightDecay,
                    Adam.Decay.DECOUPLED, Optimizer.DecayScope.WEIGHTS_ONLY);
        };
    }
}
