package org.spectralssl.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TridiagonalKernel} in {@code jdk.incubator.vector}: 512-bit vectors (one vector holds the
 * eight lanes of the fixed order) or 256-bit (two vectors), the preferred one of the two; the same
 * fused operations as the plain loops, so the same bits. Loaded by name only when the module is
 * present.
 */
final class VectorTridiagonalKernel extends TridiagonalKernel {
    private static final VectorSpecies<Double> DS =
            DoubleVector.SPECIES_PREFERRED.length() >= LANES ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    private static final boolean WIDE = DS.length() == LANES;

    @Override
    String name() {
        return "vector (" + DS.vectorBitSize() + "-bit)";
    }

    @Override
    double dot(double[] a, int aOff, double[] x, int from, int to) {
        double[] l = new double[LANES];
        int j = from;
        if (WIDE) {
            DoubleVector acc = DoubleVector.zero(DS);
            for (; j + LANES <= to; j += LANES) {
                acc = DoubleVector.fromArray(DS, a, aOff + j).fma(DoubleVector.fromArray(DS, x, j), acc);
            }
            acc.intoArray(l, 0);
        } else {
            DoubleVector acc0 = DoubleVector.zero(DS);
            DoubleVector acc1 = DoubleVector.zero(DS);
            for (; j + LANES <= to; j += LANES) {
                acc0 = DoubleVector.fromArray(DS, a, aOff + j).fma(DoubleVector.fromArray(DS, x, j), acc0);
                acc1 = DoubleVector.fromArray(DS, a, aOff + j + 4).fma(DoubleVector.fromArray(DS, x, j + 4), acc1);
            }
            acc0.intoArray(l, 0);
            acc1.intoArray(l, 4);
        }
        double tail = 0;
        for (; j < to; j++) {
            tail = Math.fma(a[aOff + j], x[j], tail);
        }
        return reduce(l, tail);
    }

    @Override
    double rank2Dot(double[] a, int aOff, int from, int to, double vi, double wi, double[] v, double[] w,
            double[] x) {
        double nv = -vi;
        double nw = -wi;
        DoubleVector bv = DoubleVector.broadcast(DS, nv);
        DoubleVector bw = DoubleVector.broadcast(DS, nw);
        int len = DS.length();
        int j = from;
        if (x == null) {
            for (; j + len <= to; j += len) {
                DoubleVector t = DoubleVector.fromArray(DS, v, j).fma(bw, DoubleVector.fromArray(DS, a, aOff + j));
                DoubleVector.fromArray(DS, w, j).fma(bv, t).intoArray(a, aOff + j);
            }
            for (; j < to; j++) {
                a[aOff + j] = Math.fma(nv, w[j], Math.fma(nw, v[j], a[aOff + j]));
            }
            return 0;
        }
        double[] l = new double[LANES];
        if (WIDE) {
            DoubleVector acc = DoubleVector.zero(DS);
            for (; j + LANES <= to; j += LANES) {
                DoubleVector t = DoubleVector.fromArray(DS, v, j).fma(bw, DoubleVector.fromArray(DS, a, aOff + j));
                t = DoubleVector.fromArray(DS, w, j).fma(bv, t);
                t.intoArray(a, aOff + j);
                acc = t.fma(DoubleVector.fromArray(DS, x, j), acc);
            }
            acc.intoArray(l, 0);
        } else {
            DoubleVector acc0 = DoubleVector.zero(DS);
            DoubleVector acc1 = DoubleVector.zero(DS);
            for (; j + LANES <= to; j += LANES) {
                DoubleVector t = DoubleVector.fromArray(DS, v, j).fma(bw, DoubleVector.fromArray(DS, a, aOff + j));
                t = DoubleVector.fromArray(DS, w, j).fma(bv, t);
                t.intoArray(a, aOff + j);
                acc0 = t.fma(DoubleVector.fromArray(DS, x, j), acc0);
                DoubleVector u = DoubleVector.fromArray(DS, v, j + 4).fma(bw, DoubleVector.fromArray(DS, a, aOff + j + 4));
                u = DoubleVector.fromArray(DS, w, j + 4).fma(bv, u);
                u.intoArray(a, aOff + j + 4);
                acc1 = u.fma(DoubleVector.fromArray(DS, x, j + 4), acc1);
            }
            acc0.intoArray(l, 0);
            acc1.intoArray(l, 4);
        }
        double tail = 0;
        for (; j < to; j++) {
            double t = Math.fma(nv, w[j], Math.fma(nw, v[j], a[aOff + j]));
            a[aOff + j] = t;
            tail = Math.fma(t, x[j], tail);
        }
        return reduce(l, tail);
    }
}
