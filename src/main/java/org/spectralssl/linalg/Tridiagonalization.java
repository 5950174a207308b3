package org.spectralssl.linalg;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ with
 * Q = H_0·H_1·…·H_{n−3}, H_k = I − τ_k·v_k·v_kᵀ (v_k zero above row k+1, 1 at row k+1), and the
 * back-transformation U = Q·Z.
 *
 * <p>Reduction (unblocked, on the lower triangle): at step k the reflector comes from column k
 * below the diagonal; with p = τ·B·v (B the trailing matrix), w = p − (τ/2)(pᵀv)·v,
 * B ← B − v·wᵀ − w·vᵀ. The update of step k and the product B·v_{k+1} of step k+1 are fused:
 * column k+1 is updated first (one element per row), v_{k+1} is formed from it, and then every
 * later row of the lower triangle is updated and immediately used for both halves of the
 * symmetric product ({@link TridiagonalKernel#symmetricRow}), so the trailing triangle is read and
 * written once per step. v_k is stored in row k from column k+2 on (the unused upper triangle).
 *
 * <p>Back-transformation: the reflectors in blocks of {@value #BLOCK}, each as I − V·S·Vᵀ (compact WY,
 * S upper triangular, LAPACK's dlarft "forward, columnwise"), applied from the last block to the
 * first with three products on {@link Gemm}.
 *
 * <p>All arithmetic is in a fixed order (the kernels' and Gemm's), so the result does not depend on
 * the number of threads.
 */
final class Tridiagonalization {
    /** Reflectors per block of the back-transformation. */
    static final int BLOCK = 32;

    final int n;
    /** The reduced array: row k holds v_k from column k+2 on (k ≤ n−3). */
    final double[] a;
    final double[] diag;
    final double[] off;
    final double[] tau;

    private Tridiagonalization(int n, double[] a, double[] diag, double[] off, double[] tau) {
        this.n = n;
        this.a = a;
        this.diag = diag;
        this.off = off;
        this.tau = tau;
    }

    /** Reduces the n×n symmetric row-major array a (both triangles used; overwritten). */
    static Tridiagonalization reduce(double[] a, int n) {
        return reduce(a, n, TridiagonalKernel.get());
    }

    static Tridiagonalization reduce(double[] a, int n, TridiagonalKernel kernel) {
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        double[] tau = new double[Math.max(0, n - 2)];
        if (n == 0) {
            return new Tridiagonalization(n, a, d, e, tau);
        }
        d[0] = a[0];
        if (n == 1) {
            return new Tridiagonalization(n, a, d, e, tau);
        }
        if (n == 2) {
            d[1] = a[3];
            e[0] = a[2];
            return new Tridiagonalization(n, a, d, e, tau);
        }
        double[] v = new double[n];
        double[] w = new double[n];
        double[] p = new double[n];
        double[] col = new double[n];
        double[] vNext = new double[n];
        // Reflector 0 from column 0, and p = B·v_0 for the untouched trailing matrix (a rank-2 update by 0).
        for (int i = 1; i < n; i++) {
            col[i] = a[i * n];
        }
        e[0] = householder(col, 0, n, v, tau, a);
        for (int i = 1; i < n; i++) {
            p[i] = kernel.symmetricRow(a, i * n, 1, i + 1, 0, 0, v[i], w, w, v, p);
        }
        for (int k = 0; k <= n - 3; k++) {
            double t = tau[k];
            // w = τ·p − (τ/2)(τ·pᵀv)·v on indices k+1..n−1
            double pv = 0;
            for (int i = k + 1; i < n; i++) {
                p[i] *= t;
                pv = Math.fma(p[i], v[i], pv);
            }
            double alpha = -0.5 * t * pv;
            for (int i = k + 1; i < n; i++) {
                w[i] = Math.fma(alpha, v[i], p[i]);
            }
            // Column r = k+1 of the updated trailing matrix (rows r..n−1), by the kernel's formula.
            int r = k + 1;
            for (int i = r; i < n; i++) {
                col[i] = Math.fma(-v[i], w[r], Math.fma(-w[i], v[r], a[i * n + r]));
            }
            d[r] = col[r];
            if (r <= n - 3) {
                e[r] = householder(col, r, n, vNext, tau, a);
                for (int i = r + 1; i < n; i++) {
                    p[i] = 0;
                }
                for (int i = r + 1; i < n; i++) {
                    // p[i] gets this row's terms now and the later rows' transposed terms after
                    p[i] = kernel.symmetricRow(a, i * n, r + 1, i + 1, v[i], w[i], vNext[i], v, w, vNext, p);
                }
            } else {
                // the last 2×2 block: rows n−2 (= r) and n−1
                e[r] = col[n - 1];
                int last = (n - 1) * n + n - 1;
                d[n - 1] = Math.fma(-v[n - 1], w[n - 1], Math.fma(-w[n - 1], v[n - 1], a[last]));
            }
            double[] s = v;
            v = vNext;
            vNext = s;
        }
        return new Tridiagonalization(n, a, d, e, tau);
    }

    /**
     * The reflector of x[k+1..n−1] (column k below the diagonal): H·x = β·e_1. Writes v (v[k+1] = 1,
     * v[k+2..] the tail, zero before), τ_k, and stores the tail in a[k][k+2..] (the upper triangle,
     * which the reduction does not use); returns β. A tail whose largest entry is below 2^−1000 is
     * treated as zero (H = I): the matrix reaching here has its largest entry in [1, 2), so this
     * drops less than 2^−990 in absolute terms.
     */
    private static double householder(double[] x, int k, int n, double[] v, double[] tau, double[] a) {
        int row = k * n;
        double alpha = x[k + 1];
        double max = 0;
        for (int j = k + 2; j < n; j++) {
            max = Math.max(max, Math.abs(x[j]));
        }
        java.util.Arrays.fill(v, 0, k + 1, 0.0);
        v[k + 1] = 1;
        if (max < 0x1p-1000) {
            tau[k] = 0;
            for (int j = k + 2; j < n; j++) {
                v[j] = 0;
                a[row + j] = 0;
            }
            return alpha;
        }
        double ssq = 0;
        for (int j = k + 2; j < n; j++) {
            double y = x[j] / max;
            ssq = Math.fma(y, y, ssq);
        }
        double xnorm = max * Math.sqrt(ssq);
        double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
        tau[k] = (beta - alpha) / beta;
        double scale = 1 / (alpha - beta);
        for (int j = k + 2; j < n; j++) {
            double y = x[j] * scale;
            v[j] = y;
            a[row + j] = y;
        }
        return beta;
    }

    /** z ← Q·z for an n×cols row-major z (cols = n for a full set of vectors). Modified: z. */
    void applyQ(double[] z, int cols) {
        int r = n - 2; // reflectors
        if (r <= 0) {
            return;
        }
        double[] vb = new double[n * BLOCK];
        double[] s = new double[BLOCK * BLOCK];
        double[] y = new double[BLOCK];
        double[] w1 = new double[BLOCK * cols];
        double[] w2 = new double[BLOCK * cols];
        int lastStart = ((r - 1) / BLOCK) * BLOCK;
        for (int b = lastStart; b >= 0; b -= BLOCK) {
            int nb = Math.min(BLOCK, r - b);
            int m = n - b - 1; // rows b+1..n−1
            // V (m×nb): column j is v_{b+j} restricted to rows b+1..
            java.util.Arrays.fill(vb, 0, m * nb, 0.0);
            for (int j = 0; j < nb; j++) {
                int k = b + j;
                vb[j * nb + j] = 1; // row k+1 = b+1+j
                for (int row = k + 2; row < n; row++) {
                    vb[(row - b - 1) * nb + j] = a[k * n + row];
                }
            }
            // S (nb×nb, upper triangular): S_jj = τ_j, S[0:j, j] = −τ_j·S[0:j, 0:j]·(V[:,0:j]ᵀ·v_j)
            java.util.Arrays.fill(s, 0, nb * nb, 0.0);
            for (int j = 0; j < nb; j++) {
                double tj = tau[b + j];
                for (int i = 0; i < j; i++) {
                    double acc = 0;
                    for (int row = j; row < m; row++) { // v_j is zero above its row j
                        acc += vb[row * nb + i] * vb[row * nb + j];
                    }
                    y[i] = acc;
                }
                for (int i = 0; i < j; i++) {
                    double acc = 0;
                    for (int l = i; l < j; l++) {
                        acc += s[i * nb + l] * y[l];
                    }
                    s[i * nb + j] = -tj * acc;
                }
                s[j * nb + j] = tj;
            }
            int zOff = (b + 1) * cols;
            // W1 = Vᵀ·Z_sub (nb×cols)
            Gemm.gemm(vb, 0, 1, nb, z, zOff, cols, w1, 0, cols, nb, m, cols, false);
            // W2 = −S·W1
            Gemm.gemm(s, 0, nb, 1, w1, 0, cols, w2, 0, cols, nb, nb, cols, false);
            for (int i = 0; i < nb * cols; i++) {
                w2[i] = -w2[i];
            }
            // Z_sub += V·W2
            Gemm.gemm(vb, 0, nb, 1, w2, 0, cols, z, zOff, cols, m, nb, cols, true);
        }
    }
}
