package org.spectralssl.gpu;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.DeviceUnavailableException;

/**
 * A {@link ComputeDevice} on one OpenCL device, through Aparapi, in float64 (plus a float32 GEMM
 * for callers that work in float). No silent fallback: every kernel launch is checked afterwards
 * ({@link Kernel#isRunningCL()} and {@link Kernel#getTargetDevice()}, the only two signals of
 * where Aparapi actually ran it) and a launch that ran anywhere but on this device throws
 * {@link DeviceUnavailableException} with the reason Aparapi logged; the result computed in its
 * place is discarded. Launches that did run here are counted per kernel, so callers can assert
 * that the work they asked for was done on OpenCL.
 *
 * <p>Opening a device runs the float64 probe ({@link Fp64ProbeKernel}): a device that cannot run
 * it, or that returns a float32-rounded answer, is refused with the reason.
 *
 * <p>Data moves between host and device on every launch (Aparapi's implicit transfers), so
 * products chain through host memory: this is a correctness path first. Operations are
 * synchronized: Aparapi kernels hold their arguments in fields. Shapes with a zero dimension
 * return the empty or zero result without a launch (an empty sum is 0; there is nothing to run).
 */
public final class OpenClDevice implements ComputeDevice, AutoCloseable {
    private final OpenClRuntime.DeviceInfo info;
    private final OpenCLDevice device;
    private final GemmF64Kernel gemmF64 = new GemmF64Kernel();
    private final GemmF32Kernel gemmF32 = new GemmF32Kernel();
    private final GramF64Kernel gramF64 = new GramF64Kernel();
    private final AxpbyF64Kernel axpbyF64 = new AxpbyF64Kernel();
    private final Fp64ProbeKernel probe = new Fp64ProbeKernel();
    private final Map<GpuKernel, Long> launches = new EnumMap<>(GpuKernel.class);
    private final int tile;
    private final int group;

    private OpenClDevice(OpenClRuntime.DeviceInfo info) {
        this.info = info;
        this.device = info.device();
        int maxGroup = Math.max(1, device.getMaxWorkGroupSize());
        // 2-D work groups of tile×tile and 1-D groups of `group` items, within the device's limit.
        int t = 8;
        while (t > 1 && t * t > maxGroup) {
            t /= 2;
        }
        this.tile = t;
        this.group = Math.min(64, maxGroup);
        for (Kernel k : List.of(gemmF64, gemmF32, gramF64, axpbyF64, probe)) {
            k.setAutoCleanUpArrays(true);
        }
    }

