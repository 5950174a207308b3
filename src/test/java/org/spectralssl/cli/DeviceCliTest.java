package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.gpu.OpenClTestDevice;

/**
 * {@code whiten --device} and {@code device} as a user runs them: in a fresh JVM (no -ea, its own
 * environment), so that the checks that guard OpenCL are exercised where they matter: signal
 * chaining missing, no OpenCL platform, and a working device.
 */
class DeviceCliTest {
    @TempDir
    Path dir;

    record Proc(int code, String out, String err) {}

    static final String JSIG = Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString();

    static Proc java(Map<String, String> env, boolean jsig, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("LD_PRELOAD");
        if (jsig) {
            pb.environment().put("LD_PRELOAD", JSIG);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static String errorLine(Proc r) {
        List<String> lines = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, lines.size(), "one error line: " + r.err());
        return lines.get(0);
    }

    static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }

    @Test
    void withoutSignalChainingOpenClIsRefusedNotACrash() throws Exception {
        Assumptions.assumeTrue(linux(), "the signal-chaining check reads /proc/self/maps");
        Proc r = java(Map.of(), false, "whiten", "--device", "opencl", "--m", "8", "--d", "4");
        assertEquals(2, r.code(), r.err());
        String e = errorLine(r);
        assertTrue(e.startsWith("error: --device opencl: ") && e.contains("LD_PRELOAD=$JAVA_HOME/lib/libjsig.so"), e);
        Proc auto = java(Map.of(), false, "whiten", "--device", "auto", "--m", "8", "--d", "4");
        assertEquals(0, auto.code(), auto.err());
        assertTrue(auto.out().contains("device     cpu (auto: OpenCL not usable: "), auto.out());
        assertTrue(auto.out().contains("ran on     cpu (EJML, float64)"), auto.out());
    }

    @Test
    void withNoPlatformOpenClIsAnErrorAndAutoReportsTheCpu() throws Exception {
        // ocl-icd reads its drivers from $OCL_ICD_VENDORS when set: an empty folder means no platform.
        Map<String, String> none = Map.of("OCL_ICD_VENDORS", dir.toString());
        Proc r = java(none, true, "whiten", "--device", "opencl", "--m", "8", "--d", "4");
        assertEquals(2, r.code(), r.err());
        assertTrue(errorLine(r).contains("no OpenCL"), r.err());
        Proc auto = java(none, true, "whiten", "--device", "auto", "--m", "8", "--d", "4");
        assertEquals(0, auto.code(), auto.err());
        assertTrue(auto.out().contains("device     cpu (auto: OpenCL not usable: ") && auto.out().contains("no OpenCL"),
                auto.out());
        Proc dev = java(none, true, "device");
        assertEquals(0, dev.code(), dev.err());
        assertTrue(dev.out().contains("no OpenCL device: nothing checked"), dev.out());
        assertEquals(2, java(none, true, "device", "--require").code());
    }

    @Test
    void onOpenClTheDeviceThatRanIsPrintedAndTheParitySuitePasses() throws Exception {
        OpenClTestDevice.get(); // skips (or fails under SPECTRAL_SSL_REQUIRE_OPENCL) without OpenCL
        Proc r = java(Map.of(), true, "whiten", "--device", "opencl", "--m", "16", "--d", "24", "--T", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("transform  iternorm(T=3, mode=samples, divisor=unbiased, device=opencl)"), r.out());
        // The forward pass alone (the probe run when the device opened is not in it): Gram 1, GEMM 3(T − 1) + 1 = 7
        // (the step from P_0 = I needs no product), axpby T = 3.
        assertTrue(r.out().contains("ran on     opencl: ") && r.out().contains(
                ": 11 kernel launches in the forward pass, each verified to have run on OpenCL {GEMM_F64=7, "
                + "GRAM_F64=1, AXPBY_F64=3}"), r.out());
        Proc d = java(Map.of(), true, "device", "--n", "64", "--reps", "1", "--require");
        assertEquals(0, d.code(), d.out() + d.err());
        assertTrue(d.out().contains("parity PASS on "), d.out());
        assertTrue(d.out().contains("gemm float64 n=64: OpenCL "), d.out());
    }
}
