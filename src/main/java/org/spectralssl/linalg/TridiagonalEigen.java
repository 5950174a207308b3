package org.spectralssl.linalg;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQREigenHelper_DDRM;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQrAlgorithm_DDRM;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T (diagonal d, off-diagonal e) by
 * Cuppen's divide and conquer with Gu–Eisenstat's eigenvectors (the method of LAPACK's dstedc):
 * <ol>
 *   <li>T splits at every off-diagonal with |e_i| ≤ ε·√|d_i|·√|d_{i+1}|; each block is solved alone.</li>
 *   <li>A block of more than {@value #LEAF} rows is cut in the middle, T = diag(T1, T2) + ρ·u·uᵀ
 *       (ρ = |β|, u = e_m + sign(β)·e_{m+1}, β the off-diagonal at the cut, subtracted from the two
 *       diagonal entries beside it); T1 and T2 are solved recursively, Qᵢ·Λᵢ·Qᵢᵀ, and then
 *       T = Q·(D + ρ·z·zᵀ)·Qᵀ with Q = diag(Q1, Q2), D = diag(Λ1, Λ2), z = Qᵀ·u.</li>
 *   <li>Deflation (LAPACK's dlaed2): with tol = 8ε·max(max|D|, max|z|) and z normalised, a
 *       component with ρ·|z_j| ≤ tol keeps d_j as an eigenvalue and its column of Q as the vector;
 *       two neighbouring d's whose Givens rotation (zeroing one z) leaves an off-diagonal
 *       |(d_j − d_i)·c·s| ≤ tol are rotated and one of them is kept as well.</li>
 *   <li>The k remaining poles (distinct, ascending) give the roots of the secular equation
 *       1/ρ + Σ z_i²/(d_i − λ) = 0, one in each gap and one above the last pole
 *       ({@link #secular}); each root is held as λ = d_o + τ with d_o the nearer pole, so every
 *       d_i − λ = (d_i − d_o) − τ is computed without cancellation.</li>
 *   <li>Gu–Eisenstat: ẑ is recomputed from the computed roots (Löwner's formula,
 *       ẑ_i² ∝ −(d_i − λ_i)·Π_{j≠i} (d_i − λ_j)/(d_i − d_j)), and the vectors are ẑ_i/(d_i − λ_j),
 *       normalised: the exact eigenvectors of a nearby D + ρ·ẑ·ẑᵀ, hence orthogonal to working
 *       precision however close the roots are.</li>
 *   <li>The merged vectors are Q·U on {@link Gemm}, as two products: the rows of T1 with the
 *       columns that are non-zero there, and the rows of T2 likewise (LAPACK's column types).</li>
 * </ol>
 * Blocks of at most {@value #LEAF} rows are solved by EJML's implicit QR iteration on the
 * tridiagonal ({@link #leaf}). Every step is in a fixed order, so the result does not depend on the number
 * of threads.
 */
final class TridiagonalEigen {
    /** Largest block solved by the QR iteration. */
    static final int LEAF = 32;
    /** Unit roundoff, 2^−53 (LAPACK's dlamch('E')). */
    static final double EPS = 0x1p-53;
    private static final int MAX_SECULAR_ITERATIONS = 3000;

    private TridiagonalEigen() {}

    /** Eigenvalues ascending; vectors n×n row-major, column j the eigenvector of value j. */
    record Result(double[] values, double[] vectors) {}

    /** Solves the n×n tridiagonal with diagonal d (n) and off-diagonal e (n−1). Not modified: d, e. */
    static Result solve(double[] d, double[] e, int n) {
        double[] values = new double[n];
        double[] z = new double[n * n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            boolean split = i == n - 1
                    || Math.abs(e[i]) <= EPS * Math.sqrt(Math.abs(d[i])) * Math.sqrt(Math.abs(d[i + 1]));
            if (!split) {
                continue;
            }
            int len = i - start + 1;
            Result b = divideAndConquer(Arrays.copyOfRange(d, start, i + 1), Arrays.copyOfRange(e, start, i), len);
            System.arraycopy(b.values, 0, values, start, len);
            for (int r = 0; r < len; r++) {
                System.arraycopy(b.vectors, r * len, z, (start + r) * n + start, len);
            }
            start = i + 1;
        }
        return sorted(values, z, n);
    }

    /** The values ascending (stable for ties) and the columns of z in the same order. */
    private static Result sorted(double[] values, double[] z, int n) {
        int[] order = argsort(values, n);
        boolean identity = true;
        for (int i = 0; i < n && identity; i++) {
            identity = order[i] == i;
        }
        if (identity) {
            return new Result(values, z);
        }
        double[] v = new double[n];
        double[] out = new double[n * n];
        for (int j = 0; j < n; j++) {
            v[j] = values[order[j]];
        }
        for (int r = 0; r < n; r++) {
            int row = r * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = z[row + order[j]];
            }
        }
        return new Result(v, out);
    }

    /** Indices of values[0..n) in ascending order of value, ties by index. */
    static int[] argsort(double[] values, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(values[x], values[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** One unreduced block (d and e are its own copies and are overwritten). Values ascending. */
    static Result divideAndConquer(double[] d, double[] e, int n) {
        if (n <= LEAF) {
            return leaf(d, e, n);
        }
        int m = n / 2;
        double beta = e[m - 1];
        double rho = Math.abs(beta);
        d[m - 1] -= rho;
        d[m] -= rho;
        Result left = divideAndConquer(Arrays.copyOfRange(d, 0, m), Arrays.copyOfRange(e, 0, m - 1), m);
        Result right = divideAndConquer(Arrays.copyOfRange(d, m, n), Arrays.copyOfRange(e, m, n - 1), n - m);
        return merge(left, right, m, n, rho, beta < 0 ? -1 : 1);
    }

    /** Merges the two halves' solutions through the rank-one update ρ·u·uᵀ (see the class comment). */
    static Result merge(Result left, Result right, int m, int n, double rho, double sign) {
        int m2 = n - m;
        double[] dd = new double[n];
        System.arraycopy(left.values, 0, dd, 0, m);
        System.arraycopy(right.values, 0, dd, m, m2);
        double[] q = new double[n * n];
        for (int r = 0; r < m; r++) {
            System.arraycopy(left.vectors, r * m, q, r * n, m);
        }
        for (int r = 0; r < m2; r++) {
            System.arraycopy(right.vectors, r * m2, q, (m + r) * n + m, m2);
        }
        double[] z = new double[n];
        System.arraycopy(left.vectors, (m - 1) * m, z, 0, m);
        for (int i = 0; i < m2; i++) {
            z[m + i] = sign * right.vectors[i];
        }
        double nz2 = 0;
        for (int i = 0; i < n; i++) {
            nz2 += z[i] * z[i];
        }
        double nz = Math.sqrt(nz2);
        for (int i = 0; i < n; i++) {
            z[i] /= nz;
        }
        rho *= nz2;

        // Deflation, in ascending order of d.
        int[] perm = argsort(dd, n);
        double dmax = 0;
        double zmax = 0;
        for (int i = 0; i < n; i++) {
            dmax = Math.max(dmax, Math.abs(dd[i]));
            zmax = Math.max(zmax, Math.abs(z[i]));
        }
        double tol = 8 * EPS * Math.max(dmax, zmax);
        int[] type = new int[n]; // 1: non-zero only in the rows of T1, 3: only in T2's, 2: both
        for (int i = 0; i < n; i++) {
            type[i] = i < m ? 1 : 3;
        }
        int[] kept = new int[n];
        int k = 0;
        int[] deflated = new int[n];
        int nd = 0;
        int pj = -1;
        for (int t = 0; t < n; t++) {
            int j = perm[t];
            if (rho * Math.abs(z[j]) <= tol) {
                deflated[nd++] = j;
                continue;
            }
            if (pj < 0) {
                pj = j;
                continue;
            }
            double s = z[pj];
            double c = z[j];
            double tau = Math.hypot(c, s);
            double gap = dd[j] - dd[pj];
            c /= tau;
            s = -s / tau;
            if (Math.abs(gap * c * s) <= tol) {
                z[j] = tau;
                z[pj] = 0;
                for (int r = 0; r < n; r++) {
                    int row = r * n;
                    double x = q[row + pj];
                    double y = q[row + j];
                    q[row + pj] = c * x + s * y;
                    q[row + j] = c * y - s * x;
                }
                if (type[pj] != type[j]) {
                    type[pj] = 2;
                    type[j] = 2;
                }
                double c2 = c * c;
                double s2 = s * s;
                double dp = dd[pj] * c2 + dd[j] * s2;
                dd[j] = dd[pj] * s2 + dd[j] * c2;
                dd[pj] = dp;
                deflated[nd++] = pj;
            } else {
                kept[k++] = pj;
            }
            pj = j;
        }
        if (pj >= 0) {
            kept[k++] = pj;
        }

        double[] outValues = new double[n];
        int[] source = new int[n]; // ≥ 0: column of q (deflated); < 0: −1 − index of a new vector
        double[] top = null;
        double[] bottom = null;
        if (k > 0) {
            double[] dl = new double[k];
            double[] zl = new double[k];
            for (int t = 0; t < k; t++) {
                dl[t] = dd[kept[t]];
                zl[t] = z[kept[t]];
            }
            double[] lambda = new double[k];
            double[] deltaT = new double[k * k]; // row j: d_i − λ_j
            secular(dl, zl, k, rho, lambda, deltaT);
            double[] ut = vectors(dl, zl, k, deltaT); // row j: the vector of λ_j in the pole basis
            // Group the kept columns by type; rows of U in the same order.
            int[] g = new int[k];
            int gi = 0;
            for (int ty = 1; ty <= 3; ty++) {
                for (int t = 0; t < k; t++) {
                    if (type[kept[t]] == ty) {
                        g[gi++] = t;
                    }
                }
            }
            int n1 = 0;
            int n3 = 0;
            for (int t = 0; t < k; t++) {
                n1 += type[kept[t]] == 1 ? 1 : 0;
                n3 += type[kept[t]] == 3 ? 1 : 0;
            }
            int n12 = k - n3;
            int n23 = k - n1;
            top = product(q, n, 0, m, kept, g, 0, n12, ut, k);
            bottom = product(q, n, m, m2, kept, g, n1, n23, ut, k);
            for (int t = 0; t < k; t++) {
                outValues[t] = lambda[t];
                source[t] = -1 - t;
            }
        }
        for (int t = 0; t < nd; t++) {
            outValues[k + t] = dd[deflated[t]];
            source[k + t] = deflated[t];
        }
        int[] order = argsort(outValues, n);
        double[] values = new double[n];
        double[] out = new double[n * n];
        for (int s = 0; s < n; s++) {
            values[s] = outValues[order[s]];
        }
        for (int r = 0; r < n; r++) {
            int row = r * n;
            for (int s = 0; s < n; s++) {
                int src = source[order[s]];
                if (src >= 0) {
                    out[row + s] = q[row + src];
                } else {
                    int t = -1 - src;
                    out[row + s] = r < m ? top[r * k + t] : bottom[(r - m) * k + t];
                }
            }
        }
        return new Result(values, out);
    }

    /**
     * Rows [r0, r0 + rows) of Q·U, using only the kept columns g[c0 .. c0 + cols) (the others are zero
     * in these rows): (rows × cols)·(cols × k) on Gemm. ut holds U transposed (row j = column j of U);
     * kept maps U's rows to columns of q.
     */
    private static double[] product(double[] q, int n, int r0, int rows, int[] kept, int[] g, int c0, int cols,
            double[] ut, int k) {
        double[] out = new double[rows * k];
        if (cols == 0 || rows == 0) {
            return out;
        }
        double[] qs = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            int src = (r0 + r) * n;
            for (int c = 0; c < cols; c++) {
                qs[r * cols + c] = q[src + kept[g[c0 + c]]];
            }
        }
        double[] us = new double[cols * k];
        for (int c = 0; c < cols; c++) {
            int t = g[c0 + c];
            for (int j = 0; j < k; j++) {
                us[c * k + j] = ut[j * k + t];
            }
        }
        Gemm.mult(qs, us, out, rows, cols, k);
        return out;
    }

    /**
     * The roots of 1/ρ + Σ z_i²/(d_i − λ) = 0 for ascending distinct d (k of them), ρ &gt; 0 and
     * non-zero z: λ_j in (d_j, d_{j+1}) and λ_{k−1} in (d_{k−1}, d_{k−1} + ρ·Σz²]. Writes λ and
     * deltaT[j·k + i] = d_i − λ_j, computed as (d_i − d_o) − τ with λ_j = d_o + τ, d_o the pole nearer
     * to the root (chosen by the sign of the function at the middle of the gap).
     *
     * <p>Each root is found by a safeguarded iteration on τ: a bracket [lo, hi] that always holds the
     * root is kept from the signs of the function; the step is the root of the two-pole model
     * c + s1/(δ_j − η) + s2/(δ_{j+1} − η) that matches the function's value and derivative with the
     * two nearest poles carrying the derivatives of the sums below and above the root (the "middle
     * way" of Li, LAPACK's dlaed4), or a bisection of the bracket when that step leaves it or the
     * function's value did not fall by half twice running. It stops when |f| is within the bound on the rounding
     * error of its evaluation, 8(|ψ| + |φ|) + 2/ρ + 3|τ|(ψ' + φ') times ε (as dlaed4), or when the
     * bracket cannot shrink.
     */
    static void secular(double[] dl, double[] zl, int k, double rho, double[] lambda, double[] deltaT) {
        double rhoinv = 1 / rho;
        double z2sum = 0;
        for (int i = 0; i < k; i++) {
            z2sum += zl[i] * zl[i];
        }
        double[] del = new double[k];
        double[] f = new double[4]; // ψ, ψ', φ, φ' at the last evaluation
        for (int j = 0; j < k; j++) {
            int o = j;
            double lo;
            double hi;
            double tau;
            if (j < k - 1) {
                double mid = (dl[j + 1] - dl[j]) / 2;
                evaluate(dl, zl, k, j, o, mid, del, f);
                if (rhoinv + f[0] + f[2] >= 0) {
                    lo = 0;
                    hi = mid;
                    tau = mid;
                } else {
                    o = j + 1;
                    lo = -mid;
                    hi = 0;
                    tau = -mid;
                    evaluate(dl, zl, k, j, o, tau, del, f);
                }
            } else {
                lo = 0;
                hi = rho * z2sum;
                tau = hi;
                evaluate(dl, zl, k, j, o, tau, del, f);
            }
            double prevAbsW = Double.POSITIVE_INFINITY;
            int slow = 0;
            for (int it = 0;; it++) {
                if (it > 0) {
                    evaluate(dl, zl, k, j, o, tau, del, f);
                }
                double psi = f[0];
                double dpsi = f[1];
                double phi = f[2];
                double dphi = f[3];
                double w = rhoinv + psi + phi;
                double err = 8 * (Math.abs(psi) + Math.abs(phi)) + 2 * rhoinv + 3 * Math.abs(tau) * (dpsi + dphi);
                if (Math.abs(w) <= EPS * err) {
                    break;
                }
                if (w < 0) {
                    lo = Math.max(lo, tau);
                } else {
                    hi = Math.min(hi, tau);
                }
                if (hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) || it >= MAX_SECULAR_ITERATIONS) {
                    break;
                }
                slow = Math.abs(w) > 0.5 * prevAbsW ? slow + 1 : 0;
                prevAbsW = Math.abs(w);
                double next = Double.NaN;
                if (slow < 2) {
                    double dj = del[j];
                    if (j < k - 1) {
                        double dj1 = del[j + 1];
                        double s1;
                        double s2;
                        if (it == 0) {
                            // first step: the two nearest poles with their own weights, the rest constant
                            s1 = zl[j] * zl[j];
                            s2 = zl[j + 1] * zl[j + 1];
                        } else {
                            // then Li's middle way: each pole carries the derivative of its side's sum
                            s1 = dj * dj * dpsi;
                            s2 = dj1 * dj1 * dphi;
                        }
                        double c = w - s1 / dj - s2 / dj1;
                        next = tau + modelRoot(c, s1, s2, dj, dj1, lo, hi, tau);
                    } else {
                        double c = w - dj * dpsi;
                        if (c > 0) {
                            next = tau + dj + dj * dj * dpsi / c;
                        }
                    }
                }
                if (!(next > lo && next < hi)) {
                    next = lo + (hi - lo) / 2;
                    slow = 0;
                    if (!(next > lo && next < hi)) {
                        break;
                    }
                }
                tau = next;
            }
            // del holds d_i − d_o − τ for the final τ (every exit follows an evaluation)
            lambda[j] = dl[o] + tau;
            System.arraycopy(del, 0, deltaT, j * k, k);
        }
    }

    /** δ_i = (d_i − d_o) − τ into del, and ψ, ψ', φ, φ' (the sums over i ≤ j and i &gt; j) into f. */
    private static void evaluate(double[] dl, double[] zl, int k, int j, int o, double tau, double[] del,
            double[] f) {
        double d0 = dl[o];
        double psi = 0;
        double dpsi = 0;
        double phi = 0;
        double dphi = 0;
        for (int i = 0; i <= j; i++) {
            double di = (dl[i] - d0) - tau;
            del[i] = di;
            double t = zl[i] / di;
            psi += zl[i] * t;
            dpsi += t * t;
        }
        for (int i = j + 1; i < k; i++) {
            double di = (dl[i] - d0) - tau;
            del[i] = di;
            double t = zl[i] / di;
            phi += zl[i] * t;
            dphi += t * t;
        }
        f[0] = psi;
        f[1] = dpsi;
        f[2] = phi;
        f[3] = dphi;
    }

    /**
     * The root η of the model c + s1/(δ_j − η) + s2/(δ_{j+1} − η) = 0, i.e. of c·η² − b·η + c0 = 0 with
     * b = c(δ_j + δ_{j+1}) + s1 + s2 and c0 = c·δ_j·δ_{j+1} + s1·δ_{j+1} + s2·δ_j, with τ + η in (lo, hi);
     * NaN when neither root is there.
     */
    private static double modelRoot(double c, double s1, double s2, double dj, double dj1, double lo, double hi,
            double tau) {
        double b = c * (dj + dj1) + s1 + s2;
        double c0 = c * dj * dj1 + s1 * dj1 + s2 * dj;
        if (c == 0) {
            return b == 0 ? Double.NaN : c0 / b;
        }
        double disc = b * b - 4 * c * c0;
        if (disc < 0) {
            disc = 0;
        }
        double q = (b + Math.copySign(Math.sqrt(disc), b)) / 2;
        double r1 = q / c;
        double r2 = q == 0 ? Double.NaN : c0 / q;
        boolean in1 = tau + r1 > lo && tau + r1 < hi;
        boolean in2 = tau + r2 > lo && tau + r2 < hi;
        if (in1 && in2) {
            return Math.abs(r1) <= Math.abs(r2) ? r1 : r2;
        }
        return in1 ? r1 : in2 ? r2 : Double.NaN;
    }

    /**
     * Gu–Eisenstat's vectors: ẑ from the roots (Löwner), then row j of the result = ẑ_i/(d_i − λ_j)
     * normalised (the eigenvector of λ_j in the basis of the poles).
     */
    static double[] vectors(double[] dl, double[] zl, int k, double[] deltaT) {
        // w_i = (d_i − λ_i)·Π_{j≠i} (d_i − λ_j)/(d_i − d_j), the factors taken in the order j = 0, 1, …
        // (row j of deltaT at a time, so the array is read in order)
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0);
        for (int j = 0; j < k; j++) {
            int row = j * k;
            double dj = dl[j];
            for (int i = 0; i < k; i++) {
                w[i] *= i == j ? deltaT[row + i] : deltaT[row + i] / (dl[i] - dj);
            }
        }
        double[] zh = new double[k];
        for (int i = 0; i < k; i++) {
            zh[i] = Math.copySign(Math.sqrt(Math.abs(w[i])), zl[i]);
        }
        double[] ut = new double[k * k];
        for (int j = 0; j < k; j++) {
            int row = j * k;
            double max = 0;
            for (int i = 0; i < k; i++) {
                double x = zh[i] / deltaT[row + i];
                ut[row + i] = x;
                max = Math.max(max, Math.abs(x));
            }
            double ss = 0;
            double sc = 1 / max; // the sum of squares on x/max cannot overflow
            for (int i = 0; i < k; i++) {
                double x = ut[row + i] * sc;
                ss += x * x;
            }
            double inv = 1 / (max * Math.sqrt(ss));
            for (int i = 0; i < k; i++) {
                ut[row + i] *= inv;
            }
        }
        return ut;
    }

    /**
     * A small block by EJML's implicit symmetric QR algorithm on the tridiagonal
     * ({@code SymmetricQrAlgorithm_DDRM}, the iteration behind {@code DecompositionFactory_DDRM.eig},
     * with its relative splitting test, eigenvalues and vectors together; its exceptional shifts come
     * from a generator with a fixed seed, so it is deterministic). Chosen over a textbook QL with an
     * absolute convergence test, which lost three orders of magnitude of relative accuracy on graded
     * matrices (spec/EIGEN.md). d and e are not modified. Values ascending, vectors as columns.
     *
     * @throws IllegalStateException if the iteration does not converge
     */
    static Result leaf(double[] d, double[] e, int n) {
        SymmetricQREigenHelper_DDRM helper = new SymmetricQREigenHelper_DDRM();
        SymmetricQrAlgorithm_DDRM qr = new SymmetricQrAlgorithm_DDRM(helper);
        double[] off = new double[Math.max(1, n)];
        System.arraycopy(e, 0, off, 0, n - 1);
        helper.init(d.clone(), off, n);
        DMatrixRMaj v = CommonOps_DDRM.identity(n); // accumulates Zᵀ: row i is the vector of value i
        helper.setQ(v);
        qr.setFastEigenvalues(false);
        if (!qr.process(-1, null, null)) {
            throw new IllegalStateException("tridiagonal QR iteration did not converge (n = " + n + ")");
        }
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            raw[i] = qr.getEigenvalue(i);
        }
        int[] order = argsort(raw, n);
        double[] values = new double[n];
        double[] z = new double[n * n];
        for (int j = 0; j < n; j++) {
            values[j] = raw[order[j]];
            int src = order[j] * n;
            for (int r = 0; r < n; r++) {
                z[r * n + j] = v.data[src + r];
            }
        }
        return new Result(values, z);
    }
}
