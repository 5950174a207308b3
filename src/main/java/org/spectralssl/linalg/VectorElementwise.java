package org.spectralssl.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Elementwise}'s kernels in {@code jdk.incubator.vector}: floats widened to doubles lane by
 * lane, the same operations as the plain loop, narrowed back with round-to-nearest as a
 * {@code (float)} cast does. Loaded by name only when the module is present.
 *
 * <p>Only the preferred species are used, the same as {@code VectorGemm}'s: a float vector holds
 * twice the lanes of a double vector, so each float vector is widened in two halves (parts 0 and
 * 1) and narrowed back into its two halves. Why not a float species of half the width, whose lanes
 * would match one double vector: a second float species makes the Vector API's shared call sites
 * polymorphic, and C2 then stops compiling the GEMM kernels to vector instructions. Measured: a
 * 256×512×512 float product took 0.99 ms before the momentum step had run in the JVM and 47 ms
 * after (verification/bench/README.md, "Vector API cliffs"). Off by default all the same (Elementwise#choose).
 */
final class VectorElementwise implements Elementwise.Impl {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Lanes [DS.length(), FS.length()) of a float vector: its second half. */
    private static final VectorMask<Float> HIGH = VectorMask.fromLong(FS, -1L << DS.length());

    @Override
    public void momentumStep(float[] w, float[] g, double[] v, double lambda, double momentum, double lr, int from,
            int to) {
        final int half = DS.length();
        final int lanes = FS.length();
        int k = from;
        if (lanes == 2 * half) {
            for (; k + lanes <= to; k += lanes) {
                FloatVector wf = FloatVector.fromArray(FS, w, k);
                FloatVector gf = FloatVector.fromArray(FS, g, k);
                DoubleVector next0 = step(wf, gf, v, k, 0, lambda, momentum, lr);
                DoubleVector next1 = step(wf, gf, v, k + half, 1, lambda, momentum, lr);
                FloatVector low = (FloatVector) next0.convertShape(VectorOperators.D2F, FS, 0);
                FloatVector high = (FloatVector) next1.convertShape(VectorOperators.D2F, FS, -1);
                low.blend(high, HIGH).intoArray(w, k);
            }
        }
        Elementwise.scalar(w, g, v, lambda, momentum, lr, k, to);
    }

    /** The update of one half (part 0 or 1) of a float vector; v at [at, at + DS.length()) is written. */
    private static DoubleVector step(FloatVector wf, FloatVector gf, double[] v, int at, int part, double lambda,
            double momentum, double lr) {
        DoubleVector wk = (DoubleVector) wf.convertShape(VectorOperators.F2D, DS, part);
        DoubleVector gk = (DoubleVector) gf.convertShape(VectorOperators.F2D, DS, part);
        gk = gk.add(wk.mul(lambda));
        DoubleVector vk = DoubleVector.fromArray(DS, v, at).mul(momentum).add(gk);
        vk.intoArray(v, at);
        return wk.sub(vk.mul(lr));
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        final int lanes = FS.length();
        FloatVector zero = FloatVector.zero(FS);
        int k = from;
        for (; k + lanes <= to; k += lanes) {
            VectorMask<Float> positive = FloatVector.fromArray(FS, y, k).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(FS, dy, k), positive).intoArray(dx, k);
        }
        Elementwise.scalarReluBackward(y, dy, dx, k, to);
    }
}
