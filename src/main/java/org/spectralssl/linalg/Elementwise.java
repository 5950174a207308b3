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

        /** {@link Elementwise#addRow} on channels [c0, c1). */
        void addRow(float[] x, int off, double[] acc, int c0, int c1);

        /** {@link Elementwise#addSquaredDeviations} on channels [c0, c1). */
        void addSquaredDeviations(float[] x, int off, double[] mean, double[] acc, int c0, int c1);

        /** {@link Elementwise#normalise} on channels [0, channels). */
        void normalise(float[] x, int off, double[] mean, double[] invStd, double[] gamma, double[] beta, float[] xhat,
                float[] y, int channels);

        /** {@link Elementwise#addDyAndDyXhat} on channels [c0, c1). */
        void addDyAndDyXhat(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, int c0, int c1);

        /** {@link Elementwise#normInputGradient} on channels [0, channels). */
        void normInputGradient(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, double n,
                double[] scale, boolean train, float[] dx, int channels);
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

        @Override
        public void addRow(float[] x, int off, double[] acc, int c0, int c1) {
            scalarAddRow(x, off, acc, c0, c1);
        }

        @Override
        public void addSquaredDeviations(float[] x, int off, double[] mean, double[] acc, int c0, int c1) {
            scalarAddSquaredDeviations(x, off, mean, acc, c0, c1);
        }

        @Override
        public void normalise(float[] x, int off, double[] mean, double[] invStd, double[] gamma, double[] beta,
                float[] xhat, float[] y, int channels) {
            scalarNormalise(x, off, mean, invStd, gamma, beta, xhat, y, 0, channels);
        }

        @Override
        public void addDyAndDyXhat(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, int c0,
                int c1) {
            scalarAddDyAndDyXhat(dy, xhat, off, sumDy, sumDyXhat, c0, c1);
        }

        @Override
        public void normInputGradient(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, double n,
                double[] scale, boolean train, float[] dx, int channels) {
            scalarNormInputGradient(dy, xhat, off, sumDy, sumDyXhat, n, scale, train, dx, 0, channels);
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

    // ---- Batch normalisation over float features (nn/BatchNorm's S = 1 path) ----------------------
    // Row r of an m×C float batch starts at off = r·C; each kernel works along the channels of one
    // row, so a vector lane is a channel and every channel's sum still runs over the rows in order:
    // the same terms, in the same order, with the same roundings as the plain loops.

    /** acc[c] += x[off + c] for c in [c0, c1). Modified: acc. */
    public static void addRow(float[] x, int off, double[] acc, int c0, int c1) {
        IMPL.addRow(x, off, acc, c0, c1);
    }

    /** acc[c] += (x[off + c] − mean[c])² for c in [c0, c1), in double. Modified: acc. */
    public static void addSquaredDeviations(float[] x, int off, double[] mean, double[] acc, int c0, int c1) {
        IMPL.addSquaredDeviations(x, off, mean, acc, c0, c1);
    }

    /**
     * For c in [0, channels): h = (x[off + c] − mean[c])·invStd[c] in double, xhat[off + c] = (float) h,
     * y[off + c] = (float) (gamma[c]·h + beta[c]) (a product and a sum, two roundings). Modified: xhat, y.
     */
    public static void normalise(float[] x, int off, double[] mean, double[] invStd, double[] gamma, double[] beta,
            float[] xhat, float[] y, int channels) {
        IMPL.normalise(x, off, mean, invStd, gamma, beta, xhat, y, channels);
    }

    /** sumDy[c] += dy[off + c], sumDyXhat[c] += dy[off + c]·xhat[off + c] for c in [c0, c1), in double. */
    public static void addDyAndDyXhat(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, int c0,
            int c1) {
        IMPL.addDyAndDyXhat(dy, xhat, off, sumDy, sumDyXhat, c0, c1);
    }

    /**
     * For c in [0, channels): d = dy[off + c], in training d = d − sumDy[c]/n − xhat[off + c]·sumDyXhat[c]/n
     * (Java's left-to-right order), dx[off + c] = (float) (scale[c]·d). Modified: dx.
     */
    public static void normInputGradient(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat,
            double n, double[] scale, boolean train, float[] dx, int channels) {
        IMPL.normInputGradient(dy, xhat, off, sumDy, sumDyXhat, n, scale, train, dx, channels);
    }

    static void scalarAddRow(float[] x, int off, double[] acc, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            acc[c] += x[off + c];
        }
    }

    static void scalarAddSquaredDeviations(float[] x, int off, double[] mean, double[] acc, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            double dv = x[off + c] - mean[c];
            acc[c] += dv * dv;
        }
    }

    static void scalarNormalise(float[] x, int off, double[] mean, double[] invStd, double[] gamma, double[] beta,
            float[] xhat, float[] y, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            double h = (x[off + c] - mean[c]) * invStd[c];
            xhat[off + c] = (float) h;
            y[off + c] = (float) (gamma[c] * h + beta[c]);
        }
    }

    static void scalarAddDyAndDyXhat(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat, int c0,
            int c1) {
        for (int c = c0; c < c1; c++) {
            double d = dy[off + c];
            sumDy[c] += d;
            sumDyXhat[c] += d * xhat[off + c];
        }
    }

    static void scalarNormInputGradient(float[] dy, float[] xhat, int off, double[] sumDy, double[] sumDyXhat,
            double n, double[] scale, boolean train, float[] dx, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            double d = dy[off + c];
            if (train) {
                d = d - sumDy[c] / n - xhat[off + c] * sumDyXhat[c] / n;
            }
            dx[off + c] = (float) (scale[c] * d);
        }
    }
}
