package org.spectralssl.linalg;

/**
 * The row kernel of the Householder tridiagonalisation ({@link Tridiagonalization}), in two
 * implementations: plain loops (the default, see {@link #choose()}) and {@code jdk.incubator.vector}
 * (opt-in). Both give the same bits: every element update is two fused multiply-adds
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

    /**
     * The plain loops, unless {@code -Dspectralssl.tridiagonal=vector} asks for {@code
     * VectorTridiagonalKernel} (with the vector module loaded). Why the plain loops by default: with
     * the vector kernel in the JVM (every INTL step decomposes its covariance for the spectrum
     * report), C2 on JDK 17 in some runs stopped intrinsifying {@code VectorGemm}'s double stores,
     * and the default {@code train} ran 2–4× slower (verification/bench/README.md, "Vector API
     * cliffs"). Both give the same bits, so the choice changes no result.
     */
    private static TridiagonalKernel choose() {
        if ("vector".equals(System.getProperty("spectralssl.tridiagonal"))) {
            TridiagonalKernel v = vector();
            if (v != null) {
                return v;
            }
        }
        return SCALAR;
    }

    /** VectorTridiagonalKernel when the vector module is loaded, else null. */
    private static TridiagonalKernel vector() {
        if (!Gemm.vectorised()) { // also initialises Gemm, which sets the Vector API's bounds-check property first
            return null;
        }
        try {
            return (TridiagonalKernel) Class.forName("org.spectralssl.linalg.VectorTridiagonalKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    static TridiagonalKernel get() {
        return IMPL;
    }

    /** The plain loops and, with the vector module, the vector kernel: both are tested whichever is in use. */
    static java.util.List<TridiagonalKernel> implementations() {
        TridiagonalKernel v = vector();
        return v == null ? java.util.List.of(SCALAR) : java.util.List.of(v, SCALAR);
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