    /**
     * Opens the given device and proves that it runs float64 kernels on OpenCL.
     *
     * @throws DeviceUnavailableException naming the device and the reason
     */
    public static OpenClDevice open(OpenClRuntime.DeviceInfo info) {
        OpenClDevice d = new OpenClDevice(info);
        try {
            d.checkFloat64();
        } catch (DeviceUnavailableException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Opens the first device, in order of preference (GPU, accelerator, CPU), that passes
     * {@link #open}.
     *
     * @throws DeviceUnavailableException with the reason for every device tried, or why there is none
     */
    public static OpenClDevice openBest() {
        OpenClRuntime.Inventory inv = OpenClRuntime.inventory();
        if (inv.problem().isPresent()) {
            throw new DeviceUnavailableException("opencl: " + inv.problem().get());
        }
        List<String> reasons = new ArrayList<>();
        for (OpenClRuntime.DeviceInfo info : inv.byPreference()) {
            try {
                return open(info);
            } catch (DeviceUnavailableException e) {
                reasons.add(e.getMessage());
            }
        }
        throw new DeviceUnavailableException("opencl: no usable device: " + String.join("; ", reasons));
    }

    @Override
    public Kind kind() {
        return Kind.OPENCL;
    }

    @Override
    public String describe() {
        return "opencl: " + info.describe() + ", float64";
    }

    public OpenClRuntime.DeviceInfo info() {
        return info;
    }

    /** Launches that ran on this device, per kernel in {@link GpuKernel} order (kernels never launched are absent). */
    public synchronized Map<GpuKernel, Long> launches() {
        return java.util.Collections.unmodifiableMap(new EnumMap<>(launches));
    }

    /** All launches that ran on this device. */
    public synchronized long totalLaunches() {
        return launches.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public synchronized void close() {
        for (Kernel k : List.of(gemmF64, gemmF32, gramF64, axpbyF64, probe)) {
            k.dispose();
        }
    }

    /**
     * Runs one kernel on this device and proves it ran here. Package-private so that the tests can
     * hand it a kernel Aparapi cannot translate.
     */
    synchronized void launch(Kernel k, Range range, GpuKernel id) {
        OpenClRuntime.beginCapture();
        Throwable thrown = null;
        try {
            k.execute(range);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // AssertionError: with -ea, Aparapi's own assert fires when it falls back from a Range bound to
            // an OpenCL device; without -ea it falls back quietly, and the check below catches that.
            thrown = e;
        }
        List<String> warnings = OpenClRuntime.endCapture();
        Device target = k.getTargetDevice();
        boolean here = thrown == null && k.isRunningCL() && target instanceof OpenCLDevice cl
                && cl.getDeviceId() == device.getDeviceId();
        if (!here) {
            String reason = reason(warnings, thrown);
            throw new DeviceUnavailableException("opencl: kernel " + k.getClass().getSimpleName() + " on "
                    + info.name() + " did not run on OpenCL: " + reason + (thrown != null ? ""
                    : " (Aparapi ran it on " + (target == null ? "no device" : target.getShortDescription())
                    + " instead; that result was discarded)"));
        }
        if (id != null) {
            launches.merge(id, 1L, Long::sum);
        }
    }

    /** The cause Aparapi logged ("Device failed for K, devices={…}: cause"), else the exception's message. */
    private static String reason(List<String> warnings, Throwable thrown) {
        List<String> causes = new ArrayList<>();
        for (String w : warnings) {
            int at = w.startsWith("Device failed for ") ? w.indexOf("}: ") : -1;
            if (at >= 0) {
                causes.add(w.substring(at + 3).strip());
            } else if (!w.startsWith("Trying next device")) {
                causes.add(w.strip());
            }
        }
        if (causes.isEmpty() && thrown != null) {
            causes.add(thrown.getClass().getSimpleName() + ": "
                    + String.valueOf(thrown.getMessage()).lines().findFirst().orElse(""));
        }
        return causes.isEmpty() ? "no reason was logged" : String.join("; ", causes);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private Range range2d(int cols, int rows) {
        return Range.create2D(device, roundUp(cols, tile), roundUp(rows, tile), tile, tile);
    }

    private Range range1d(int len) {
        return Range.create(device, roundUp(len, group), group);
    }

    // ---- raw kernels on arrays: the operations the parity suite and the benchmark hold to their twins ----

    /** {@link GemmF64Kernel} with the arguments of its twin {@link CpuTwins#gemm(double[], int, int, double[], int, int, double[], int, int, int)}. */
    public synchronized void gemm(double[] a, int aRow, int aCol, double[] b, int bRow, int bCol, double[] c, int m,
            int n, int k) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0.0);
            return;
        }
        GemmF64Kernel g = gemmF64;
        g.a = a;
        g.b = b;
        g.c = c;
        g.m = m;
        g.n = n;
        g.k = k;
        g.aRow = aRow;
        g.aCol = aCol;
        g.bRow = bRow;
        g.bCol = bCol;
        launch(g, range2d(n, m), GpuKernel.GEMM_F64);
    }

    /** {@link GemmF32Kernel} with the arguments of its twin {@link CpuTwins#gemm(float[], int, int, float[], int, int, float[], int, int, int)}. */
    public synchronized void gemm(float[] a, int aRow, int aCol, float[] b, int bRow, int bCol, float[] c, int m,
            int n, int k) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        GemmF32Kernel g = gemmF32;
        g.a = a;
        g.b = b;
        g.c = c;
        g.m = m;
        g.n = n;
        g.k = k;
        g.aRow = aRow;
        g.aCol = aCol;
        g.bRow = bRow;
        g.bCol = bCol;
        launch(g, range2d(n, m), GpuKernel.GEMM_F32);
    }

    /** {@link GramF64Kernel} with the arguments of its twin {@link CpuTwins#gram(double[], double[], int, int)}. */
    public synchronized void gram(double[] x, double[] g, int n, int k) {
        if (n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(g, 0, n * n, 0.0);
            return;
        }
        gramF64.x = x;
        gramF64.g = g;
        gramF64.n = n;
        gramF64.k = k;
        launch(gramF64, range2d(n, n), GpuKernel.GRAM_F64);
    }

    /** {@link AxpbyF64Kernel} with the arguments of its twin {@link CpuTwins#axpby(double, double[], double, double[], double[], int)}. */
    public synchronized void axpby(double alpha, double[] a, double beta, double[] b, double[] c, int len) {
        if (len == 0) {
            return;
        }
        axpbyF64.alpha = alpha;
        axpbyF64.a = a;
        axpbyF64.beta = beta;
        axpbyF64.b = b;
        axpbyF64.c = c;
        axpbyF64.len = len;
        launch(axpbyF64, range1d(len), GpuKernel.AXPBY_F64);
    }

    /** {@link Fp64ProbeKernel} with the arguments of its twin {@link CpuTwins#probe(double[], double[], double[], int)}. */
    public synchronized void probe(double[] x, double[] y, double[] out, int len) {
        if (len == 0) {
            return;
        }
        probe.x = x;
        probe.y = y;
        probe.out = out;
        probe.len = len;
        launch(probe, range1d(len), GpuKernel.PROBE_F64);
    }

    /** Runs the float64 probe; refuses a device that cannot run it or rounds like float32. */
    private void checkFloat64() {
        double[] x = {1, 1};
        double[] y = {0x1p-40, -0x1p-40};
        double[] out = new double[2];
        try {
            probe(x, y, out, 2);
        } catch (DeviceUnavailableException e) {
            String m = e.getMessage();
            boolean fp64 = m.toLowerCase(java.util.Locale.ROOT).contains("fp64")
                    || m.toLowerCase(java.util.Locale.ROOT).contains("double");
            throw new DeviceUnavailableException((fp64 ? "opencl: " + info.name() + ": no float64 support: " : "") + m);
        }
        if (out[0] != 0x1p-40 || out[1] != -0x1p-40) {
            throw new DeviceUnavailableException("opencl: " + info.name() + ": no IEEE float64: the probe "
                    + "(1 + 2^-40) - 1 gave " + out[0] + " instead of " + 0x1p-40);
        }
    }

    // ---- the ComputeDevice operations, in float64 ----

    @Override
    public DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        requireInner(a.numCols, b.numRows, "mult", a, b);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        gemm(a.data, a.numCols, 1, b.data, b.numCols, 1, c.data, a.numRows, b.numCols, a.numCols);
        return c;
    }

