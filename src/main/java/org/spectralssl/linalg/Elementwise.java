package org.spectralssl.linalg;

/**
 * Element-wise kernels of the training loop that the JIT does not vectorise by itself (they mix
 * float and double), with the same two implementations as {@link Gemm}: {@code jdk.incubator.vector}
 * when the module is present, plain loops otherwise; both compute each element with the same
 * operations in the same order, so they agree bit for bit ({@code linalg/ElementwiseTest}).
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

    private static Impl choose() {
        if (Gemm.vectorised()) {
            try {
                return (Impl) Class.forName("org.spectralssl.linalg.VectorElementwise").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return SCALAR;
            }
        }
        return SCALAR;
    }

    /** The implementation in use and the scalar one (the same object without the module), for tests. */
    static java.util.List<Impl> implementations() {
        return IMPL == SCALAR ? java.util.List.of(SCALAR) : java.util.List.of(IMPL, SCALAR);
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
