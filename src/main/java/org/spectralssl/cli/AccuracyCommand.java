package org.spectralssl.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code accuracy}: measures, on batches built with a chosen spectrum, how white ST whitening's
 * output is against the condition number, and how close the ST gradient is to central finite
 * differences at exactly repeated eigenvalues.
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the accuracy of ST whitening against the condition number, and of the ST gradient "
            + "at exactly repeated eigenvalues, on batches built by construction (FEATURES mode)."})
final class AccuracyCommand implements Callable<Integer> {
    @Option(names = "--d", description = "dimension n = d (default: ${DEFAULT-VALUE})")
    int d = 64;

    @Option(names = "--m", description = "batch size (default: ${DEFAULT-VALUE})")
    int m = 256;

    @Option(names = "--seeds", description = "batches per row (default: ${DEFAULT-VALUE})")
    int seeds = 5;

    @Option(names = "--seed", description = "base seed (default: ${DEFAULT-VALUE})")
    long seed = 20241;

    @Override
    public Integer call() {
        if (d < 2 || m < d + 2) {
            throw new org.spectralssl.linalg.InvalidInputException("need d >= 2 and m >= d + 2 for a full-rank "
                    + "covariance, got d = " + d + ", m = " + m);
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "ST whitening (p = 1/2, ε = 0), FEATURES mode, d = %d, m = %d, %d batches per row%n", d,
                m, seeds);
        out.println("| condition number κ | max ‖Σ̂ − I‖_F | max ‖Σ̂ − I‖_F / (κ·2⁻⁵²) |");
        out.println("|---|---|---|");
        for (int e = 0; e <= 12; e += 2) {
            double kappa = Math.pow(10, e);
            double worst = 0;
            for (int s = 0; s < seeds; s++) {
                SplittableRandom rnd = new SplittableRandom(seed + 1000L * e + s);
                double[] spectrum = new double[d];
                for (int i = 0; i < d; i++) {
                    spectrum[i] = Math.pow(kappa, -(double) i / (d - 1));
                }
                DMatrixRMaj z = withSpectrum(spectrum, rnd);
                Whitening w = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.whitening()).forward(z);
                DMatrixRMaj cov = Covariance.ofBatch(w.output(), WhiteningMode.FEATURES, Divisor.UNBIASED);
                for (int i = 0; i < d; i++) {
                    cov.add(i, i, -1);
                }
                worst = Math.max(worst, Mat.frobenius(cov));
            }
            out.printf(Locale.ROOT, "| 1e%d | %.3g | %.3g |%n", e, worst, worst / (kappa * 0x1p-52));
        }
        out.println();
        out.println("ST gradient at exactly repeated eigenvalues: L = ⟨R, ST(Z)⟩ for a random R, against central");
        out.println("differences (Richardson, two steps) along random directions; spectrum blocks repeated exactly.");
        out.println("| g | spectrum | max relative error |");
        out.println("|---|---|---|");
        double[][] spectra = {constant(d, 1), blocks(d, new double[] {4, 1}), blocks(d, new double[] {9, 3, 1, 0.5})};
        String[] names = {"all equal", "two blocks {4, 1}", "four blocks {9, 3, 1, 0.5}"};
        for (double p : new double[] {0.5, 0.25, 1}) {
            for (int k = 0; k < spectra.length; k++) {
                double worst = 0;
                for (int s = 0; s < seeds; s++) {
                    SplittableRandom rnd = new SplittableRandom(seed + 77L * k + s);
                    worst = Math.max(worst, gradientError(withSpectrum(spectra[k], rnd), p, rnd));
                }
                out.printf(Locale.ROOT, "| λ^-%s | %s | %.2g |%n", p, names[k], worst);
            }
        }
        return 0;
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static double[] blocks(int n, double[] values) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = values[i * values.length / n];
        }
        return a;
    }

    /** Relative error of ⟨∇L, V⟩ against central differences, L = ⟨R, ST(Z)⟩. */
    private double gradientError(DMatrixRMaj z, double p, SplittableRandom rnd) {
        SpectralTransform st = new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.power(p));
        DMatrixRMaj r = gaussian(z.numRows, z.numCols, rnd);
        DMatrixRMaj v = gaussian(z.numRows, z.numCols, rnd);
        DMatrixRMaj grad = st.forward(z).backward(r);
        double analytic = Mat.dot(grad, v);
        double h = 1e-4 * Mat.maxAbs(z);
        double d1 = (value(st, z, v, h, r) - value(st, z, v, -h, r)) / (2 * h);
        double d2 = (value(st, z, v, h / 2, r) - value(st, z, v, -h / 2, r)) / h;
        double numeric = (4 * d2 - d1) / 3;
        return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
    }

    private static double value(SpectralTransform st, DMatrixRMaj z, DMatrixRMaj v, double h, DMatrixRMaj r) {
        DMatrixRMaj zh = z.copy();
        Mat.addInPlace(zh, h, v);
        return Mat.dot(r, st.forward(zh).output());
    }

    /**
     * A batch Z (m×d) whose unbiased d×d covariance has exactly the given eigenvalues, by
     * construction: X_c = U·diag(√(q·λ))·Vᵀ with U a random orthogonal d×d and V random orthonormal
     * columns orthogonal to the all-ones vector, plus a mean shift.
     */
    private DMatrixRMaj withSpectrum(double[] lambda, SplittableRandom rnd) {
        int n = lambda.length;
        DMatrixRMaj u = orthonormalColumns(gaussian(n, n, rnd));
        DMatrixRMaj g = gaussian(m, n + 1, rnd);
        for (int i = 0; i < m; i++) {
            g.set(i, 0, 1);
        }
        DMatrixRMaj q = orthonormalColumns(g);
        double div = m - 1;
        DMatrixRMaj x = new DMatrixRMaj(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += u.get(i, r) * Math.sqrt(div * lambda[r]) * q.get(j, r + 1);
                }
                x.set(i, j, s + 3.0 * (i % 5));
            }
        }
        return Mat.transpose(x);
    }

    private static DMatrixRMaj orthonormalColumns(DMatrixRMaj a) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        qr.decompose(a.copy());
        return qr.getQ(null, true);
    }

    private static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rnd) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.getNumElements(); i++) {
            a.data[i] = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        }
        return a;
    }
}
