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
    }

    static final Impl SCALAR = Elementwise::scalar;

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
}
