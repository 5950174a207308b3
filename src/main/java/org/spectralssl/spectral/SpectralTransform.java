package org.spectralssl.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.spec.Equation;

/**
 * Spectral transformation (E3): Σ = UΛUᵀ, F = U·g(Λ̃)·Uᵀ, X̂ = F·X_c, by EJML's symmetric
 * eigendecomposition, with the stabilisers of E9 and the exact Daleckii–Krein backward (E17).
 *
 * <p>Shapes: Z, Ẑ m×d; X_c, X̂ n×k in the variables frame; Σ, F, U n×n.
 *
 * <p>Scale frame (E9d): when g is homogeneous of degree h and ε = 0, the work is done on
 * X_s = 2^e·X_c with max|X_s| in [1, 2), which is exact, and the output is multiplied by
 * 2^(−e(2h+1)); for whitening (h = −1/2) that factor is 1. So inputs from 1e-150 to 1e150 give the
 * same digits. Other g are evaluated in the natural frame.
 *
 * <p>Non-finite values: the input must be finite. If g is not finite at a stabilised eigenvalue
 * (for example λ^(−p) at 0 with the floor disabled) a {@link NonFiniteException} says so; a
 * constant batch (Σ = 0) with such a g is handled by the zero-trace guard (E9c).
 */
@Equation({"E3", "E4", "E9", "E17"})
public final class SpectralTransform implements Whitener {
    private final WhiteningMode mode;
    private final Divisor divisor;
    private final SpectrumFunction g;
    private final Stabilisation stabilisation;

