package org.spectralssl.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.spec.Equation;

/**
 * Spectral transformation (E3): Σ = UΛUᵀ, F = U·g(Λ̃)·Uᵀ, X̂ = F·X_c, by the symmetric
 * eigendecomposition of {@code Mat.eigSymmetric} (spec/EIGEN.md), with the stabilisers of E9 and the
 * exact Daleckii–Krein backward (E17).
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
 *
 * <p>Device: the Gram product of E2 and the products with U of the forward and backward passes
 * run on the {@link ComputeDevice} given at construction, by default {@link CpuDevice#INSTANCE};
 * the eigendecomposition and {@link Whitening#transform()} always run on the CPU.
 */
@Equation({"E3", "E4", "E9", "E17"})
public final class SpectralTransform implements Whitener {
    private final WhiteningMode mode;
    private final Divisor divisor;
    private final SpectrumFunction g;
    private final Stabilisation stabilisation;
    private final ComputeDevice device;

    /**
     * ST on the CPU reference path.
     *
     * @param mode which matrix is whitened
     * @param divisor the covariance divisor
     * @param g the spectrum function
     * @param stabilisation the floor and ridge
     */
    public SpectralTransform(WhiteningMode mode, Divisor divisor, SpectrumFunction g, Stabilisation stabilisation) {
        this(mode, divisor, g, stabilisation, CpuDevice.INSTANCE);
    }

    /** ST whose matrix products run on the given device. */
    public SpectralTransform(WhiteningMode mode, Divisor divisor, SpectrumFunction g, Stabilisation stabilisation,
            ComputeDevice device) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.divisor = java.util.Objects.requireNonNull(divisor, "divisor");
        this.g = java.util.Objects.requireNonNull(g, "g");
        this.stabilisation = java.util.Objects.requireNonNull(stabilisation, "stabilisation");
        this.device = java.util.Objects.requireNonNull(device, "device");
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

    /** The device the matrix products run on. */
    public ComputeDevice device() {
        return device;
    }

