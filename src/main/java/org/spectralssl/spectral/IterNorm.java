package org.spectralssl.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.NonFiniteException;
import org.spectralssl.spec.Equation;

/**
 * IterNorm (E10): τ = tr Σ, S = Σ/τ, P_0 = I, P_k = 1.5·P_{k−1} − 0.5·P_{k−1}³·S for k = 1..T,
 * W = P_T/√τ, X̂ = W·X_c; backward through the Newton iterations (E18). As the official code
 * (winci-ai/INTL methods/whitening.py), no ε and no eigendecomposition: a rank-deficient Σ gives a
 * finite output.
 *
 * <p>Shapes: Z, Ẑ m×d; X_c, X̂ n×k; Σ, S, P_k, W n×n.
 *
 * <p>IterNorm is scale-invariant (Ẑ(cZ) = Ẑ(Z) for c &gt; 0), so it is computed on
 * X_s = 2^e·X_c with max|X_s| in [1, 2), which is exact and keeps inputs from 1e-150 to 1e150
 * within range (E9d).
 *
 * <p>Non-finite values: the input must be finite. A constant batch (τ = 0) has no defined
 * output; the zero-trace guard (E9c) returns 0 with gradient 0 and says so in the report. The
 * uncoupled Newton iteration diverges for large T on ill-conditioned Σ (METHOD.md §3); an output
 * whose covariance trace exceeds n (impossible in exact arithmetic) or that is not finite is
 * reported as a {@link NonFiniteException}.
 *
 * <p>Device: the matrix products of the forward and backward passes (the Gram product of E2, the
 * Newton iterations, W·X_s and the backward's products) run on the {@link ComputeDevice} given at
 * construction, by default {@link CpuDevice#INSTANCE}, the float64 EJML reference path;
 * {@link Whitening#device()} says which. The O(n²) work (centring, scaling, traces, checks) and
 * the spectrum report stay on the CPU.
 */
@Equation({"E10", "E18"})
public final class IterNorm implements Whitener {
    /** The official code's number of iterations, defined once. */
    public static final int DEFAULT_ITERATIONS = 4;

    /**
     * Largest n for which the forward keeps P_{k−1}² and P_{k−1}³ (2T matrices of n², 64 MiB at
     * n = 1024 and T = 4) so that the backward does not recompute them; the same products either
     * way, so the same bits.
     */
    static final int KEEP_POWERS_MAX_N = 1024;

    private final WhiteningMode mode;
    private final Divisor divisor;
    private final int iterations;
    private final ComputeDevice device;

    /** IterNorm on the CPU reference path. */
    public IterNorm(WhiteningMode mode, Divisor divisor, int iterations) {
        this(mode, divisor, iterations, CpuDevice.INSTANCE);
    }

