package org.spectralssl.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Elementwise}'s kernels in {@code jdk.incubator.vector}: floats widened to doubles lane by
 * lane (a float species of half the double species' width, so the lane counts match), the same
 * operations as the plain loop, narrowed back with round-to-nearest as a {@code (float)} cast does.
 * Loaded by name only when the module is present.
 */
final class VectorElementwise implements Elementwise.Impl {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DS.vectorBitSize() / 2));

    @Override
    public void momentumStep(float[] w, float[] g, double[] v, double lambda, double momentum, double lr, int from,
            int to) {
        final int lanes = DS.length();
        int k = from;
        for (; k + lanes <= to; k += lanes) {
            DoubleVector wk = (DoubleVector) FloatVector.fromArray(FS, w, k).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector gk = (DoubleVector) FloatVector.fromArray(FS, g, k).convertShape(VectorOperators.F2D, DS, 0);
            gk = gk.add(wk.mul(lambda));
            DoubleVector vk = DoubleVector.fromArray(DS, v, k).mul(momentum).add(gk);
            vk.intoArray(v, k);
            DoubleVector next = wk.sub(vk.mul(lr));
            ((FloatVector) next.convertShape(VectorOperators.D2F, FS, 0)).intoArray(w, k);
        }
        Elementwise.scalar(w, g, v, lambda, momentum, lr, k, to);
    }
}
