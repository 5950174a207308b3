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
    double symmetricRow(double[] a, int aOff, int from, int to, double vi, double wi, double xi, double[] v,
            double[] w, double[] x, double[] p) {
        double nv = -vi;
        double nw = -wi;
        DoubleVector bv = DoubleVector.broadcast(DS, nv);
        DoubleVector bw = DoubleVector.broadcast(DS, nw);
        DoubleVector bx = DoubleVector.broadcast(DS, xi);
        int diag = to - 1;
        double[] l = new double[LANES];
        int j = from;
        if (WIDE) {
            DoubleVector acc = DoubleVector.zero(DS);
            for (; j + LANES <= diag; j += LANES) {
                DoubleVector t = DoubleVector.fromArray(DS, v, j).fma(bw, DoubleVector.fromArray(DS, a, aOff + j));
                t = DoubleVector.fromArray(DS, w, j).fma(bv, t);
                t.intoArray(a, aOff + j);
                acc = t.fma(DoubleVector.fromArray(DS, x, j), acc);
                t.fma(bx, DoubleVector.fromArray(DS, p, j)).intoArray(p, j);
            }
            acc.intoArray(l, 0);
        } else {
            DoubleVector acc0 = DoubleVector.zero(DS);
            DoubleVector acc1 = DoubleVector.zero(DS);
            for (; j + LANES <= diag; j += LANES) {
                DoubleVector t = DoubleVector.fromArray(DS, v, j).fma(bw, DoubleVector.fromArray(DS, a, aOff + j));
                t = DoubleVector.fromArray(DS, w, j).fma(bv, t);
                t.intoArray(a, aOff + j);
                acc0 = t.fma(DoubleVector.fromArray(DS, x, j), acc0);
                t.fma(bx, DoubleVector.fromArray(DS, p, j)).intoArray(p, j);
                int j4 = j + 4;
                DoubleVector u = DoubleVector.fromArray(DS, v, j4).fma(bw, DoubleVector.fromArray(DS, a, aOff + j4));
                u = DoubleVector.fromArray(DS, w, j4).fma(bv, u);
                u.intoArray(a, aOff + j4);
                acc1 = u.fma(DoubleVector.fromArray(DS, x, j4), acc1);
                u.fma(bx, DoubleVector.fromArray(DS, p, j4)).intoArray(p, j4);
            }
            acc0.intoArray(l, 0);
            acc1.intoArray(l, 4);
        }
        double tail = 0;
        for (; j < diag; j++) {
            double t = Math.fma(nv, w[j], Math.fma(nw, v[j], a[aOff + j]));
            a[aOff + j] = t;
            tail = Math.fma(t, x[j], tail);
            p[j] = Math.fma(t, xi, p[j]);
        }
        double t = Math.fma(nv, w[diag], Math.fma(nw, v[diag], a[aOff + diag]));
        a[aOff + diag] = t;
        tail = Math.fma(t, x[diag], tail);
        return reduce(l, tail);
    }
}
