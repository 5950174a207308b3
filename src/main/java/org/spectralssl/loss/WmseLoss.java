package org.spectralssl.loss;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.Cholesky;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * W-MSE for two views (Ermolov, Siarohin, Sangineto, Sebe, "Whitening for Self-Supervised
 * Representation Learning", ICML 2021; official code {@code htdt/self-supervised},
 * {@code methods/whitening.py} and {@code methods/w_mse.py}). Each view is whitened separately by
 * Cholesky, then the whitened views are aligned (E14):
 *
 * <pre>
 *   X   = mode.toVariables(Z)                 n×k   (FEATURES: X = Zᵀ, n = d, k = m)
 *   X_c = X (I − 11ᵀ/k)                       n×k   (E1)
 *   Σ   = X_c X_cᵀ / q,  q = divisor.of(k)    n×n   (E2)
 *   A   = (1 − ε) Σ + ε I = L Lᵀ              n×n   L lower triangular, positive diagonal
 *   Y   = L⁻¹ X_c                             n×k
 *   Ẑ   = mode.fromVariables(Y)               m×d
 *   L_W-MSE = 2 − 2·(1/m)·Σ_i cos(ẑ1_i, ẑ2_i)       over rows (samples), as {@link AlignmentLoss}
 * </pre>
 *
 * The official code whitens the d×d covariance (FEATURES), divides by k − 1, and uses ε = 0 by
 * default; these are the defaults here. It also whitens sub-batches of {@code w_size} samples,
 * repeated {@code w_iter} times over random permutations; this class whitens the whole batch once
 * (call it per sub-batch and average to emulate that).
 *
 * <p>Backward (E22), derived in the comments of {@link #backward}: through the alignment
 * ({@link AlignmentLoss}), the triangular solve, the Cholesky factorisation (Murray 2016,
 * "Differentiation of the Cholesky decomposition", arXiv 1602.07527; the same formula as
 * PyTorch's {@code cholesky_backward}), the covariance and the centring.
 *
 * <p>Non-finite values: inputs must be finite ({@link InvalidInputException} otherwise). If A is
 * not numerically positive definite (see {@link Cholesky}) an {@link InvalidInputException} says
 * so instead of returning NaN or noise-amplified values; with ε = 0 that is always the case when
 * k − 1 &lt; n (a batch of at most d samples in FEATURES mode), since centring leaves rank k − 1.
 * An output row of norm below 1e-12 is handled as {@link AlignmentLoss} does.
 */
@Equation({"E14", "E22"})
public final class WmseLoss {
    private WmseLoss() {}

    /**
     * W-MSE's settings.
     *
     * @param mode which matrix is whitened (default FEATURES, the d×d covariance, as W-MSE does)
     * @param divisor covariance divisor (default {@link Divisor#DEFAULT}, k − 1, as W-MSE does)
     * @param eps shrinkage ε in [0, 1]: A = (1 − ε)Σ + εI (default 0, W-MSE's {@code w_eps})
     */
    public record Params(WhiteningMode mode, Divisor divisor, double eps) {
        /** W-MSE's own settings, defined once. */
        public static final Params DEFAULTS = new Params(WhiteningMode.FEATURES, Divisor.DEFAULT, 0.0);

        public Params {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(divisor, "divisor");
            if (!(eps >= 0 && eps <= 1)) {
                throw new InvalidInputException("W-MSE eps must be in [0, 1] (A = (1 − eps)·Σ + eps·I), got " + eps);
            }
        }

        public Params withMode(WhiteningMode m) {
            return new Params(m, divisor, eps);
        }

        public Params withDivisor(Divisor dv) {
            return new Params(mode, dv, eps);
        }

        public Params withEps(double e) {
            return new Params(mode, divisor, e);
        }
    }

    /**
     * The forward state of one view, kept for the backward pass.
     *
     * @param xc X_c (n×k)
     * @param lower L (n×n)
     * @param y Y = L⁻¹ X_c (n×k)
     * @param q the covariance divisor
     * @param zhat Ẑ (m×d)
     */
    private record Whitened(DMatrixRMaj xc, DMatrixRMaj lower, DMatrixRMaj y, double q, DMatrixRMaj zhat) {}

    /**
     * The loss, its term {@code align} (equal to the value) and dL/dZ1, dL/dZ2 (m×d each).
     * Not modified: z1, z2.
     */
    @Equation({"E14", "E22"})
    public static LossResult compute(DMatrixRMaj z1, DMatrixRMaj z2, Params p) {
        Objects.requireNonNull(p, "params");
        TwoViews.check(z1, z2);
        Whitened w1 = forward("z1", z1, p);
        Whitened w2 = forward("z2", z2, p);
        LossResult align = AlignmentLoss.compute(w1.zhat(), w2.zhat());
        DMatrixRMaj g1 = backward(w1, align.gradient(0), p);
        DMatrixRMaj g2 = backward(w2, align.gradient(1), p);
        return new LossResult(align.value(), Map.of("align", align.value()), List.of(g1, g2));
    }

    /** Ẑ, the Cholesky-whitened batch (m×d) of one view. Not modified: z. */
    @Equation("E14")
    public static DMatrixRMaj whiten(DMatrixRMaj z, Params p) {
        Objects.requireNonNull(p, "params");
        Checks.finiteMatrix("z", z);
        Checks.minRows("z", z, 2);
        return forward("z", z, p).zhat();
    }

    @Equation("E14")
    private static Whitened forward(String name, DMatrixRMaj z, Params p) {
        WhiteningMode mode = p.mode();
        DMatrixRMaj xc = Centering.forward(mode.toVariables(z));
        int n = xc.numRows;
        int k = xc.numCols;
        double q = p.divisor().of(k);
        if (p.eps() == 0 && k - 1 < n) {
            // Centring leaves rank ≤ k − 1, so Σ (n×n) is singular whatever the values.
            throw singular(name, p, "rank <= " + (k - 1) + " < n = " + n + " after centring");
        }
        DMatrixRMaj a = Mat.scale(1 - p.eps(), Covariance.forward(xc, q));
        for (int i = 0; i < n; i++) {
            a.unsafe_set(i, i, a.unsafe_get(i, i) + p.eps());
        }
        Cholesky.Factor f = Cholesky.lower(a);
        if (!f.succeeded()) {
            throw singular(name, p, "Cholesky pivot " + f.failedPivot() + " of " + n + " is " + f.pivot()
                    + " <= tolerance " + f.tolerance());
        }
        DMatrixRMaj y = Cholesky.solveLower(f.lower(), xc);
        return new Whitened(xc, f.lower(), y, q, mode.fromVariables(y));
    }

    private static InvalidInputException singular(String name, Params p, String detail) {
        String remedy = p.mode() == WhiteningMode.FEATURES
                ? "a batch of at least about 2× the dimension"
                : "an embedding dimension of at least about 2× the batch size (samples mode whitens the m×m Gram matrix)";
        return new InvalidInputException(name + ": covariance is singular (" + detail + ", eps = " + p.eps()
                + "); use eps > 0 (for example 1e-4) or " + remedy);
    }

    /**
     * E22: dL/dZ of one view from G = dL/dẐ (m×d). Not modified: w, gradZhat.
     *
     * <pre>
     *   Ȳ   = mode.toVariables(G)                                   n×k
     *   Y = L⁻¹X_c  ⇒  dY = L⁻¹ dX_c − L⁻¹ dL Y, so
     *     X̄_c ← L⁻ᵀ Ȳ,    L̄ = −tril(L⁻ᵀ Ȳ Yᵀ)
     *   A = L Lᵀ   ⇒  L⁻¹ dL = Φ(L⁻¹ dA L⁻ᵀ), Φ = lower triangle with halved diagonal, so
     *     Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)                               (Murray 2016; sym(M) = (M + Mᵀ)/2)
     *   Σ̄ = (1 − ε) Ā;   X̄_c += (Σ̄ + Σ̄ᵀ) X_c / q                   (E19, Covariance.backward)
     *   X̄ = X̄_c (I − 11ᵀ/k)                                        (E19, Centering.backward)
     *   Z̄ = mode.fromVariables(X̄)
     * </pre>
     */
    @Equation("E22")
    private static DMatrixRMaj backward(Whitened w, DMatrixRMaj gradZhat, Params p) {
        DMatrixRMaj l = w.lower();
        int n = l.numRows;
        DMatrixRMaj gy = p.mode().toVariables(gradZhat);
        DMatrixRMaj m = Cholesky.solveLowerTransposed(l, gy);
        DMatrixRMaj gradXc = m.copy();
        DMatrixRMaj gl = Mat.multTransB(m, w.y());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gl.unsafe_set(i, j, j <= i ? -gl.unsafe_get(i, j) : 0);
            }
        }
        DMatrixRMaj phi = Mat.multTransA(l, gl);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = phi.unsafe_get(i, j);
                phi.unsafe_set(i, j, j < i ? v : j == i ? 0.5 * v : 0);
            }
        }
        // L⁻ᵀ Φ L⁻¹ = (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ.
        DMatrixRMaj left = Cholesky.solveLowerTransposed(l, phi);
        DMatrixRMaj ga = Mat.transpose(Cholesky.solveLowerTransposed(l, Mat.transpose(left)));
        DMatrixRMaj gSigma = Mat.scale(1 - p.eps(), Mat.symmetrize(ga));
        Mat.addInPlace(gradXc, 1.0, Covariance.backward(gSigma, w.xc(), w.q()));
        return p.mode().fromVariables(Centering.backward(gradXc));
    }
}