    /**
     * @param mode which matrix is whitened
     * @param divisor the covariance divisor
     * @param g the spectrum function
     * @param stabilisation the floor and ridge
     */
    public SpectralTransform(WhiteningMode mode, Divisor divisor, SpectrumFunction g, Stabilisation stabilisation) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.divisor = java.util.Objects.requireNonNull(divisor, "divisor");
        this.g = java.util.Objects.requireNonNull(g, "g");
        this.stabilisation = java.util.Objects.requireNonNull(stabilisation, "stabilisation");
    }

    /** ST with the default divisor and stabilisation. */
    public SpectralTransform(WhiteningMode mode, SpectrumFunction g) {
        this(mode, Divisor.DEFAULT, g, Stabilisation.DEFAULT);
    }

    @Override
    public WhiteningMode mode() {
        return mode;
    }

    @Override
    public Divisor divisor() {
        return divisor;
    }

    public SpectrumFunction function() {
        return g;
    }

    public Stabilisation stabilisation() {
        return stabilisation;
    }

    @Override
    public String describe() {
        return "st(" + g.describe() + ", mode=" + mode.id() + ", divisor=" + divisor.id() + ", eps="
                + stabilisation.eps() + ", floorUlps=" + stabilisation.floorUlps() + ")";
    }

    @Override
    @Equation({"E3", "E9"})
    public Whitening forward(DMatrixRMaj z) {
        Checks.finiteMatrix("z", z);
        DMatrixRMaj xc = Centering.forward(mode.toVariables(z));
        int n = xc.numRows;
        double q = divisor.of(xc.numCols);
        double maxAbs = Mat.maxAbs(xc);
        OptionalDouble degree = g.homogeneityDegree();
        boolean normalised = degree.isPresent() && stabilisation.eps() == 0 && maxAbs > 0;
        int e = normalised ? -Mat.binaryExponent(maxAbs) : 0;
        // Output factor of the normalised frame: Ẑ = s^(−2h−1)·Ẑ_s, and F = s^(−2h)·F_s, s = 2^e.
        double h = degree.orElse(0);
        double outFactor = normalised ? Math.pow(2, -e * (2 * h + 1)) : 1;
        double transformFactor = normalised ? Math.pow(2, -e * 2 * h) : 1;
        DMatrixRMaj xs = e == 0 ? xc : Mat.scalb(xc, e);
        DMatrixRMaj sigmaS = Covariance.forward(xs, q);
        Mat.SymmetricEigen eig = Mat.eigSymmetric(sigmaS);
        double[] mu = eig.values();
        double muMax = mu[n - 1];
        List<String> actions = new ArrayList<>();

        double floor = muMax > 0 ? stabilisation.floorRelative(n) * muMax : 0;
        int floored = 0;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            double lam = mu[i];
            if (lam < floor) {
                lam = floor;
                floored++;
            }
            f[i] = g.value(lam + stabilisation.eps());
        }
        if (floored > 0) {
            actions.add("eigenvalue floor raised " + floored + " of " + n + " eigenvalues to "
                    + Math.scalb(floor, -2 * e) + " (δ = " + stabilisation.floorRelative(n) + " of λ_max)");
        }
        if (stabilisation.eps() > 0) {
            actions.add("ridge ε = " + stabilisation.eps() + " added to every eigenvalue before g");
        }
        boolean allFinite = true;
        int bad = -1;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(f[i])) {
                allFinite = false;
                bad = i;
                break;
            }
        }
        DMatrixRMaj sigma = e == 0 ? sigmaS : Mat.scalb(sigmaS, -2 * e);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = Math.scalb(mu[i], -2 * e);
        }
        if (!allFinite) {
            if (maxAbs == 0) {
                actions.add("zero-trace guard: the batch is constant (Σ = 0) and " + g.describe()
                        + " is not finite at 0; output and gradient set to 0");
                return new Guarded(mode, divisor, z.numRows, z.numCols, sigma, lambda, eig.vectors(), actions);
            }
            throw new NonFiniteException(g.describe() + " is not finite at eigenvalue " + lambda[bad] + " (index "
                    + bad + " ascending, λ_max = " + lambda[n - 1] + "); enable the eigenvalue floor "
                    + "(floorUlps > 0) or a ridge eps > 0");
        }
        DMatrixRMaj fs = Mat.spectralProduct(eig.vectors(), f);
        DMatrixRMaj xhatS = Mat.mult(fs, xs);
        DMatrixRMaj xhat = outFactor == 1 ? xhatS : Mat.scale(outFactor, xhatS);
        DMatrixRMaj output = mode.fromVariables(xhat);
        Checks.finiteMatrix("ST output", output);
        DMatrixRMaj transform = transformFactor == 1 ? fs : Mat.scale(transformFactor, fs);
        return new Result(this, xs, e, q, outFactor, mu, floor, eig.vectors(), fs, sigma, lambda, transform, output,
                floored, actions);
    }

    /** The stabilised function f(μ) = g(max(μ, floor) + ε) of E9, as used forward. */
    private double stabilised(double mu, double floor) {
        return g.value(Math.max(mu, floor) + stabilisation.eps());
    }

    /**
     * f[a, b] for the stabilised f (E17): g's own divided difference above the floor, 0 below it,
     * and the secant to the floor when a and b straddle it.
     */
    @Equation("E17")
    double stabilisedDividedDifference(double a, double b, double floor) {
        double eps = stabilisation.eps();
        boolean aLow = a < floor;
        boolean bLow = b < floor;
        if (!aLow && !bLow) {
            return g.dividedDifference(a + eps, b + eps);
        }
        if (aLow && bLow) {
            return 0;
        }
        double hi = aLow ? b : a;
        double lo = aLow ? a : b;
        return g.dividedDifference(hi + eps, floor + eps) * (hi - floor) / (hi - lo);
    }

    private static final class Result implements Whitening {
        private final SpectralTransform st;
        private final DMatrixRMaj xs;
        private final int e;
        private final double q;
        private final double outFactor;
        private final double[] mu;
        private final double floor;
        private final DMatrixRMaj u;
        private final DMatrixRMaj fs;
        private final DMatrixRMaj sigma;
        private final double[] lambda;
        private final DMatrixRMaj transform;
        private final DMatrixRMaj output;
        private final int floored;
        private final List<String> actions;
        private SpectrumReport report;

        Result(SpectralTransform st, DMatrixRMaj xs, int e, double q, double outFactor, double[] mu, double floor,
                DMatrixRMaj u, DMatrixRMaj fs, DMatrixRMaj sigma, double[] lambda, DMatrixRMaj transform,
                DMatrixRMaj output, int floored, List<String> actions) {
            this.st = st;
            this.xs = xs;
            this.e = e;
            this.q = q;
            this.outFactor = outFactor;
            this.mu = mu;
            this.floor = floor;
            this.u = u;
            this.fs = fs;
            this.sigma = sigma;
            this.lambda = lambda;
            this.transform = transform;
            this.output = output;
            this.floored = floored;
            this.actions = actions;
        }

        @Override
        public DMatrixRMaj output() {
            return output;
        }

        @Override
        public DMatrixRMaj transform() {
            return transform;
        }

        @Override
        public DMatrixRMaj covarianceIn() {
            return sigma;
        }

        @Override
        @Equation({"E4", "E25"})
        public synchronized SpectrumReport report() {
            if (report == null) {
                int n = mu.length;
                double[] target = new double[n];
                for (int i = 0; i < n; i++) {
                    // E4: output eigenvalue λ·f(λ̃)². In the normalised frame λ = μ·s⁻² and
                    // f(λ̃) = s^(−2h)·f_s(μ̃), so λ·f(λ̃)² = μ·f_s(μ̃)²·outFactor².
                    double fs = st.stabilised(mu[i], floor);
                    target[i] = mu[i] * fs * fs * outFactor * outFactor;
                }
                DMatrixRMaj covOut = Covariance.ofBatch(output, st.mode, st.divisor);
                report = SpectrumReport.build(lambda, u, target, covOut, floored, false, actions);
            }
            return report;
        }

        @Override
        @Equation({"E17", "E19"})
        public DMatrixRMaj backward(DMatrixRMaj gradOutput) {
            Checks.finiteMatrix("gradient of the output", gradOutput);
            Checks.sameShape("gradient of the output", gradOutput, "output", output);
            int n = mu.length;
            DMatrixRMaj dxhat = st.mode.toVariables(gradOutput);
            if (outFactor != 1) {
                dxhat = Mat.scale(outFactor, dxhat);
            }
            // Direct path: X̂_s = F_s·X_s, so dX_s = F_sᵀ·dX̂_s = F_s·dX̂_s.
            DMatrixRMaj dxs = Mat.mult(fs, dxhat);
            // Through F_s = f(Σ_s): Daleckii–Krein, dΣ_s = U (K ∘ Uᵀ sym(dF) U) Uᵀ.
            DMatrixRMaj df = Mat.symmetrize(Mat.multTransB(dxhat, xs));
            DMatrixRMaj inner = Mat.multTransA(u, Mat.mult(df, u));
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double k = st.stabilisedDividedDifference(mu[i], mu[j], floor);
                    inner.unsafe_set(i, j, inner.unsafe_get(i, j) * k);
                    if (i != j) {
                        inner.unsafe_set(j, i, inner.unsafe_get(j, i) * k);
                    }
                }
            }
            DMatrixRMaj dsigma = Mat.multTransB(Mat.mult(u, inner), u);
            Mat.addInPlace(dxs, 1, Covariance.backward(dsigma, xs, q));
            DMatrixRMaj dxc = e == 0 ? dxs : Mat.scalb(dxs, e);
            return st.mode.fromVariables(Centering.backward(dxc));
        }
    }

    /** The zero-trace guard's result (E9c): output 0, gradient 0. */
    static final class Guarded implements Whitening {
        private final WhiteningMode mode;
        private final Divisor divisor;
        private final DMatrixRMaj output;
        private final DMatrixRMaj sigma;
        private final double[] lambda;
        private final DMatrixRMaj u;
        private final List<String> actions;
        private SpectrumReport report;

        Guarded(WhiteningMode mode, Divisor divisor, int m, int d, DMatrixRMaj sigma, double[] lambda, DMatrixRMaj u,
                List<String> actions) {
            this.mode = mode;
            this.divisor = divisor;
            this.output = new DMatrixRMaj(m, d);
            this.sigma = sigma;
            this.lambda = lambda;
            this.u = u;
            this.actions = List.copyOf(actions);
        }

        @Override
        public DMatrixRMaj output() {
            return output;
        }

        /** Undefined at Σ = 0; reported as the zero matrix. */
        @Override
        public DMatrixRMaj transform() {
            return new DMatrixRMaj(sigma.numRows, sigma.numRows);
        }

        @Override
        public DMatrixRMaj covarianceIn() {
            return sigma;
        }

        @Override
        public synchronized SpectrumReport report() {
            if (report == null) {
                DMatrixRMaj covOut = Covariance.ofBatch(output, mode, divisor);
                report = SpectrumReport.build(lambda, u, new double[lambda.length], covOut, 0, true, actions);
            }
            return report;
        }

        @Override
        public DMatrixRMaj backward(DMatrixRMaj gradOutput) {
            Checks.finiteMatrix("gradient of the output", gradOutput);
            Checks.sameShape("gradient of the output", gradOutput, "output", output);
            return new DMatrixRMaj(output.numRows, output.numCols);
        }
    }
}
