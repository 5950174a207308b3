package org.spectralssl.optim;

/** A learning rate for each optimisation step s = 0, 1, 2, …. */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate of step {@code step} (0-based). */
    double at(long step);

    /** The same rate at every step. */
    static LrSchedule constant(double lr) {
        Optimizer.check("learning rate", lr, 0, 1e6);
        return s -> lr;
    }
}
