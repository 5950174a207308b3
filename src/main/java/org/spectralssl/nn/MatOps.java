package org.spectralssl.nn;

/** Precision dispatch from tensors to {@link Kernels}; package-private plumbing for the layers. */
final class MatOps {
    private MatOps() {}

    /** C (+)= A·B on sub-matrices at the given offsets; all three tensors share one precision. */
    static void mult(Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff, int m, int k, int n,
            boolean accumulate) {
        if (a.precision() == Precision.FLOAT32) {
            Kernels.mult(a.floats(), aOff, b.floats(), bOff, c.floats(), cOff, m, k, n, accumulate);
        } else {
            Kernels.mult(a.doubles(), aOff, b.doubles(), bOff, c.doubles(), cOff, m, k, n, accumulate);
        }
    }

    /** C (+)= Aᵀ·B with A k×m at aOff; all three tensors share one precision. */
    static void multTransA(Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff, int m, int k, int n,
            boolean accumulate) {
        if (a.precision() == Precision.FLOAT32) {
            Kernels.multTransA(a.floats(), aOff, b.floats(), bOff, c.floats(), cOff, m, k, n, accumulate);
        } else {
            Kernels.multTransA(a.doubles(), aOff, b.doubles(), bOff, c.doubles(), cOff, m, k, n, accumulate);
        }
    }

    /** A new rows-less buffer (one row of cols·rows values) holding the transpose of a rows×cols block. */
    static Tensor transpose(Tensor a, int aOff, int rows, int cols) {
        Tensor t = Tensor.zeros(a.precision(), 1, rows * cols);
        if (a.precision() == Precision.FLOAT32) {
            Kernels.transpose(a.floats(), aOff, rows, cols, t.floats(), 0);
        } else {
            Kernels.transpose(a.doubles(), aOff, rows, cols, t.doubles(), 0);
        }
        return t;
    }

    /** grad[j] += Σ_r dy[r, j] over a rows×cols block (bias gradients), accumulated in double. */
    static void addColumnSums(Tensor dy, int off, int rows, int cols, Tensor grad) {
        double[] s = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                s[j] += dy.get(off + r * cols + j);
            }
        }
        for (int j = 0; j < cols; j++) {
            grad.add(j, s[j]);
        }
    }
}
