package org.spectralssl.linalg;

/**
 * Element-wise kernels of the training loop that the JIT does not vectorise by itself (they mix
 * float and double, or select), in two implementations: plain loops (the default, see {@link
 * #choose()}) and {@code jdk.incubator.vector} kernels (opt-in); both compute each element with the
 * same operations in the same order, so they agree bit for bit ({@code linalg/ElementwiseTest}).
 */
public final class Elementwise {
    private Elementwise() {}

    /** The momentum update of {@link #momentumStep}, by one implementation. */
    interface Impl {
        /** The update of the elements [from, to). */
        void momentumStep(float[] w, float[] g, double[] v, double lambda, double momentum, double lr, int from, int to);

        /** The ReLU backward of the elements [from, to). */
        void reluBackward(float[] y, float[] dy, float[] dx, int from, int to);
    }

    static final Impl SCALAR = new Impl() {
        @Override
        public void momentumStep(float[] w, float[] g, double[] v, double lambda, double momentum, double lr, int from,
                int to) {
            scalar(w, g, v, lambda, momentum, lr, from, to);
        }

        @Override
        public void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
            scalarReluBackward(y, dy, dx, from, to);
        }
    };

    /** Elements below which an update runs on the calling thread. */
    static final int PARALLEL_MIN = 1 << 16;
    private static final Impl IMPL = choose();

    /**
     * The plain loops, unless {@code -Dspectralssl.elementwise=vector} asks for {@code
     * VectorElementwise} (with the vector module loaded). Why the plain loops by default: with the
     * vector kernels of this class in the JVM, C2 on JDK 17 stopped intrinsifying some of {@code
     * VectorGemm}'s vector stores in some runs (each store then boxes a vector), and the default
     * {@code train} took 73 s instead of 26 s for 3 epochs of 5,000 images; the vector kernels had
     * saved about 10 % of a train step (verification/bench/README.md, "Vector API cliffs"). The
     * two implementations agree bit for bit ({@code linalg/ElementwiseTest}), so the choice changes
     * no result.
     */
    private static Impl choose() {
        if ("vector".equals(System.getProperty("spectralssl.elementwise"))) {
            Impl v = vectorImpl();
            if (v != null) {
                return v;
            }
        }
        return SCALAR;
    }

    /** VectorElementwise when the vector module is loaded, else null. */
    private static Impl vectorImpl() {
        if (!Gemm.vectorised()) {
            return null;
        }
        try {
            return (Impl) Class.forName("org.spectralssl.linalg.VectorElementwise").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The plain loops and, with the vector module, the vector kernels: both are tested whichever is in use. */
    static java.util.List<Impl> implementations() {
        Impl v = vectorImpl();
        return v == null ? java.util.List.of(SCALAR) : java.util.List.of(v, SCALAR);
    }

    /** Which implementation runs, for reports: "plain loops" or "vector". */
    public static String implementation() {
        return IMPL == SCALAR ? "plain loops" : "vector (jdk.incubator.vector; -Dspectralssl.elementwise=vector)";
    }

    /**
     * SGD with momentum and decoupled-in-the-gradient weight decay on float weights and a double
     * velocity, for every k: g = gradient[k] + λ·w[k]; v[k] = μ·v[k] + g; w[k] = (float)(w[k] − lr·v[k]),
     * all in double. Large arrays are updated in contiguous ranges on the product threads ({@link
     * Gemm#parallelFor}); each element's arithmetic does not depend on its range. Modified: w, v.
     * Not modified: g.
     */
    public static void momentumStep(float[] w, float[] g, double[] v, double lambda, double momentum, double lr) {
        if (w.length != g.length || w.length != v.length) {
            throw new IllegalArgumentException("momentumStep: lengths differ (" + w.length + ", " + g.length + ", "
                    + v.length + ")");
        }
        int n = w.length;
        int t = Gemm.threads();
        if (t == 1 || n < PARALLEL_MIN) {
            IMPL.momentumStep(w, g, v, lambda, momentum, lr, 0, n);
            return;
        }
        Gemm.parallelFor(t, i -> IMPL.momentumStep(w, g, v, lambda, momentum, lr, (int) ((long) n * i / t),
                (int) ((long) n * (i + 1) / t)));
    }

    /** The plain loop over [from, to); also the vector kernel's tail. */
    static void scalar(float[] w, float[] g, double[] v, double lambda, double momentum, double lr, int from, int to) {
        for (int k = from; k < to; k++) {
            double wk = w[k];
            double gk = g[k] + lambda * wk;
            v[k] = momentum * v[k] + gk;
            w[k] = (float) (wk - lr * v[k]);
        }
    }

    /**
     * The backward of ReLU on [from, to): dx[k] = dy[k] where y[k] &gt; 0, else +0 (NaN in y passes
     * no gradient). Modified: dx. Not modified: y, dy.
     */
    public static void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        if (from < 0 || to > y.length || to > dy.length || to > dx.length || from > to) {
            throw new IllegalArgumentException("reluBackward: range [" + from + ", " + to + ") outside the arrays ("
                    + y.length + ", " + dy.length + ", " + dx.length + ")");
        }
        IMPL.reluBackward(y, dy, dx, from, to);
    }

    /** The plain loop of {@link #reluBackward}; also the vector kernel's tail. */
    static void scalarReluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        for (int k = from; k < to; k++) {
            dx[k] = y[k] > 0f ? dy[k] : 0f;
        }
    }
}
