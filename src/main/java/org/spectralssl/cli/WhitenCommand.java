package org.spectralssl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.gpu.DeviceChoice;
import org.spectralssl.gpu.OpenClDevice;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.DeviceUnavailableException;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.IterNormPolynomial;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunction;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.SpectrumReport;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code whiten}: transforms one batch (a CSV file, or a seeded synthetic batch with a decaying
 * spectrum) by IterNorm or a spectral transformation and prints what happened to its spectrum.
 */
@Command(name = "whiten", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Transform one batch by IterNorm or a spectral transformation and report its spectrum.",
            "Without --input, a seeded synthetic batch is used: Gaussian features with standard deviations "
                + "decaying as decay^j, plus a mean shift."})
final class WhitenCommand implements Callable<Integer> {
    enum Method { iternorm, st }

    enum G { power, exp }

    @Option(names = "--input", paramLabel = "FILE", description = "CSV batch, one sample per row (default: synthetic)")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "write the transformed batch here as CSV")
    Path output;

    @Option(names = "--method", description = "iternorm or st (default: ${DEFAULT-VALUE})")
    Method method = Method.iternorm;

    @Option(names = "--mode", description = "samples (m×m Gram, the official default) or features (d×d covariance) "
            + "(default: ${DEFAULT-VALUE})")
    String mode = WhiteningMode.SAMPLES.id();

    @Option(names = "--divisor", description = "unbiased (k − 1) or biased (k) (default: ${DEFAULT-VALUE})")
    String divisor = Divisor.DEFAULT.id();

    @Option(names = "--T", description = "IterNorm iterations (default: ${DEFAULT-VALUE})")
    int iterations = IterNorm.DEFAULT_ITERATIONS;

    @Option(names = "--g", description = "ST spectrum function: power (λ^-p) or exp (e^(aλ)) (default: ${DEFAULT-VALUE})")
    G g = G.power;

    @Option(names = "--p", description = "power p; 0.5 whitens (default: ${DEFAULT-VALUE})")
    double p = 0.5;

    @Option(names = "--a", description = "exp coefficient a (default: ${DEFAULT-VALUE})")
    double a = -1;

    @Option(names = "--eps", description = "ST ridge ε (default: ${DEFAULT-VALUE})")
    double eps = Stabilisation.DEFAULT.eps();

    @Option(names = "--floor-ulps", description = "ST eigenvalue floor, in units of n·2^-52 of λ_max; 0 disables "
            + "(default: ${DEFAULT-VALUE})")
    double floorUlps = Stabilisation.DEFAULT.floorUlps();

    @Option(names = "--m", description = "synthetic batch size (default: ${DEFAULT-VALUE})")
    int m = 256;

    @Option(names = "--d", description = "synthetic dimension (default: ${DEFAULT-VALUE})")
    int d = 512;

    @Option(names = "--decay", description = "synthetic spectrum decay per feature (default: ${DEFAULT-VALUE})")
    double decay = 0.98;

    @Option(names = "--seed", description = "synthetic batch seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--device", description = Devices.HELP)
    String device = DeviceChoice.DEFAULT.id();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        WhiteningMode wm = WhiteningMode.parse(mode);
        Divisor dv = Divisor.parse(divisor);
        DeviceChoice choice = DeviceChoice.parse(device);
        DMatrixRMaj z = input != null ? BatchFiles.readCsv(input) : synthetic();
        DeviceChoice.Selection selection = Devices.select(device);
        try {
            return run(out, wm, dv, z, selection);
        } catch (DeviceUnavailableException e) {
            throw Devices.error(choice, e);
        } finally {
            Devices.close(selection.device());
        }
    }

    private Integer run(PrintStream out, WhiteningMode wm, Divisor dv, DMatrixRMaj z, DeviceChoice.Selection selection)
            throws java.io.IOException {
        ComputeDevice cd = selection.device();
        Whitener whitener;
        if (method == Method.iternorm) {
            whitener = new IterNorm(wm, dv, iterations, cd);
        } else {
            SpectrumFunction fn = g == G.power ? SpectrumFunctions.power(p) : SpectrumFunctions.exp(a);
            whitener = new SpectralTransform(wm, dv, fn, new Stabilisation(eps, floorUlps), cd);
        }
        int n = wm.size(z.numRows, z.numCols);
        out.printf(Locale.ROOT, "input      %s: m = %d samples, d = %d features; n = %d (%s mode)%n",
                input != null ? input : "synthetic(seed=" + seed + ", decay=" + decay + ")", z.numRows, z.numCols, n,
                wm.id());
        out.printf(Locale.ROOT, "transform  %s%n", whitener.describe());
        out.printf(Locale.ROOT, "device     %s%n", selection.report());
        java.util.Map<org.spectralssl.gpu.GpuKernel, Long> launchesBefore = cd instanceof OpenClDevice ocl
                ? ocl.launches() : java.util.Map.of();
        long t0 = System.nanoTime();
        Whitening w = whitener.forward(z);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // What ran, from the result and the device's own count of verified launches, not from the request.
        if (cd instanceof OpenClDevice ocl) {
            java.util.Map<org.spectralssl.gpu.GpuKernel, Long> ran = new java.util.EnumMap<>(
                    org.spectralssl.gpu.GpuKernel.class);
            ocl.launches().forEach((k, v) -> {
                long x = v - launchesBefore.getOrDefault(k, 0L);
                if (x > 0) {
                    ran.put(k, x);
                }
            });
            out.printf(Locale.ROOT, "ran on     %s: %d kernel launches in the forward pass, each verified to have run "
                    + "on OpenCL %s%n", w.device(), ran.values().stream().mapToLong(Long::longValue).sum(), ran);
        } else {
            out.printf(Locale.ROOT, "ran on     %s%n", w.device());
        }
        SpectrumReport r = w.report();
        double tl = TraceLoss.value(w.output(), wm, dv);
        out.printf(Locale.ROOT, "time       %.3f s forward%n", seconds);
        out.printf(Locale.ROOT, "input Σ    λ_min %.4g, λ_max %.4g, condition %.4g, effective rank %.2f of %d%n",
                r.smallestEigenvalue(), r.largestEigenvalue(), r.conditionNumber(), r.effectiveRank(), n);
        out.printf(Locale.ROOT, "           log-spectrum %s%n", Sparkline.logSpectrum(r.eigenvaluesIn(), 64));
        double[] eo = r.eigenvaluesOut();
        out.printf(Locale.ROOT, "output Σ̂   λ_min %.4g, λ_max %.4g, effective rank %.2f of %d%n", eo[0], eo[eo.length - 1],
                r.effectiveRankOut(), n);
        out.printf(Locale.ROOT, "           log-spectrum %s%n", Sparkline.logSpectrum(eo, 64));
        out.printf(Locale.ROOT, "           ‖Σ̂ − I‖_F = %.4g, ‖Σ̂ − target‖_F = %.3g (numerical error)%n",
                r.distanceFromIdentity(), r.distanceFromTarget());
        out.printf(Locale.ROOT, "trace loss %.6g", tl);
        if (method == Method.iternorm) {
            out.printf(Locale.ROOT, " (IterNorm's floor at T = %d: n(1 − h_T(1/n))² = %.6g)", iterations,
                    IterNormPolynomial.traceLossBound(iterations, n));
        }
        out.println();
        if (r.actions().isEmpty()) {
            out.println("stabilisers none acted");
        } else {
            for (String s : r.actions()) {
                out.println("stabiliser " + s);
            }
        }
        if (output != null) {
            BatchFiles.writeCsv(w.output(), output);
            out.println("wrote      " + output);
        }
        return 0;
    }

    private DMatrixRMaj synthetic() {
        if (m < 2 || d < 1) {
            throw new org.spectralssl.linalg.InvalidInputException("--m must be >= 2 and --d >= 1, got m = " + m
                    + ", d = " + d);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new org.spectralssl.linalg.InvalidInputException("--decay must be in (0, 1], got " + decay);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < m; i++) {
            double std = 1;
            for (int j = 0; j < d; j++) {
                double u1 = rnd.nextDouble();
                double u2 = rnd.nextDouble();
                double gauss = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                z.set(i, j, mean[j] + std * gauss);
                std *= decay;
            }
        }
        return z;
    }
}