    /** Names the device only when it is not the CPU reference path, so that reference outputs keep their text. */
    @Override
    public String describe() {
        return "st(" + g.describe() + ", mode=" + mode.id() + ", divisor=" + divisor.id() + ", eps="
                + stabilisation.eps() + ", floorUlps=" + stabilisation.floorUlps()
                + ComputeDevice.describeSuffix(device) + ")";
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
        DMatrixRMaj sigmaS = Covariance.forward(xs, q, device);
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
                return new Guarded(mode, divisor, z.numRows, z.numCols, sigma, lambda, eig.vectors(), actions,
                        device.describe());
            }
            throw new NonFiniteException(g.describe() + " is not finite at eigenvalue " + lambda[bad] + " (index "
                    + bad + " ascending, λ_max = " + lambda[n - 1] + "); enable the eigenvalue floor "
                    + "(floorUlps > 0) or a ridge eps > 0");
        }
        // X̂_s = U·(f ∘ (UᵀX_s)), row i of UᵀX_s scaled by f_i. Forming F = U·diag(f)·Uᵀ first would
        // spread the rounding error of the large floored f_i over the range of Σ; this order keeps
        // it in the floored directions.
        DMatrixRMaj u = eig.vectors();
        DMatrixRMaj y = device.multTransA(u, xs);
        DMatrixRMaj xhat = device.mult(u, scaleRows(f, y, outFactor));
        DMatrixRMaj output = mode.fromVariables(xhat);
        requireFinite(output, "output");
        return new Result(this, xs, y, e, q, outFactor, transformFactor, mu, f, floor, u, sigma, lambda, output,
                floored, actions);
    }

    /** Returns diag(f)·A·c. Not modified: f, a. */
    private static DMatrixRMaj scaleRows(double[] f, DMatrixRMaj a, double c) {
        DMatrixRMaj r = new DMatrixRMaj(a.numRows, a.numCols);
        int k = a.numCols;
        for (int i = 0; i < a.numRows; i++) {
            double fi = f[i] * c;
            for (int j = 0; j < k; j++) {
                r.data[i * k + j] = fi * a.data[i * k + j];
            }
        }
        return r;
    }

    /** The true output or gradient can leave the double range (p &gt; 1/2 at extreme scales): say so. */
    static void requireFinite(DMatrixRMaj a, String what) {
        for (int i = 0; i < a.getNumElements(); i++) {
            if (!Double.isFinite(a.data[i])) {
                throw new NonFiniteException("the " + what + " is not finite at [" + i / a.numCols + ", "
                        + i % a.numCols + "] although the input is: its exact value exceeds the double range (for "
                        + "example λ^-p with p > 1/2 on a batch of tiny scale); rescale the batch or use a ridge eps");
            }
        }
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
        private final DMatrixRMaj y;
        private final int e;
        private final double q;
        private final double outFactor;
        private final double transformFactor;
        private final double[] mu;
        private final double[] f;
        private final double floor;
        private final DMatrixRMaj u;
        private final DMatrixRMaj sigma;
        private final double[] lambda;
        private final DMatrixRMaj output;
        private final int floored;
        private final List<String> actions;
        private SpectrumReport report;

        Result(SpectralTransform st, DMatrixRMaj xs, DMatrixRMaj y, int e, double q, double outFactor,
                double transformFactor, double[] mu, double[] f, double floor, DMatrixRMaj u, DMatrixRMaj sigma,
                double[] lambda, DMatrixRMaj output, int floored, List<String> actions) {
            this.st = st;
            this.xs = xs;
            this.y = y;
            this.e = e;
            this.q = q;
            this.outFactor = outFactor;
            this.transformFactor = transformFactor;
            this.mu = mu;
            this.f = f;
            this.floor = floor;
            this.u = u;
            this.sigma = sigma;
            this.lambda = lambda;
            this.output = output;
            this.floored = floored;
            this.actions = actions;
        }

        @Override
        public DMatrixRMaj output() {
            return output;
        }

        @Override
        public String device() {
            return st.device.describe();
        }

        /** F = U·diag(g(λ̃ + ε))·Uᵀ at the input's own scale, formed on request. */
        @Override
        public DMatrixRMaj transform() {
            DMatrixRMaj fs = Mat.spectralProduct(u, f);
            return transformFactor == 1 ? fs : Mat.scale(transformFactor, fs);
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
                    target[i] = mu[i] * f[i] * f[i] * outFactor * outFactor;
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
            // In the eigenbasis: A = Uᵀ·dX̂_s, with dX̂_s = outFactor·dX̂.
            DMatrixRMaj a = st.device.multTransA(u, dxhat);
            if (outFactor != 1) {
                a = Mat.scale(outFactor, a);
            }
            // Direct path: X̂_s = F_s·X_s, so dX_s = F_s·dX̂_s = U·(f ∘ A).
            DMatrixRMaj dxs = st.device.mult(u, scaleRows(f, a, 1));
            // Through F_s = f(Σ_s), Daleckii–Krein: Uᵀ·sym(dX̂_s·X_sᵀ)·U = sym(A·Yᵀ) with Y = Uᵀ·X_s,
            // then dΣ_s = U·(K ∘ sym(A·Yᵀ))·Uᵀ.
            DMatrixRMaj inner = Mat.symmetrize(st.device.multTransB(a, y));
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double k = st.stabilisedDividedDifference(mu[i], mu[j], floor);
                    inner.unsafe_set(i, j, inner.unsafe_get(i, j) * k);
                    if (i != j) {
                        inner.unsafe_set(j, i, inner.unsafe_get(j, i) * k);
                    }
                }
            }
            DMatrixRMaj dsigma = st.device.multTransB(st.device.mult(u, inner), u);
            Mat.addInPlace(dxs, 1, Covariance.backward(dsigma, xs, q, st.device));
            DMatrixRMaj dxc = e == 0 ? dxs : Mat.scalb(dxs, e);
            DMatrixRMaj grad = st.mode.fromVariables(Centering.backward(dxc));
            requireFinite(grad, "gradient");
            return grad;
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
        private final String device;
        private SpectrumReport report;

        Guarded(WhiteningMode mode, Divisor divisor, int m, int d, DMatrixRMaj sigma, double[] lambda, DMatrixRMaj u,
                List<String> actions, String device) {
            this.mode = mode;
            this.divisor = divisor;
            this.output = new DMatrixRMaj(m, d);
            this.sigma = sigma;
            this.lambda = lambda;
            this.u = u;
            this.actions = List.copyOf(actions);
            this.device = device;
        }

        @Override
        public String device() {
            return device;
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
