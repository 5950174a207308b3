package org.spectralssl.linalg;

/**
 * The two row kernels of the Householder tridiagonalisation ({@link Tridiagonalization}), with the
 * same two implementations as {@link Gemm}: {@code jdk.incubator.vector} when the module is present,
 * plain loops otherwise. Both give the same bits: every element update is two fused multiply-adds
 * in a fixed order, and every dot product is accumulated in eight fixed lanes (term j goes to lane
 * (j − from) mod 8, by {@code fma}, for the whole chunks of eight; the remaining terms one by one
 * into a ninth sum) and reduced as ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) + tail. So the result does
 * not depend on the vector width, on the module, or on the number of threads.
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

    /** Returns Σ_{j ∈ [from, to)} a[aOff + j]·x[j] in the fixed order. Not modified: a, x. */
    abstract double dot(double[] a, int aOff, double[] x, int from, int to);

    /**
     * For j in [from, to): a[aOff + j] ← fma(−vi, w[j], fma(−wi, v[j], a[aOff + j])) (the row of the
     * rank-2 update A − v·wᵀ − w·vᵀ); then returns Σ a_new[aOff + j]·x[j] in the fixed order, or 0
     * when x is null. Modified: a.
     */
    abstract double rank2Dot(double[] a, int aOff, int from, int to, double vi, double wi, double[] v, double[] w,
            double[] x);

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
        double dot(double[] a, int aOff, double[] x, int from, int to) {
            double[] l = new double[LANES];
            int j = from;
            for (; j + LANES <= to; j += LANES) {
                for (int q = 0; q < LANES; q++) {
                    l[q] = Math.fma(a[aOff + j + q], x[j + q], l[q]);
                }
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
            if (x == null) {
                for (int j = from; j < to; j++) {
                    a[aOff + j] = Math.fma(nv, w[j], Math.fma(nw, v[j], a[aOff + j]));
                }
                return 0;
            }
            double[] l = new double[LANES];
            int j = from;
            for (; j + LANES <= to; j += LANES) {
                for (int q = 0; q < LANES; q++) {
                    double t = Math.fma(nv, w[j + q], Math.fma(nw, v[j + q], a[aOff + j + q]));
                    a[aOff + j + q] = t;
                    l[q] = Math.fma(t, x[j + q], l[q]);
                }
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
}