    /** IterNorm whose matrix products run on the given device. */
    public IterNorm(WhiteningMode mode, Divisor divisor, int iterations, ComputeDevice device) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.divisor = Objects.requireNonNull(divisor, "divisor");
        IterNormPolynomial.checkT(iterations);
        this.iterations = iterations;
        this.device = Objects.requireNonNull(device, "device");
    }

    /** IterNorm with the default divisor and T. */
    public IterNorm(WhiteningMode mode) {
        this(mode, Divisor.DEFAULT, DEFAULT_ITERATIONS);
    }

    @Override
    public WhiteningMode mode() {
        return mode;
    }

    @Override
    public Divisor divisor() {
        return divisor;
    }

    public int iterations() {
        return iterations;
    }

    /** The device the matrix products run on. */
    public ComputeDevice device() {
        return device;
    }

    /** Names the device only when it is not the CPU reference path, so that reference outputs keep their text. */
    @Override
    public String describe() {
        return "iternorm(T=" + iterations + ", mode=" + mode.id() + ", divisor=" + divisor.id()
                + ComputeDevice.describeSuffix(device) + ")";
    }

    @Override
    @Equation("E10")
    public Whitening forward(DMatrixRMaj z) {
        Checks.finiteMatrix("z", z);
        DMatrixRMaj xc = Centering.forward(mode.toVariables(z));
        int n = xc.numRows;
        double q = divisor.of(xc.numCols);
        double maxAbs = Mat.maxAbs(xc);
        if (maxAbs == 0) {
            List<String> actions = new ArrayList<>();
            actions.add("zero-trace guard: the batch is constant (tr Σ = 0), IterNorm is undefined; "
                    + "output and gradient set to 0");
            double[] zeros = new double[n];
            return new SpectralTransform.Guarded(mode, divisor, z.numRows, z.numCols, new DMatrixRMaj(n, n), zeros,
                    Mat.identity(n), actions, device.describe());
        }
        int e = -Mat.binaryExponent(maxAbs);
        DMatrixRMaj xs = Mat.scalb(xc, e);
        DMatrixRMaj sigmaS = Covariance.forward(xs, q, device);
        double tau = Mat.trace(sigmaS);
        DMatrixRMaj s = Mat.scale(1.0 / tau, sigmaS);
        DMatrixRMaj[] p = new DMatrixRMaj[iterations + 1];
        // P_{k−1}² and P_{k−1}³ of the forward, kept for the backward when n ≤ KEEP_POWERS_MAX_N.
        DMatrixRMaj[] squares = new DMatrixRMaj[iterations + 1];
        DMatrixRMaj[] cubes = new DMatrixRMaj[iterations + 1];
        boolean keep = n <= KEEP_POWERS_MAX_N;
        p[0] = Mat.identity(n);
        for (int k = 1; k <= iterations; k++) {
            DMatrixRMaj a = p[k - 1];
            if (k == 1) {
                // P_0 = I: P_0³·S = S exactly (the products would add only exact zeros), so P_1 = 1.5·I − 0.5·S.
                p[k] = device.axpby(1.5, a, -0.5, s);
                continue;
            }
            DMatrixRMaj a2 = device.mult(a, a);
            DMatrixRMaj a3 = device.mult(a2, a);
            if (keep) {
                squares[k] = a2;
                cubes[k] = a3;
            }
            p[k] = device.axpby(1.5, a, -0.5, device.mult(a3, s));
        }
        double rootTau = Math.sqrt(tau);
        DMatrixRMaj w = Mat.scale(1.0 / rootTau, p[iterations]);
        DMatrixRMaj xhat = device.mult(w, xs);
        // Every output eigenvalue is h_T(x) ≤ 1 in exact arithmetic (E7, E26), so tr Σ̂ ≤ n. The
        // uncoupled Newton iteration amplifies rounding for large T on ill-conditioned Σ; a trace above
        // n (or a non-finite value) means that happened, and the output is wrong however finite it looks.
        double traceOut = Mat.dot(xhat, xhat) / q;
        if (!(traceOut <= n * (1 + 1e-6))) {
            throw new NonFiniteException("IterNorm with T = " + iterations + " diverged: the output covariance has "
                    + "trace " + traceOut + " > n = " + n + " (exact value <= n); the uncoupled Newton iteration is "
                    + "unstable for large T on ill-conditioned Σ: use a smaller T");
        }
        DMatrixRMaj output = mode.fromVariables(xhat);
        return new Result(this, xs, e, q, tau, s, p, squares, cubes, w, output);
    }

    private static final class Result implements Whitening {
        private final IterNorm in;
        private final DMatrixRMaj xs;
        private final int e;
        private final double q;
        private final double tau;
        private final DMatrixRMaj s;
        private final DMatrixRMaj[] p;
        private final DMatrixRMaj[] squares;
        private final DMatrixRMaj[] cubes;
        private final DMatrixRMaj w;
        private final DMatrixRMaj output;
        private SpectrumReport report;

        Result(IterNorm in, DMatrixRMaj xs, int e, double q, double tau, DMatrixRMaj s, DMatrixRMaj[] p,
                DMatrixRMaj[] squares, DMatrixRMaj[] cubes, DMatrixRMaj w, DMatrixRMaj output) {
            this.in = in;
            this.xs = xs;
            this.e = e;
            this.q = q;
            this.tau = tau;
            this.s = s;
            this.p = p;
            this.squares = squares;
            this.cubes = cubes;
            this.w = w;
            this.output = output;
        }

        @Override
        public DMatrixRMaj output() {
            return output;
        }

        @Override
        public String device() {
            return in.device.describe();
        }

        /** W = P_T/√τ at the input's own scale: P_T·2^e/√τ_s. */
        @Override
        public DMatrixRMaj transform() {
            return Mat.scalb(w, e);
        }

        @Override
        public DMatrixRMaj covarianceIn() {
            return Mat.scalb(Mat.scale(tau, s), -2 * e);
        }

        @Override
        @Equation({"E7", "E25"})
        public synchronized SpectrumReport report() {
            if (report == null) {
                Mat.SymmetricEigen eig = Mat.eigSymmetric(s);
                int n = s.numRows;
                double[] lambda = new double[n];
                double[] target = new double[n];
                for (int i = 0; i < n; i++) {
                    double x = eig.values()[i];
                    lambda[i] = Math.scalb(x * tau, -2 * e);
                    target[i] = IterNormPolynomial.h(in.iterations, x);
                }
                DMatrixRMaj covOut = Covariance.ofBatch(output, in.mode, in.divisor);
                report = SpectrumReport.build(lambda, eig.vectors(), target, covOut, 0, false, List.of());
            }
            return report;
        }

        @Override
        @Equation({"E18", "E19"})
        public DMatrixRMaj backward(DMatrixRMaj gradOutput) {
            Checks.finiteMatrix("gradient of the output", gradOutput);
            Checks.sameShape("gradient of the output", gradOutput, "output", output);
            int n = s.numRows;
            int t = in.iterations;
            DMatrixRMaj dxhat = in.mode.toVariables(gradOutput);
            DMatrixRMaj dw = in.device.multTransB(dxhat, xs);
            DMatrixRMaj dxs = in.device.multTransA(w, dxhat);
            double rootTau = Math.sqrt(tau);
            DMatrixRMaj dp = Mat.scale(1.0 / rootTau, dw);
            double dtau = -Mat.dot(dw, p[t]) / (2 * tau * rootTau);
            DMatrixRMaj ds = new DMatrixRMaj(n, n);
            for (int k = t; k >= 1; k--) {
                if (k == 1) {
                    // P_0 = I is a constant: only dS is needed, and P_0³ᵀ·dP = dP exactly.
                    Mat.addInPlace(ds, -0.5, dp);
                    break;
                }
                DMatrixRMaj a = p[k - 1];
                DMatrixRMaj a2 = squares[k] != null ? squares[k] : in.device.mult(a, a);
                DMatrixRMaj as = in.device.mult(a, s);
                DMatrixRMaj a2s = in.device.mult(a2, s);
                DMatrixRMaj a3 = cubes[k] != null ? cubes[k] : in.device.mult(a2, a);
                // P_k = 1.5A − 0.5·A·A·A·S: one term per place A appears (E18).
                DMatrixRMaj da = Mat.scale(1.5, dp);
                Mat.addInPlace(da, -0.5, in.device.multTransB(dp, a2s));
                Mat.addInPlace(da, -0.5, in.device.multTransB(in.device.multTransA(a, dp), as));
                Mat.addInPlace(da, -0.5, in.device.multTransB(in.device.multTransA(a2, dp), s));
                Mat.addInPlace(ds, -0.5, in.device.multTransA(a3, dp));
                dp = da;
            }
            // S = Σ/τ and τ = tr Σ.
            DMatrixRMaj dsigma = Mat.scale(1.0 / tau, ds);
            double dtauTotal = dtau - Mat.dot(ds, s) / tau;
            for (int i = 0; i < n; i++) {
                dsigma.add(i, i, dtauTotal);
            }
            Mat.addInPlace(dxs, 1, Covariance.backward(dsigma, xs, q, in.device));
            DMatrixRMaj grad = in.mode.fromVariables(Centering.backward(Mat.scalb(dxs, e)));
            SpectralTransform.requireFinite(grad, "gradient");
            return grad;
        }
    }
}
