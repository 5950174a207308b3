package org.spectralssl.property;

import java.util.List;
import java.util.SplittableRandom;
import org.spectralssl.property.BatchSpec.Rank;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * A family of generated batches: seed → {@link Batch}, by way of a {@link BatchSpec}. Immutable;
 * the {@code with…} methods return a modified copy.
 *
 * @param modes the modes to draw from
 * @param maxN the largest n (size of the whitened matrix)
 * @param maxExtraK k is drawn up to this many observations above its smallest value for the rank kind
 * @param ranks the rank kinds to draw from
 * @param maxLog10Cond the largest log₁₀ condition number of the non-zero spectrum
 * @param maxScaleExp batches are scaled by 10^s with |s| ≤ maxScaleExp
 * @param maxShift the largest mean shift (relative to the largest standard deviation)
 * @param constantVariableChance probability of some constant variables (FULL, DEFICIENT, SHORT)
 * @param repeatedOnly every case has exactly repeated eigenvalues (distinct ≤ r/2)
 * @param biasedDivisor a quarter of the cases use the biased divisor k
 */
public record BatchGen(List<WhiteningMode> modes, int maxN, int maxExtraK, List<Rank> ranks, double maxLog10Cond,
        int maxScaleExp, double maxShift, double constantVariableChance, boolean repeatedOnly, boolean biasedDivisor) {

    public BatchGen {
        modes = List.copyOf(modes);
        ranks = List.copyOf(ranks);
    }

    /** Full rank, κ ≤ 100, unit scale, mean shift ≤ 1, n ≤ 12, both modes, both divisors. */
    public static BatchGen wellConditioned() {
        return new BatchGen(List.of(WhiteningMode.values()), 12, 12, List.of(Rank.FULL), 2, 0, 1, 0, false, true);
    }

    /**
     * Everything: every rank kind (singular shapes, zero eigenvalues, constant variables, constant
     * batches), κ up to 1e12, scales 1e−150 … 1e150, mean shifts up to 1e4.
     */
    public static BatchGen anything() {
        return new BatchGen(List.of(WhiteningMode.values()), 16, 12, List.of(Rank.values()), 12, 150, 1e4, 0.25,
                false, true);
    }

    public BatchGen withModes(WhiteningMode... m) {
        return new BatchGen(List.of(m), maxN, maxExtraK, ranks, maxLog10Cond, maxScaleExp, maxShift,
                constantVariableChance, repeatedOnly, biasedDivisor);
    }

    public BatchGen withMaxN(int n, int extraK) {
        return new BatchGen(modes, n, extraK, ranks, maxLog10Cond, maxScaleExp, maxShift, constantVariableChance,
                repeatedOnly, biasedDivisor);
    }

    public BatchGen withRanks(Rank... r) {
        return new BatchGen(modes, maxN, maxExtraK, List.of(r), maxLog10Cond, maxScaleExp, maxShift,
                constantVariableChance, repeatedOnly, biasedDivisor);
    }

    public BatchGen withMaxLog10Cond(double c) {
        return new BatchGen(modes, maxN, maxExtraK, ranks, c, maxScaleExp, maxShift, constantVariableChance,
                repeatedOnly, biasedDivisor);
    }

    public BatchGen withMaxScaleExp(int s) {
        return new BatchGen(modes, maxN, maxExtraK, ranks, maxLog10Cond, s, maxShift, constantVariableChance,
                repeatedOnly, biasedDivisor);
    }

    public BatchGen withMaxShift(double s) {
        return new BatchGen(modes, maxN, maxExtraK, ranks, maxLog10Cond, maxScaleExp, s, constantVariableChance,
                repeatedOnly, biasedDivisor);
    }

    public BatchGen withConstantVariableChance(double p) {
        return new BatchGen(modes, maxN, maxExtraK, ranks, maxLog10Cond, maxScaleExp, maxShift, p, repeatedOnly,
                biasedDivisor);
    }

    public BatchGen repeatedEigenvalues() {
        return new BatchGen(modes, maxN, maxExtraK, ranks, maxLog10Cond, maxScaleExp, maxShift, constantVariableChance,
                true, biasedDivisor);
    }

    /** The batch for a case seed. */
    public Batch generate(long seed) {
        return spec(seed).build();
    }

    /** The spec for a case seed: every choice is drawn from the seed. */
    public BatchSpec spec(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        WhiteningMode mode = modes.get(rnd.nextInt(modes.size()));
        Rank rank = ranks.get(rnd.nextInt(ranks.size()));
        Divisor divisor = biasedDivisor && rnd.nextInt(4) == 0 ? Divisor.BIASED : Divisor.UNBIASED;
        int minN = switch (rank) {
            case FULL, ZERO -> 1;
            case DEFICIENT, SHORT -> 3;
        };
        int n = minN + rnd.nextInt(Math.max(1, maxN - minN + 1));
        int c = 0;
        if (rank != Rank.ZERO && n >= minN + 1 && rnd.nextDouble() < constantVariableChance) {
            c = 1 + rnd.nextInt(Math.max(1, (n - minN) / 2));
        }
        int active = n - c;
        int zeros = rank == Rank.DEFICIENT ? 1 + rnd.nextInt(active - 1) : 0;
        int k = switch (rank) {
            case FULL, DEFICIENT -> active + 1 + rnd.nextInt(maxExtraK + 1);
            case SHORT -> 2 + rnd.nextInt(active - 1);
            case ZERO -> 2 + rnd.nextInt(maxN + maxExtraK);
        };
        BatchSpec draft = new BatchSpec(seed, mode, divisor, n, k, rank, zeros, c, 0, 0, false, 0, 0);
        int r = draft.r();
        int distinct;
        if (r == 0) {
            distinct = 0;
        } else if (repeatedOnly) {
            distinct = 1 + rnd.nextInt(Math.max(1, r / 2));
        } else {
            distinct = switch (rnd.nextInt(4)) {
                case 0 -> 1;
                case 1 -> r >= 3 ? 2 + rnd.nextInt(r - 2) : r;
                default -> r;
            };
        }
        boolean randomLevels = distinct >= 3 && rnd.nextInt(3) == 0;
        double log10Cond = distinct >= 2 ? (rnd.nextInt(4) == 0 ? maxLog10Cond : rnd.nextDouble() * maxLog10Cond) : 0;
        int scaleExp = 0;
        if (maxScaleExp > 0 && rnd.nextInt(3) != 0) {
            scaleExp = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? maxScaleExp : -maxScaleExp)
                    : rnd.nextInt(-maxScaleExp, maxScaleExp + 1);
        }
        double shift = switch (rnd.nextInt(3)) {
            case 0 -> 0;
            case 1 -> rnd.nextDouble() * Math.min(1, maxShift);
            default -> maxShift > 1 ? Math.pow(maxShift, rnd.nextDouble()) : rnd.nextDouble() * maxShift;
        };
        BatchSpec spec = new BatchSpec(seed, mode, divisor, n, k, rank, zeros, c, distinct, log10Cond, randomLevels,
                scaleExp, shift);
        if (!spec.valid()) {
            throw new IllegalStateException("generator built an invalid spec: " + spec.describe());
        }
        return spec;
    }
}
