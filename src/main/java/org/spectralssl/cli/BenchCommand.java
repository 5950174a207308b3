package org.spectralssl.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Gemm;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.SymmetricEigenSolver;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.IntlLossF32;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;
import org.spectralssl.optim.Optimizer;
import org.spectralssl.oracle.Json;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.Whitening;
import org.spectralssl.spectral.WhiteningMode;
import org.spectralssl.train.Method;
import org.spectralssl.train.Model;
import org.spectralssl.train.Step;
import org.spectralssl.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench NAME}: times one workload (median over repeats after warm-up runs) and prints one
 * JSON object with the figures and every setting, for verification/bench/run.sh, which runs the
 * same shapes in PyTorch beside it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a workload and print one JSON object: median seconds over repeats, the settings, "
                + "the threads and which GEMM kernel ran.",
            "The vector kernels need the JVM option --add-modules jdk.incubator.vector "
                + "(without it the scalar fallback runs and the JSON says so)."},
        subcommands = {BenchCommand.Intl.class, BenchCommand.St.class, BenchCommand.TrainStep.class,
            BenchCommand.GemmBench.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every benchmark takes. */
    static final class Common {
        @Option(names = "--threads", description = "threads of the matrix products (default: the number of processors)")
        Integer threads;

        @Option(names = "--repeats", description = "timed runs; the median is reported (default: ${DEFAULT-VALUE})")
        int repeats = 10;

        @Option(names = "--warmup", description = "untimed runs first, for the JIT (default: ${DEFAULT-VALUE})")
        int warmup = 3;

        @Option(names = "--warmup-seconds", description = "keep warming up until this much time has passed, so that "
                + "the JIT has compiled the kernels before timing (default: ${DEFAULT-VALUE})")
        double warmupSeconds = 3.0;

        @Option(names = "--seed", description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
        long seed = 1;

        void apply() {
            if (repeats < 1) {
                throw new InvalidInputException("--repeats must be >= 1, got " + repeats);
            }
            if (warmup < 0) {
                throw new InvalidInputException("--warmup must be >= 0, got " + warmup);
            }
            if (!(warmupSeconds >= 0 && warmupSeconds <= 600)) {
                throw new InvalidInputException("--warmup-seconds must be in [0, 600], got " + warmupSeconds);
            }
            if (threads != null) {
                Gemm.setThreads(threads);
            }
        }

        /** Runs the warm-up and the timed repeats; returns the JSON object with the timings first. */
        Map<String, Object> time(String name, Runnable work, Map<String, Object> settings) {
            Map<String, Object> out = timeRuns(name, work, settings, warmup, repeats, warmupSeconds);
            return out;
        }
    }

    /** Runs {@code warmup} untimed and {@code repeats} timed runs; returns the JSON object with the timings first. */
    static Map<String, Object> timeRuns(String name, Runnable work, Map<String, Object> settings, int warmup,
            int repeats, double warmupSeconds) {
        {
            long w0 = System.nanoTime();
            int warmed = 0;
            while (warmed < warmup || (System.nanoTime() - w0) / 1e9 < warmupSeconds) {
                work.run();
                warmed++;
            }
            double[] t = new double[repeats];
            double[] cpu = new double[repeats];
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            boolean cpuTime = mx.isCurrentThreadCpuTimeSupported();
            for (int i = 0; i < repeats; i++) {
                long c0 = cpuTime ? mx.getCurrentThreadCpuTime() : 0;
                long t0 = System.nanoTime();
                work.run();
                t[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = cpuTime ? (mx.getCurrentThreadCpuTime() - c0) / 1e9 : 0;
            }
            double[] sorted = t.clone();
            Arrays.sort(sorted);
            double median = repeats % 2 == 1 ? sorted[repeats / 2]
                    : 0.5 * (sorted[repeats / 2 - 1] + sorted[repeats / 2]);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bench", name);
            out.put("median_s", median);
            out.put("min_s", sorted[0]);
            out.put("max_s", sorted[repeats - 1]);
            if (cpuTime) {
                // The calling thread's CPU time: all of the work's with --threads 1.
                double[] c = cpu.clone();
                Arrays.sort(c);
                out.put("median_cpu_s", repeats % 2 == 1 ? c[repeats / 2] : 0.5 * (c[repeats / 2 - 1] + c[repeats / 2]));
            }
            out.put("repeats", repeats);
            out.put("warmup", warmed);
            out.put("warmup_s", (System.nanoTime() - w0) / 1e9 - java.util.Arrays.stream(t).sum());
            out.put("threads", Gemm.threads());
            out.putAll(settings);
            out.put("kernel", Gemm.kernel());
            out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            out.put("processors", Runtime.getRuntime().availableProcessors());
            List<Object> all = new ArrayList<>();
            for (double x : t) {
                all.add(x);
            }
            out.put("times_s", all);
            return out;
        }
    }

    static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rnd) {
        DMatrixRMaj z = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < z.data.length; i++) {
            z.data[i] = rnd.nextGaussian();
        }
        return z;
    }

    static float[] toFloats(DMatrixRMaj a) {
        float[] f = new float[a.getNumElements()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.data[i];
        }
        return f;
    }

    static WhiteningMode mode(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "samples" -> WhiteningMode.SAMPLES;
            case "features" -> WhiteningMode.FEATURES;
            default -> throw new InvalidInputException("--mode must be samples or features, got '" + s + "'");
        };
    }

    static String dtype(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (!t.equals("float32") && !t.equals("float64")) {
            throw new InvalidInputException("--dtype must be float32 or float64, got '" + s + "'");
        }
        return t;
    }

    static void positive(String name, int v) {
        if (v < 1) {
            throw new InvalidInputException(name + " must be >= 1, got " + v);
        }
    }

    static void print(picocli.CommandLine.Model.CommandSpec spec, Map<String, Object> out) {
        spec.commandLine().getOut().println(Json.write(out));
        spec.commandLine().getOut().flush();
    }

    @Command(name = "intl", mixinStandardHelpOptions = true,
            description = "INTL loss forward + backward of two m×d views (IterNorm T, β by the rule): float32 runs "
                    + "loss/IntlLossF32, float64 the reference loss/IntlLoss.")
    static final class Intl implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--mode", description = "samples or features (default: ${DEFAULT-VALUE})")
        String mode = "samples";

        @Option(names = "--m", description = "samples per view (default: ${DEFAULT-VALUE})")
        int m = 256;

        @Option(names = "--d", description = "features per sample (default: ${DEFAULT-VALUE})")
        int d = 2048;

        @Option(names = "--T", description = "IterNorm iterations (default: ${DEFAULT-VALUE})")
        int iterations = 4;

        @Option(names = "--dtype", description = "float32 or float64 (default: ${DEFAULT-VALUE})")
        String dtype = "float32";

        @Override
        public Integer call() {
            common.apply();
            WhiteningMode wm = mode(mode);
            positive("--m", m);
            positive("--d", d);
            String dt = dtype(dtype);
            SplittableRandom rnd = new SplittableRandom(common.seed);
            DMatrixRMaj z1 = gaussian(m, d, rnd);
            DMatrixRMaj z2 = gaussian(m, d, rnd);
            IntlLoss.Params p = IntlLoss.Params.DEFAULTS.withMode(wm).withIterations(iterations);
            double[] sink = new double[1];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("mode", wm.id());
            s.put("m", m);
            s.put("d", d);
            s.put("T", iterations);
            s.put("dtype", dt);
            Map<String, Object> out;
            if (dt.equals("float32")) {
                s.put("implementation", "loss/IntlLossF32 (float32 storage and products, double reductions)");
                List<float[]> views = List.of(toFloats(z1), toFloats(z2));
                out = common.time("intl", () -> {
                    IntlLossF32.Result r = IntlLossF32.compute(views, m, d, p);
                    sink[0] += r.value() + r.gradients().get(0)[0];
                }, s);
                out.put("loss", IntlLossF32.compute(views, m, d, p).value());
            } else {
                s.put("implementation", "loss/IntlLoss (float64, the reference path)");
                out = common.time("intl", () -> {
                    WhiteningLoss.Result r = IntlLoss.compute(z1, z2, p);
                    sink[0] += r.loss().value() + r.loss().gradient(0).data[0];
                }, s);
                out.put("loss", IntlLoss.compute(z1, z2, p).loss().value());
            }
            print(spec, out);
            return 0;
        }
    }

    @Command(name = "st", mixinStandardHelpOptions = true,
            description = "Spectral transformation g(λ) = λ^(−p) of one m×d view, forward (eigendecomposition) + "
                    + "backward of a fixed random output gradient; float64 only.")
    static final class St implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--mode", description = "samples or features (default: ${DEFAULT-VALUE})")
        String mode = "features";

        @Option(names = "--m", description = "samples (default: ${DEFAULT-VALUE})")
        int m = 1024;

        @Option(names = "--d", description = "features (default: ${DEFAULT-VALUE})")
        int d = 512;

        @Option(names = "--p", description = "power p of g(λ) = λ^(−p) (default: ${DEFAULT-VALUE})")
        double power = 0.5;

        @Option(names = "--dtype", description = "float64 only (default: ${DEFAULT-VALUE})")
        String dtype = "float64";

        @Override
        public Integer call() {
            common.apply();
            WhiteningMode wm = mode(mode);
            positive("--m", m);
            positive("--d", d);
            if (!dtype(dtype).equals("float64")) {
                throw new InvalidInputException("bench st computes in float64 only; use --dtype float64");
            }
            SplittableRandom rnd = new SplittableRandom(common.seed);
            DMatrixRMaj z = gaussian(m, d, rnd);
            DMatrixRMaj g = gaussian(m, d, rnd);
            SpectralTransform st = new SpectralTransform(wm, Divisor.DEFAULT, SpectrumFunctions.power(power),
                    Stabilisation.DEFAULT);
            double[] sink = new double[1];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("mode", wm.id());
            s.put("m", m);
            s.put("d", d);
            s.put("p", power);
            s.put("dtype", "float64");
            s.put("computed_dtype", "float64");
            s.put("eig", SymmetricEigenSolver.name());
            Map<String, Object> out = common.time("st", () -> {
                Whitening w = st.forward(z);
                sink[0] += w.backward(g).data[0];
            }, s);
            // The eigendecomposition alone, for the split.
            DMatrixRMaj sigma = Mat.multTransA(z, z);
            Map<String, Object> eig = timeRuns("eig", () -> sink[0] += Mat.eigSymmetric(sigma).values()[0], Map.of(),
                    Math.min(1, common.warmup), common.repeats, 0);
            out.put("eig_median_s", eig.get("median_s"));
            if (!SymmetricEigenSolver.usesEjml(SymmetricEigenSolver.selected(), d)) {
                // The three parts of the divide-and-conquer solver, each the median over the repeats.
                int r = Math.max(1, common.repeats);
                double[][] parts = new double[3][r];
                for (int i = 0; i < r; i++) {
                    double[] p = SymmetricEigenSolver.phaseSeconds(sigma);
                    for (int q = 0; q < 3; q++) {
                        parts[q][i] = p[q];
                    }
                }
                String[] names = {"eig_tridiagonalisation_median_s", "eig_divide_conquer_median_s",
                    "eig_back_transformation_median_s"};
                for (int q = 0; q < 3; q++) {
                    Arrays.sort(parts[q]);
                    out.put(names[q], r % 2 == 1 ? parts[q][r / 2] : 0.5 * (parts[q][r / 2 - 1] + parts[q][r / 2]));
                }
            }
            print(spec, out);
            return 0;
        }
    }

    @Command(name = "train-step", mixinStandardHelpOptions = true,
            description = "One training step of the model of verification/bench/torch_bench.py (MLP 784-512-512 or "
                    + "the CNN, projector 512-512-128, float32; whitening in features mode) with a whitening or other "
                    + "method: forward of V views, the loss (float64, or float32 with --loss-dtype float32), backward, "
                    + "optimiser step.")
    static final class TrainStep implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--encoder", description = "mlp or cnn (default: ${DEFAULT-VALUE})")
        String encoder = "mlp";

        @Option(names = "--batch", description = "images per view (default: ${DEFAULT-VALUE})")
        int batch = 256;

        @Option(names = "--method", description = "the loss, as train --method (default: ${DEFAULT-VALUE})")
        String method = "intl";

        @Option(names = "--dtype", description = "float32 only: the network's precision (default: ${DEFAULT-VALUE})")
        String dtype = "float32";

        @Option(names = "--loss-dtype", description = "the loss's precision, as train's loss-precision: float64 (the "
                + "trainer's default) or float32 (intl and iternorm) (default: ${DEFAULT-VALUE})")
        String lossDtype = "float64";

        @Override
        public Integer call() {
            common.apply();
            positive("--batch", batch);
            if (!dtype(dtype).equals("float32")) {
                throw new InvalidInputException("bench train-step runs the float32 network only; use --dtype float32");
            }
            Map<String, String> o = new LinkedHashMap<>();
            o.put("encoder", encoder);
            o.put("batch", Integer.toString(batch));
            o.put("method", method);
            // The model and objective of verification/bench/torch_bench.py, pinned so that a change of the
            // trainer's defaults does not change what is compared: MLP 784-512-512, features mode, lr 0.05.
            o.put("hidden", "512,512");
            if (Method.parse(method).defaultMode() != null) {
                o.put("mode", "features");
            }
            o.put("lr", "0.05");
            String ld = lossDtype.toLowerCase(Locale.ROOT);
            if (!ld.equals("float32") && !ld.equals("float64")) {
                throw new InvalidInputException("--loss-dtype must be float32 or float64, got '" + lossDtype + "'");
            }
            o.put("loss-precision", ld);
            TrainConfig c = TrainConfig.with(TrainConfig.DEFAULTS, o, "bench train-step");
            Model model = Model.build(c, 28, 28, Precision.FLOAT32);
            Optimizer opt = c.optimizer().create(model.parameters(), c.momentum(), c.weightDecay());
            SplittableRandom rnd = new SplittableRandom(common.seed);
            List<Tensor> views = new ArrayList<>();
            int pixels = 28 * 28;
            for (int v = 0; v < c.views(); v++) {
                float[] x = new float[batch * pixels];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextDouble();
                }
                views.add(Tensor.of(x, batch, model.inputShape()));
            }
            double[] sink = new double[1];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("encoder", c.encoder().id());
            s.put("hidden", c.hidden());
            s.put("projector", List.of(c.projectorHidden(), c.projectorHidden(), c.projectorOut()));
            s.put("batch", batch);
            s.put("views", c.views());
            s.put("method", c.method().id());
            Method.Settings obj = c.objective();
            s.put("mode", obj.mode() == null ? "auto" : obj.mode().id());
            s.put("T", obj.iterations());
            s.put("optimizer", c.optimizer().name().toLowerCase(Locale.ROOT));
            s.put("dtype", "float32");
            s.put("loss_dtype", c.objective().float32Loss() ? "float32" : "float64");
            int loss = Math.max(1, Math.min(c.views(), Gemm.threads()));
            Map<String, Object> out = common.time("train-step", () -> {
                Method.Evaluation ev = Step.run(model, views, c.method(), obj, loss);
                opt.step(c.lr());
                sink[0] += ev.loss().value();
            }, s);
            print(spec, out);
            return 0;
        }
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true,
            description = "C = A·B for n×n matrices on linalg/Gemm; reports GFLOP/s (2n³ flops), and with --threads 1 "
                    + "also per second of the thread's CPU time (the kernel's speed whatever else runs).")
    static final class GemmBench implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--n", description = "matrix size (default: ${DEFAULT-VALUE})")
        int n = 1024;

        @Option(names = "--dtype", description = "float32 or float64 (default: ${DEFAULT-VALUE})")
        String dtype = "float32";

        @Override
        public Integer call() {
            common.apply();
            positive("--n", n);
            String dt = dtype(dtype);
            SplittableRandom rnd = new SplittableRandom(common.seed);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("n", n);
            s.put("dtype", dt);
            Runnable work;
            if (dt.equals("float32")) {
                float[] a = new float[n * n];
                float[] b = new float[n * n];
                float[] c = new float[n * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextGaussian();
                    b[i] = (float) rnd.nextGaussian();
                }
                work = () -> Gemm.mult(a, b, c, n, n, n);
            } else {
                double[] a = new double[n * n];
                double[] b = new double[n * n];
                double[] c = new double[n * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextGaussian();
                    b[i] = rnd.nextGaussian();
                }
                work = () -> Gemm.mult(a, b, c, n, n, n);
            }
            Map<String, Object> out = common.time("gemm", work, s);
            out.put("gflops", 2.0 * n * n * n / (double) out.get("median_s") / 1e9);
            if (Gemm.threads() == 1 && out.containsKey("median_cpu_s")) {
                // One thread: the calling thread does all the work, so its CPU time measures the kernel
                // itself, whatever else the machine runs.
                out.put("gflops_per_cpu_second", 2.0 * n * n * n / (double) out.get("median_cpu_s") / 1e9);
            }
            print(spec, out);
            return 0;
        }
    }
}
