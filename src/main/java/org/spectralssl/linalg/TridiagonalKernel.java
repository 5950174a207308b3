package org.spectralssl.linalg;

/**
 * The row kernel of the Householder tridiagonalisation ({@link Tridiagonalization}), with the same
 * two implementations as {@link Gemm}: {@code jdk.incubator.vector} when the module is present,
 * plain loops otherwise. Both give the same bits: every element update is two fused multiply-adds
 * in a fixed order, every update of p one fused multiply-add, and the row's dot product is
 * accumulated in eight fixed lanes (term j goes to lane (j − from) mod 8, by {@code fma}, for the
 * whole chunks of eight before the diagonal; the remaining terms, the diagonal last, one by one into
 * a ninth sum) and reduced as ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) + tail. So the result does not
 * depend on the vector width, on the module, or on the number of threads.
 */
abstract class TridiagonalKernel {
    /** Lanes of the fixed accumulation order. */
    static final int LANES = 8;

    private static final TridiagonalKernel SCALAR = new Scalar();
    private static final TridiagonalKernel IMPL = choose();

    private static TridiagonalKernel choose() {
        if (Gemm.vectorised()) { // also initialises Gemm, which sets the Vector API's bounds-check property first
            try {
                return (TridiagonalKernel) Class.forName("org.spectralssl.linalg.VectorTridiagonalKernel")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return SCALAR;
            }
        }
        return SCALAR;
    }

    static TridiagonalKernel get() {
        return IMPL;
    }

    /** The implementation in use and the scalar one (the same object without the module), for tests. */
    static java.util.List<TridiagonalKernel> implementations() {
        return IMPL == SCALAR ? java.util.List.of(SCALAR) : java.util.List.of(IMPL, SCALAR);
    }

    abstract String name();

    /**
     * Row i of the lower triangle of a symmetric rank-2 update fused with the symmetric product by x,
     * for the columns j in [from, to) where to − 1 = i is the diagonal:
     * <ul>
     *   <li>a[aOff + j] ← t_j = fma(−vi, w[j], fma(−wi, v[j], a[aOff + j])) (A − v·wᵀ − w·vᵀ);</li>
     *   <li>p[j] ← fma(t_j, xi, p[j]) for j &lt; i (the product's terms from the upper triangle);</li>
     *   <li>returns Σ_j t_j·x[j] over [from, to] in the fixed order (the terms from this row).</li>
     * </ul>
     * Modified: a, p.
     */
    abstract double symmetricRow(double[] a, int aOff, int from, int to, double vi, double wi, double xi, double[] v,
            double[] w, double[] x, double[] p);

    static double reduce(double[] l, double tail) {
        return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7])) + tail;
    }

    /** The plain loops: the reference of the fixed order. */
    static final class Scalar extends TridiagonalKernel {
        @Override
        String name() {
            return "scalar";
        }

        @Override
        double symmetricRow(double[] a, int aOff, int from, int to, double vi, double wi, double xi, double[] v,
                double[] w, double[] x, double[] p) {
            double nv = -vi;
            double nw = -wi;
            int diag = to - 1;
            double[] l = new double[LANES];
            int j = from;
            for (; j + LANES <= diag; j += LANES) {
                for (int q = 0; q < LANES; q++) {
                    int c = j + q;
                    double t = Math.fma(nv, w[c], Math.fma(nw, v[c], a[aOff + c]));
                    a[aOff + c] = t;
                    l[q] = Math.fma(t, x[c], l[q]);
                    p[c] = Math.fma(t, xi, p[c]);
                }
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
}
