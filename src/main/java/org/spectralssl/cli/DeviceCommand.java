package org.spectralssl.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectralssl.gpu.GemmBenchmark;
import org.spectralssl.gpu.GpuKernel;
import org.spectralssl.gpu.OpenClDevice;
import org.spectralssl.gpu.OpenClRuntime;
import org.spectralssl.gpu.ParityCheck;
import org.spectralssl.linalg.DeviceUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code device}: the OpenCL platforms and devices this JVM can reach, whether each runs float64,
 * the parity suite of every kernel against its CPU twin, and the GEMM throughput against the twin
 * and EJML. Exit 0 when every check that ran passed, 1 when a kernel failed its parity check, 2
 * with {@code --require} when no OpenCL device is usable.
 */
@Command(name = "device", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the OpenCL platforms and devices, check every kernel against its CPU twin on each "
                + "usable device, and time the GEMM kernels.",
            "OpenCL needs the JVM's signal chaining: run java with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so."})
final class DeviceCommand implements Callable<Integer> {
    @Option(names = "--n", description = "size of the n×n GEMM timed (default: ${DEFAULT-VALUE})")
    int n = 256;

    @Option(names = "--reps", description = "timed runs per path, best taken (default: ${DEFAULT-VALUE})")
    int reps = 5;

    @Option(names = "--no-bench", description = "skip the throughput check")
    boolean noBench;

    @Option(names = "--require", description = "exit 2 when no OpenCL device is usable")
    boolean require;

    @Option(names = "--verbose", description = "print every parity case, not only each kernel's summary")
    boolean verbose;

    @Override
    public Integer call() {
        if (n < 1 || reps < 1) {
            throw new org.spectralssl.linalg.InvalidInputException("--n and --reps must be >= 1, got " + n + ", "
                    + reps);
        }
        PrintStream out = System.out;
        out.println("signal chaining  " + OpenClRuntime.signalChainingProblem().map(p -> "MISSING: " + p)
                .orElse("ok (libjsig loaded, or not needed on this OS)"));
        OpenClRuntime.Inventory inv = OpenClRuntime.inventory();
        for (OpenClRuntime.PlatformInfo p : inv.platforms()) {
            out.println("platform         " + p.describe());
        }
        for (OpenClRuntime.DeviceInfo d : inv.devices()) {
            out.println("device " + d.index() + "         " + d.describe());
        }
        if (inv.problem().isPresent()) {
            out.println("opencl           none usable: " + inv.problem().get());
            out.println("result           no OpenCL device: nothing checked");
            return require ? 2 : 0;
        }
        int usable = 0;
        int failed = 0;
        for (OpenClRuntime.DeviceInfo d : inv.devices()) {
            out.println();
            out.println("== device " + d.index() + ": " + d.name());
            OpenClDevice dev;
            long t0 = System.nanoTime();
            try {
                dev = OpenClDevice.open(d);
            } catch (DeviceUnavailableException e) {
                out.println("float64          NOT USABLE: " + e.getMessage());
                continue;
            }
            usable++;
            try {
                out.printf(Locale.ROOT, "float64          yes: the probe ran on OpenCL and gave (1 + 2^-40) - 1 = 2^-40 "
                        + "exactly (%.3f s incl. kernel build)%n", (System.nanoTime() - t0) / 1e9);
                List<ParityCheck.Case> cases = ParityCheck.run(dev);
                failed += report(out, cases);
                Map<GpuKernel, Long> launches = dev.launches();
                out.println("launches         " + launches + " (each verified to have run on this device)");
                if (!noBench) {
                    out.println(GemmBenchmark.f64(dev, n, reps).line());
                    out.println(GemmBenchmark.f32(dev, n, reps).line());
                }
            } finally {
                dev.close();
            }
        }
        out.println();
        if (failed > 0) {
            out.println("result           PARITY FAILURE: " + failed + " case(s) outside the tolerance model");
            return 1;
        }
        if (usable == 0) {
            out.println("result           no usable OpenCL device");
            return require ? 2 : 0;
        }
        out.println("result           parity PASS on " + usable + " device(s)");
        return 0;
    }

    /** Prints one line per kernel (and every failing case); returns the number of failing cases. */
    private int report(PrintStream out, List<ParityCheck.Case> cases) {
        Map<GpuKernel, List<ParityCheck.Case>> by = new EnumMap<>(GpuKernel.class);
        for (ParityCheck.Case c : cases) {
            by.computeIfAbsent(c.kernel(), k -> new ArrayList<>()).add(c);
        }
        int failed = 0;
        for (Map.Entry<GpuKernel, List<ParityCheck.Case>> e : by.entrySet()) {
            List<ParityCheck.Case> l = e.getValue();
            long fails = l.stream().filter(c -> !c.passes()).count();
            long identical = l.stream().filter(c -> c.comparison().differing() == 0).count();
            double worst = l.stream().mapToDouble(c -> c.comparison().worstRatio()).max().orElse(0);
            out.printf(Locale.ROOT, "parity %-9s  %s: %d cases (%s), %d bit-identical to the twin, max |Δ|/bound "
                    + "%.3g%n", e.getKey(), fails == 0 ? "PASS" : "FAIL", l.size(), e.getKey().dtype().id(), identical,
                    worst);
            for (ParityCheck.Case c : l) {
                if (verbose || !c.passes()) {
                    out.println("  " + c.line());
                }
            }
            failed += (int) fails;
        }
        return failed;
    }
}
