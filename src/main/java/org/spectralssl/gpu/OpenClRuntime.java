package org.spectralssl.gpu;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What this JVM can reach of OpenCL, through Aparapi: the checks that must pass before any native
 * call, the platforms and devices, and the capture of Aparapi's warnings.
 *
 * <p>Aparapi reports a kernel it cannot run on OpenCL (an untranslatable construct, a device
 * without float64, a failed build) only as a java.util.logging warning, then runs the kernel in a
 * Java thread pool. This class captures those warnings on the calling thread so that
 * {@link OpenClDevice} can put the reason in its error, and keeps them off the console (where
 * they come with stack traces) unless {@code SPECTRAL_SSL_DEBUG} is set.
 */
public final class OpenClRuntime {
    private OpenClRuntime() {}

    /** Held strongly: java.util.logging keeps loggers only weakly, and would drop the handler. */
    private static final Logger APARAPI = Logger.getLogger("com.aparapi");
    private static final ThreadLocal<List<String>> CAPTURE = new ThreadLocal<>();

    static {
        APARAPI.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                List<String> sink = CAPTURE.get();
                if (sink != null && r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    String msg = new java.util.logging.SimpleFormatter().formatMessage(r);
                    sink.add(String.valueOf(msg).lines().findFirst().orElse(""));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        if (System.getenv("SPECTRAL_SSL_DEBUG") == null) {
            APARAPI.setUseParentHandlers(false);
        }
    }

    /** Starts capturing Aparapi's warnings on this thread; {@link #endCapture()} returns them. */
    static void beginCapture() {
        CAPTURE.set(new ArrayList<>());
    }

    /** The warnings captured since {@link #beginCapture()}, and stops capturing. */
    static List<String> endCapture() {
        List<String> l = CAPTURE.get();
        CAPTURE.remove();
        return l == null ? List.of() : l;
    }

    /** The library PoCL's LLVM needs preloaded for the JVM to keep its signal handlers (see {@link #signalChaining}). */
    public static final String SIGNAL_CHAINING_HINT = "start java with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so";

    /**
     * Whether the JVM's signal chaining library libjsig is loaded, where that can be seen (Linux:
     * /proc/self/maps). PoCL's LLVM installs its own handlers for the signals the JVM uses
     * (implicit null checks, safepoints); without libjsig to chain them the JVM can die with
     * SIGSEGV (exit 139), as it did twice here. Empty when loaded or unknowable (not Linux).
     */
    public static Optional<String> signalChainingProblem() {
        Path maps = Path.of("/proc/self/maps");
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                || !Files.isReadable(maps)) {
            return Optional.empty();
        }
        try {
            if (Files.readString(maps).contains("libjsig")) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of("the JVM's signal chaining (libjsig) is not loaded, and OpenCL drivers such as PoCL "
                + "replace the JVM's signal handlers (the JVM then crashes with exit 139): " + SIGNAL_CHAINING_HINT);
    }

    /** One OpenCL device as Aparapi sees it, with its platform, in listing order. */
    public record DeviceInfo(int index, String platform, OpenCLDevice device) {
        /** GPU, CPU, ACC… as the driver reports it. */
        public String type() {
            return String.valueOf(device.getType());
        }

        public String name() {
            return device.getName();
        }

        public String describe() {
            return device.getName() + " [" + type() + ", " + device.getMaxComputeUnits() + " compute units, "
                    + (device.getGlobalMemSize() >> 20) + " MiB] on " + platform;
        }
    }

    /** The platforms and devices, or why there are none: exactly one of the two is present. */
    public record Inventory(List<PlatformInfo> platforms, List<DeviceInfo> devices, Optional<String> problem) {
        /** The devices in order of preference: GPUs, then accelerators, then CPUs, each in listing order. */
        public List<DeviceInfo> byPreference() {
            List<DeviceInfo> l = new ArrayList<>(devices);
            l.sort(Comparator.comparingInt(d -> rank(d.type())));
            return l;
        }

        private static int rank(String type) {
            return switch (type) {
                case "GPU" -> 0;
                case "ACC" -> 1;
                case "CPU" -> 2;
                default -> 3;
            };
        }
    }

    /** One platform: name, vendor, version. */
    public record PlatformInfo(String name, String vendor, String version) {
        public String describe() {
            return name + " (" + vendor + ", " + version.strip() + ")";
        }
    }

    /**
     * Lists the OpenCL platforms and devices. Checks signal chaining before any native call, then
     * whether Aparapi's native bridge and the ICD loader load, then whether any platform and any
     * device is there; the first that fails is the problem.
     */
    public static Inventory inventory() {
        Optional<String> chaining = signalChainingProblem();
        if (chaining.isPresent()) {
            return new Inventory(List.of(), List.of(), chaining);
        }
        boolean loaded;
        try {
            loaded = OpenCLLoader.isOpenCLAvailable();
        } catch (LinkageError e) {
            loaded = false;
        }
        if (!loaded) {
            return new Inventory(List.of(), List.of(), Optional.of("no OpenCL ICD loader: Aparapi's native bridge "
                    + "could not load libOpenCL (Debian: apt-get install ocl-icd-libopencl1, and a driver such as "
                    + "pocl-opencl-icd for CPUs)"));
        }
        List<PlatformInfo> platforms = new ArrayList<>();
        List<DeviceInfo> devices = new ArrayList<>();
        for (OpenCLPlatform p : OpenCLPlatform.getUncachedOpenCLPlatforms()) {
            PlatformInfo info = new PlatformInfo(p.getName(), p.getVendor(), p.getVersion());
            platforms.add(info);
            for (OpenCLDevice d : p.getOpenCLDevices()) {
                devices.add(new DeviceInfo(devices.size(), info.describe(), d));
            }
        }
        if (platforms.isEmpty()) {
            return new Inventory(platforms, devices, Optional.of("no OpenCL platform: the ICD loader found no driver "
                    + "(none registered in /etc/OpenCL/vendors or $OCL_ICD_VENDORS; Debian: apt-get install "
                    + "pocl-opencl-icd for CPUs, or the GPU vendor's ICD)"));
        }
        if (devices.isEmpty()) {
            return new Inventory(platforms, devices, Optional.of("no OpenCL device on " + platforms.size()
                    + " platform(s): " + platforms.stream().map(PlatformInfo::describe).toList()));
        }
        return new Inventory(platforms, devices, Optional.empty());
    }
}
