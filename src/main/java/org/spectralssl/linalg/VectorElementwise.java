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
 * after (verification/bench/README.md, "Vector species").
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

    // ---- Batch normalisation: a float vector of channels is widened in its two halves ------------

    private static DoubleVector half(FloatVector f, int part) {
        return (DoubleVector) f.convertShape(VectorOperators.F2D, DS, part);
    }

    private static FloatVector narrow(DoubleVector low, DoubleVector high) {
        FloatVector a = (FloatVector) low.convertShape(VectorOperators.D2F, FS, 0);
        FloatVector b = (FloatVector) high.convertShape(VectorOperators.D2F, FS, -1);
        return a.blend(b, HIGH);
    }

    private static boolean paired() {
        return FS.length() == 2 * DS.length();
    }

    @Override
    public void addRow(float[] x, int off, double[] acc, int c0, int c1) {
        final int half = DS.length();
        int c = c0;
        if (paired()) {
            for (; c + 2 * half <= c1; c += 2 * half) {
                FloatVector xf = FloatVector.fromArray(FS, x, off + c);
                DoubleVector.fromArray(DS, acc, c).add(half(xf, 0)).intoArray(acc, c);
                DoubleVector.fromArray(DS, acc, c + half).add(half(xf, 1)).intoArray(acc, c + half);
            }
        }
        Elementwise.scalarAddRow(x, off, acc, c, c1);
    }

    @Override
    public void addSquaredDeviations(float[] x, int off, double[] mean, double[] acc, int c0, int c1) {
        final int half = DS.length();
        int c = c0;
        if (paired()) {
            for (; c + 2 * half <= c1; c += 2 * half) {
                FloatVector xf = FloatVector.fromArray(FS, x, off + c);
                DoubleVector dv0 = half(xf, 0).sub(DoubleVector.fromArray(DS, mean, c));
                DoubleVector dv1 = half(xf, 1).sub(DoubleVector.fromArray(DS, mean, c + half));
                DoubleVector.fromArray(DS, acc, c).add(dv0.mul(dv0)).intoArray(acc, c);
                DoubleVector.fromArray(DS, acc, c + half).add(dv1.mul(dv1)).intoArray(acc, c + half);
            }
        }
        Elementwise.scalarAddSquaredDeviations(x, off, mean, acc, c, c1);
    }

    @Override
    public void normalise(float[] x, int off, double[] mean, double[] invStd, double[] gamma, double[] beta,
            float[] xhat, float[] y, int channels) {
        final int half = DS.length();
        int c = 0;
        if (paired()) {
            for (; c + 2 * half <= channels; c += 2 * half) {
                int c1 = c + half;
                FloatVector xf = FloatVector.fromArray(FS, x, off + c);
                DoubleVector h0 = half(xf, 0).sub(DoubleVector.fromArray(DS, mean, c))
                        .mul(DoubleVector.fromArray(DS, invStd, c));
                DoubleVector h1 = half(xf, 1).sub(DoubleVector.fromArray(DS, mean, c1))
                        .mul(DoubleVector.fromArray(DS, invStd, c1));
                DoubleVector y0 = DoubleVector.fromArray(DS, gamma, c).mul(h0).add(DoubleVector.fromArray(DS, beta, c));
                DoubleVector y1 = DoubleVector.fromArray(DS, gamma, c1).mul(h1).add(DoubleVector.fromArray(DS, beta, c1));
                narrow(h0, h1).intoArray(xhat, off + c);
                narrow(y0, y1).intoArray(y, off + c);
            }
        }
        Elementwise.scalarNormalise(x, off, mean, invStd, gamma, beta, xhat, y, c, channels);
    }

    @Override
    public void addDyAndDyXhat(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, int c0, int c1) {
        final int half = DS.length();
        int c = c0;
        if (paired()) {
            for (; c + 2 * half <= c1; c += 2 * half) {
                int ch = c + half;
                FloatVector df = FloatVector.fromArray(FS, dy, off + c);
                FloatVector hf = FloatVector.fromArray(FS, xhat, off + c);
                DoubleVector d0 = half(df, 0);
                DoubleVector d1 = half(df, 1);
                DoubleVector.fromArray(DS, sumDy, c).add(d0).intoArray(sumDy, c);
                DoubleVector.fromArray(DS, sumDy, ch).add(d1).intoArray(sumDy, ch);
                DoubleVector.fromArray(DS, sumDyXhat, c).add(d0.mul(half(hf, 0))).intoArray(sumDyXhat, c);
                DoubleVector.fromArray(DS, sumDyXhat, ch).add(d1.mul(half(hf, 1))).intoArray(sumDyXhat, ch);
            }
        }
        Elementwise.scalarAddDyAndDyXhat(dy, xhat, off, sumDy, sumDyXhat, c, c1);
    }

    @Override
    public void normInputGradient(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, double n,
            double[] scale, boolean train, float[] dx, int channels) {
        final int half = DS.length();
        int c = 0;
        if (paired()) {
            for (; c + 2 * half <= channels; c += 2 * half) {
                int ch = c + half;
                FloatVector df = FloatVector.fromArray(FS, dy, off + c);
                DoubleVector d0 = half(df, 0);
                DoubleVector d1 = half(df, 1);
                if (train) {
                    // d − sumDy/n − (x̂·sumDyXhat)/n, left to right, as the plain loop
                    FloatVector hf = FloatVector.fromArray(FS, xhat, off + c);
                    d0 = d0.sub(DoubleVector.fromArray(DS, sumDy, c).div(n))
                            .sub(half(hf, 0).mul(DoubleVector.fromArray(DS, sumDyXhat, c)).div(n));
                    d1 = d1.sub(DoubleVector.fromArray(DS, sumDy, ch).div(n))
                            .sub(half(hf, 1).mul(DoubleVector.fromArray(DS, sumDyXhat, ch)).div(n));
                }
                narrow(DoubleVector.fromArray(DS, scale, c).mul(d0), DoubleVector.fromArray(DS, scale, ch).mul(d1))
                        .intoArray(dx, off + c);
            }
        }
        Elementwise.scalarNormInputGradient(dy, xhat, off, sumDy, sumDyXhat, n, scale, train, dx, c, channels);
    }
}
