package org.spectralssl.loss;

import java.util.ArrayList;
import java.util.List;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.Gemm;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.WhiteningMode;

/**
 * INTL (E13) in float32: the same computation as {@link IntlLoss} (IterNorm E10 with its backward
 * E18, the trace loss E11/E20, the alignment E12/E21), with every matrix stored in float and every
 * product on {@link Gemm}'s float kernels (fused multiply-add); reductions (means, norms, traces,
 * inner products) accumulate in double. It exists for speed, as PyTorch's float32 does; the double
 * path of {@link IntlLoss} stays the reference, and {@code loss/IntlLossF32Test} holds this one to
 * it within a float tolerance.
 *
 * <p>Views are m×d row-major float arrays. Differences from the double path: a constant batch
 * (τ = 0) is refused instead of guarded, and no spectrum report is made. The backward reuses
 * P², P³ of the forward and skips the products with P_0 = I, as {@code spectral/IterNorm} does.
 */
@Equation({"E10", "E11", "E12", "E13", "E18", "E20", "E21"})
public final class IntlLossF32 {
    private IntlLossF32() {}

    /** The loss, its terms and dL/dZ_v for every view (m×d, float). */
    public record Result(double value, double align, double[] traces, double beta, List<float[]> gradients) {}

    /** INTL over V ≥ 2 views of m×d floats. Not modified: views. */
    public static Result compute(List<float[]> views, int m, int d, IntlLoss.Params p) {
        if (views == null || views.size() < 2) {
            throw new InvalidInputException("INTL needs at least 2 views, got " + (views == null ? 0 : views.size()));
        }
        for (int v = 0; v < views.size(); v++) {
            float[] z = views.get(v);
            if (z.length != m * d) {
                throw new InvalidInputException("view " + v + " has " + z.length + " values, not m·d = " + m * d);
            }
            for (float x : z) {
                if (!Float.isFinite(x)) {
                    throw new NonFiniteException("view " + v + " holds a non-finite value: " + x);
                }
            }
        }
        double beta = p.betaFor(m, d);
        Checks.atLeast("beta", beta, 0);
        int nv = views.size();
        // The views are independent until the alignment: their forwards (and below, their trace
        // terms and backwards) run side by side on the product threads; no bit depends on it.
        View[] forwards = new View[nv];
        Gemm.parallelFor(nv, v -> forwards[v] = new View(views.get(v), m, d, p));
        List<View> out = List.of(forwards);
        int n = out.get(0).n;
        int k = out.get(0).k;
        // dL/dX̂_v in the variables frame (n×k), alignment and trace terms added in.
        List<float[]> dxhat = new ArrayList<>();
        for (int v = 0; v < nv; v++) {
            dxhat.add(new float[n * k]);
        }
        double scale = 1.0 / (nv - 1);
        double align = 0;
        for (int v = 1; v < nv; v++) {
            align += alignment(out.get(v), out.get(0), m, d, scale, dxhat.get(v), dxhat.get(0));
        }
        align *= scale;
        double[] traces = new double[nv];
        float[][] grads = new float[nv][];
        Gemm.parallelFor(nv, v -> {
            double weight = v == 0 ? beta : beta * scale;
            traces[v] = traceLoss(out.get(v), weight, dxhat.get(v));
            grads[v] = out.get(v).backward(dxhat.get(v));
        });
        double total = align;
        for (int v = 0; v < nv; v++) {
            total += (v == 0 ? beta : beta * scale) * traces[v];
        }
        return new Result(total, align, traces, beta, List.of(grads));
    }

    /** The forward of IterNorm on one view, with what its backward needs. */
    private static final class View {
        final WhiteningMode mode;
        final int m;
        final int d;
        final int n;
        final int k;
        final int t;
        final int e;
        final double q;
        final double tau;
        final float[] xs;
        final float[] xsT;
        final float[] s;
        final float[][] pk;
        final float[][] squares;
        final float[][] cubes;
        final float[] w;
        final float[] xhat;

