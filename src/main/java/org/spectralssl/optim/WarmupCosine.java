package org.spectralssl.optim;

import org.spectralssl.linalg.InvalidInputException;

/**
 * Linear warm-up, then cosine decay to a fraction of the base rate (METHOD.md §7: 2 warm-up
 * epochs, then cosine to 0.001·lr). With base rate η, W warm-up steps, S steps in all and final
 * rate η_f = f·η:
 * <pre>
 *   s &lt; W:            η·(s + 1)/W                          (the first step already moves; none is wasted at 0)
 *   W ≤ s &lt; S:        η_f + (η − η_f)·(1 + cos(π·t))/2,  t = (s − W)/(S − W − 1)   (t = 1 when S − W = 1)
 *   s ≥ S:            η_f
 * </pre>
 * so the first step after warm-up runs at η and the last step (s = S − 1) at exactly η_f.
 */
public record WarmupCosine(double baseLr, long warmupSteps, long totalSteps, double finalFraction)
        implements LrSchedule {
    /** Warm-up epochs of the paper's recipe. */
    public static final int PAPER_WARMUP_EPOCHS = 2;
    /** Final learning rate as a fraction of the base rate, paper's recipe. */
    public static final double PAPER_FINAL_FRACTION = 1e-3;
    /** The paper's linear probe decays 10⁻² to 10⁻⁶: a fraction of 10⁻⁴, no warm-up. */
    public static final double PROBE_FINAL_FRACTION = 1e-4;

    public WarmupCosine {
        Optimizer.check("base learning rate", baseLr, 0, 1e6);
        Optimizer.check("final fraction", finalFraction, 0, 1);
        if (warmupSteps < 0 || totalSteps < 1 || warmupSteps >= totalSteps) {
            throw new InvalidInputException("the schedule needs 0 <= warm-up steps < total steps, got " + warmupSteps
                    + " and " + totalSteps + " (fewer epochs than warm-up epochs?)");
        }
    }

    /** The paper's schedule: {@value #PAPER_WARMUP_EPOCHS} warm-up epochs, cosine to 0.001·baseLr. */
    public static WarmupCosine paper(double baseLr, long stepsPerEpoch, int epochs) {
        long warm = Math.min((long) PAPER_WARMUP_EPOCHS * stepsPerEpoch, (long) epochs * stepsPerEpoch - 1);
        return new WarmupCosine(baseLr, warm, (long) epochs * stepsPerEpoch, PAPER_FINAL_FRACTION);
    }

    @Override
    public double at(long step) {
        if (step < 0) {
            throw new InvalidInputException("step must be >= 0, got " + step);
        }
        double fin = finalFraction * baseLr;
        if (step < warmupSteps) {
            return baseLr * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return fin;
        }
        long span = totalSteps - warmupSteps - 1;
        double t = span == 0 ? 1 : (double) (step - warmupSteps) / span;
        return fin + (baseLr - fin) * (1 + Math.cos(Math.PI * t)) / 2;
    }
}