    @Override
    public DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b) {
        requireInner(a.numRows, b.numRows, "multTransA", a, b);
        DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
        gemm(a.data, 1, a.numCols, b.data, b.numCols, 1, c.data, a.numCols, b.numCols, a.numRows);
        return c;
    }

    @Override
    public DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b) {
        requireInner(a.numCols, b.numCols, "multTransB", a, b);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numRows);
        gemm(a.data, a.numCols, 1, b.data, 1, b.numCols, c.data, a.numRows, b.numRows, a.numCols);
        return c;
    }

    @Override
    public DMatrixRMaj gram(DMatrixRMaj x) {
        DMatrixRMaj g = new DMatrixRMaj(x.numRows, x.numRows);
        gram(x.data, g.data, x.numRows, x.numCols);
        return g;
    }

    @Override
    public DMatrixRMaj axpby(double alpha, DMatrixRMaj a, double beta, DMatrixRMaj b) {
        Checks.sameShape("a", a, "b", b);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        axpby(alpha, a.data, beta, b.data, c.data, a.getNumElements());
        return c;
    }

    private static void requireInner(int left, int right, String op, DMatrixRMaj a, DMatrixRMaj b) {
        if (left != right) {
            throw new org.spectralssl.linalg.InvalidInputException(op + ": inner dimensions differ, "
                    + Checks.shape(a) + " and " + Checks.shape(b));
        }
    }
}