        View(float[] z, int m, int d, IntlLoss.Params p) {
            this.mode = p.mode();
            this.m = m;
            this.d = d;
            this.n = mode.size(m, d);
            this.k = mode.observations(m, d);
            this.t = p.iterations();
            this.q = p.divisor().of(k);
            float[] x = mode == WhiteningMode.FEATURES ? transpose(z, m, d) : z.clone();
            centreRows(x, n, k);
            float max = maxAbs(x);
            if (max == 0) {
                throw new InvalidInputException("the batch is constant (tr Σ = 0): IterNorm is undefined; the float64 "
                        + "path guards this case");
            }
            this.e = -Mat.binaryExponent(max);
            scalb(x, e);
            this.xs = x;
            this.xsT = transpose(x, n, k);
            // E2: Σ = X_s X_sᵀ/q, made exactly symmetric; S = Σ/τ.
            float[] sigma = mult(xs, xsT, n, k, n);
            double tr = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    float v = (float) ((0.5 * sigma[i * n + j] + 0.5 * sigma[j * n + i]) / q);
                    sigma[i * n + j] = v;
                    sigma[j * n + i] = v;
                }
                tr += sigma[i * n + i];
            }
            this.tau = tr;
            this.s = new float[n * n];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (sigma[i] / tau);
            }
            // E10: P_0 = I, P_1 = 1.5·I − 0.5·S, P_k = 1.5·P − 0.5·P³·S.
            pk = new float[t + 1][];
            squares = new float[t + 1][];
            cubes = new float[t + 1][];
            pk[0] = identity(n);
            for (int it = 1; it <= t; it++) {
                float[] a = pk[it - 1];
                float[] a3s;
                if (it == 1) {
                    a3s = s;
                } else {
                    squares[it] = mult(a, a, n, n, n);
                    cubes[it] = mult(squares[it], a, n, n, n);
                    a3s = mult(cubes[it], s, n, n, n);
                }
                float[] next = new float[n * n];
                for (int i = 0; i < next.length; i++) {
                    next[i] = (float) (1.5 * a[i] - 0.5 * a3s[i]);
                }
                pk[it] = next;
            }
            double rootTau = Math.sqrt(tau);
            this.w = new float[n * n];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (pk[t][i] / rootTau);
            }
            this.xhat = mult(w, xs, n, n, k);
            double traceOut = sumSquares(xhat, 0, xhat.length) / q;
            if (!(traceOut <= n * (1 + 1e-3))) {
                throw new NonFiniteException("IterNorm (float32) with T = " + t + " diverged: the output covariance "
                        + "has trace " + traceOut + " > n = " + n + "; use a smaller T or the float64 path");
            }
        }

        /** Element (r, c) of the output Ẑ (m×d) inside X̂ (n×k). */
        int at(int r, int c) {
            return mode == WhiteningMode.FEATURES ? c * k + r : r * k + c;
        }

        /** E18 from dL/dX̂ (n×k); returns dL/dZ (m×d). */
        float[] backward(float[] dx) {
            float[] dw = mult(dx, xsT, n, k, n);
            float[] dxs = multTransA(w, dx, n, n, k);
            double rootTau = Math.sqrt(tau);
            float[] dp = new float[n * n];
            double dotWp = 0;
            for (int i = 0; i < dp.length; i++) {
                dp[i] = (float) (dw[i] / rootTau);
                dotWp += (double) dw[i] * pk[t][i];
            }
            double dtau = -dotWp / (2 * tau * rootTau);
            double[] ds = new double[n * n];
            for (int it = t; it >= 1; it--) {
                if (it == 1) {
                    for (int i = 0; i < ds.length; i++) {
                        ds[i] -= 0.5 * dp[i];
                    }
                    break;
                }
                float[] a = pk[it - 1];
                float[] a2 = squares[it];
                float[] a3 = cubes[it];
                float[] as = mult(a, s, n, n, n);
                float[] a2s = mult(a2, s, n, n, n);
                // P_k = 1.5A − 0.5·A·A·A·S: one term per place A appears (E18).
                float[] t1 = mult(dp, transpose(a2s, n, n), n, n, n);
                float[] t2 = mult(multTransA(a, dp, n, n, n), transpose(as, n, n), n, n, n);
                float[] t3 = mult(multTransA(a2, dp, n, n, n), transpose(s, n, n), n, n, n);
                float[] t4 = multTransA(a3, dp, n, n, n);
                float[] da = new float[n * n];
                for (int i = 0; i < da.length; i++) {
                    da[i] = (float) (1.5 * dp[i] - 0.5 * ((double) t1[i] + t2[i] + t3[i]));
                    ds[i] -= 0.5 * t4[i];
                }
                dp = da;
            }
            // S = Σ/τ, τ = tr Σ; then E19: dX_s += (G + Gᵀ)·X_s/q.
            double dotDsS = 0;
            for (int i = 0; i < ds.length; i++) {
                dotDsS += ds[i] * s[i];
            }
            double dtauTotal = dtau - dotDsS / tau;
            float[] gs = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double g = ds[i * n + j] / tau + ds[j * n + i] / tau + (i == j ? 2 * dtauTotal : 0);
                    gs[i * n + j] = (float) (g / q);
                }
            }
            float[] cov = mult(gs, xs, n, n, k);
            for (int i = 0; i < dxs.length; i++) {
                dxs[i] += cov[i];
            }
            scalb(dxs, e);
            centreRows(dxs, n, k);
            return mode == WhiteningMode.FEATURES ? transpose(dxs, n, k) : dxs;
        }
    }

    /**
     * E12/E21 on the rows of Ẑ_a and Ẑ_b, gradients scaled by {@code scale} and added into ga, gb
     * (variables frame). Rows are independent: they run in blocks on the product threads, and the
     * cosines are summed in row order afterwards.
     */
    private static double alignment(View va, View vb, int m, int d, double scale, float[] ga, float[] gb) {
        // Row i of Ẑ (m×d) inside X̂ (n×k): contiguous in samples mode, column i in features mode.
        boolean samples = va.mode == WhiteningMode.SAMPLES;
        int stride = samples ? 1 : va.k;
        double[] cosines = new double[m];
        int blocks = Math.min(m, 4 * Gemm.threads());
        Gemm.parallelFor(blocks, blk -> {
            double[] u1 = new double[d];
            double[] u2 = new double[d];
            double c = -2.0 / m;
            for (int i = (int) ((long) m * blk / blocks); i < (int) ((long) m * (blk + 1) / blocks); i++) {
                int off = samples ? i * va.k : i;
                double n1 = Math.sqrt(sumSquares(va.xhat, off, stride, d));
                double n2 = Math.sqrt(sumSquares(vb.xhat, off, stride, d));
                double s1 = Math.max(n1, AlignmentLoss.NORM_EPS);
                double s2 = Math.max(n2, AlignmentLoss.NORM_EPS);
                for (int j = 0, at = off; j < d; j++, at += stride) {
                    u1[j] = va.xhat[at] / s1;
                    u2[j] = vb.xhat[at] / s2;
                }
                double cos = dot(u1, u2, d);
                cosines[i] = cos;
                for (int j = 0, at = off; j < d; j++, at += stride) {
                    double g1 = n1 >= AlignmentLoss.NORM_EPS ? (c * u2[j] - u1[j] * c * cos) / s1 : c * u2[j] / s1;
                    double g2 = n2 >= AlignmentLoss.NORM_EPS ? (c * u1[j] - u2[j] * c * cos) / s2 : c * u1[j] / s2;
                    ga[at] += (float) (scale * g1);
                    gb[at] += (float) (scale * g2);
                }
            }
        });
        double sumCos = 0;
        for (double cos : cosines) {
            sumCos += cos;
        }
        return 2 - 2 * sumCos / m;
    }

    /**
     * E11/E20 of one view (variables frame); the gradient times {@code weight} is added into g.
     * The gradient of a row, coef·(x̂ − mean), is centred (the centring's backward) and added row
     * by row.
     */
    private static double traceLoss(View v, double weight, float[] g) {
        int n = v.n;
        int k = v.k;
        double tl = 0;
        float[] grad = new float[k];
        for (int i = 0; i < n; i++) {
            int off = i * k;
            double mean = sum(v.xhat, off, k) / k;
            double var = sumSquaredDeviations(v.xhat, off, k, mean) / v.q;
            tl += (1 - var) * (1 - var);
            if (weight != 0) {
                double coef = 4 * (var - 1) / v.q;
                for (int j = 0; j < k; j++) {
                    grad[j] = (float) (coef * (v.xhat[off + j] - mean));
                }
                centre(grad, 0, k);
                for (int j = 0; j < k; j++) {
                    g[off + j] += (float) (weight * grad[j]);
                }
            }
        }
        return tl;
    }

    /** Each row of x (rows×cols) loses its mean (two passes, in double). */
    static void centreRows(float[] x, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            centre(x, i * cols, cols);
        }
    }

    /** x[off … off+len) loses its mean, computed in double and corrected by a second pass. */
    private static void centre(float[] x, int off, int len) {
        double mean = sum(x, off, len) / len;
        mean += sumDeviations(x, off, len, mean) / len;
        for (int j = off; j < off + len; j++) {
            x[j] = (float) (x[j] - mean);
        }
    }

    // ---- Reductions in double with four partial sums ---------------------------------------------
    // One running sum waits on every addition's latency; four independent ones (element j goes to
    // sum j mod 4, combined as (s0 + s1) + (s2 + s3)) run about four times faster. The order is
    // fixed, so the results do not depend on the machine or the threads.

    static double sum(float[] x, int off, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = off;
        int end = off + len;
        for (; j + 3 < end; j += 4) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
        }
        for (; j < end; j++) {
            s0 += x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (x_j − mean). */
    static double sumDeviations(float[] x, int off, int len, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = off;
        int end = off + len;
        for (; j + 3 < end; j += 4) {
            s0 += x[j] - mean;
            s1 += x[j + 1] - mean;
            s2 += x[j + 2] - mean;
            s3 += x[j + 3] - mean;
        }
        for (; j < end; j++) {
            s0 += x[j] - mean;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (x_j − mean)². */
    static double sumSquaredDeviations(float[] x, int off, int len, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = off;
        int end = off + len;
        for (; j + 3 < end; j += 4) {
            double a = x[j] - mean;
            double b = x[j + 1] - mean;
            double c = x[j + 2] - mean;
            double e = x[j + 3] - mean;
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += e * e;
        }
        for (; j < end; j++) {
            double a = x[j] - mean;
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ x_j² over x[off], x[off + stride], … (len elements). */
    static double sumSquares(float[] x, int off, int stride, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        int at = off;
        for (; j + 3 < len; j += 4, at += 4 * stride) {
            double a = x[at];
            double b = x[at + stride];
            double c = x[at + 2 * stride];
            double e = x[at + 3 * stride];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += e * e;
        }
        for (; j < len; j++, at += stride) {
            double a = x[at];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double sumSquares(float[] x, int off, int len) {
        return sumSquares(x, off, 1, len);
    }

    static double dot(double[] a, double[] b, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < len; j++) {
            s0 += a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float maxAbs(float[] x) {
        float m0 = 0;
        float m1 = 0;
        int j = 0;
        for (; j + 1 < x.length; j += 2) {
            m0 = Math.max(m0, Math.abs(x[j]));
            m1 = Math.max(m1, Math.abs(x[j + 1]));
        }
        for (; j < x.length; j++) {
            m0 = Math.max(m0, Math.abs(x[j]));
        }
        return Math.max(m0, m1);
    }

    /**
     * x ← 2^e·x, each element rounded once to float, bit for bit {@code Math.scalb(float, int)}
     * (which forms the exact product in double and rounds it once). When 2^e is a normal float the
     * float product is the same single rounding of the same exact value, and it vectorises.
     */
    static void scalb(float[] x, int e) {
        if (e >= Float.MIN_EXPONENT && e <= Float.MAX_EXPONENT) {
            float f = Math.scalb(1f, e);
            for (int i = 0; i < x.length; i++) {
                x[i] *= f;
            }
        } else {
            double f = Math.scalb(1.0, e);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * f);
            }
        }
    }

    static float[] identity(int n) {
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 1f;
        }
        return a;
    }

    /** A·B, A m×k, B k×n. */
    static float[] mult(float[] a, float[] b, int m, int k, int n) {
        float[] c = new float[m * n];
        Gemm.gemm(a, 0, k, 1, b, 0, n, c, 0, n, m, k, n, false);
        return c;
    }

    /** Aᵀ·B, A k×m, B k×n. */
    static float[] multTransA(float[] a, float[] b, int m, int k, int n) {
        float[] c = new float[m * n];
        Gemm.gemm(a, 0, 1, m, b, 0, n, c, 0, n, m, k, n, false);
        return c;
    }

    /** The transpose (cols×rows) of a rows×cols array, in tiles of {@link Gemm#TRANSPOSE_TILE}. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        final int tile = Gemm.TRANSPOSE_TILE;
        for (int r0 = 0; r0 < rows; r0 += tile) {
            for (int c0 = 0; c0 < cols; c0 += tile) {
                int r1 = Math.min(rows, r0 + tile);
                int c1 = Math.min(cols, c0 + tile);
                for (int c = c0; c < c1; c++) {
                    for (int r = r0; r < r1; r++) {
                        t[c * rows + r] = a[r * cols + c];
                    }
                }
            }
        }
        return t;
    }
}
