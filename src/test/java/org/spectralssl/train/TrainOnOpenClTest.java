package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spectralssl.gpu.OpenClDevice;
import org.spectralssl.gpu.OpenClTestDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.InvalidInputException;

/**
 * A short training run with the whitening's matrix work on OpenCL gives the CPU run's losses, step
 * by step, within {@link #LOSS_RTOL}, and its run directory says that OpenCL ran. On PoCL in CI; skipped
 * (with the reason printed) where OpenCL is not usable, unless SPECTRAL_SSL_REQUIRE_OPENCL is set.
 */
class TrainOnOpenClTest {
    /**
     * The documented tolerance (verification/gpu/README.md): the device's float64 products differ
     * from EJML's by their summation order only (gpu.ParityTolerance), which moves the first step's
     * loss by about 1e-16 relative; training then carries such differences through the float32
     * network, and over the 16 steps here they stay far below 1e-9 (measured: at most a few ulps).
     */
    static final double LOSS_RTOL = 1e-9;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"intl", "st"})
    void sameLossesAsTheCpuStepByStep(String method) throws IOException {
        OpenClDevice device = OpenClTestDevice.get();
        TrainConfig c = TrainConfig.with(Tiny.config(method), Map.of("epochs", "4"), "test");
        TrainData d = Tiny.data(c);
        long launches = device.totalLaunches();
        Map<String, Object> cpu = Trainer.run(c, d, tmp.resolve("cpu"), new Trainer.Options(2, null));
        Map<String, Object> ocl = Trainer.run(c, d, tmp.resolve("ocl"), new Trainer.Options(2, null, device));
        assertTrue(device.totalLaunches() > launches, "no kernel ran on the OpenCL device");

        List<String> a = Files.readAllLines(tmp.resolve("cpu").resolve(RunFiles.STEPS_CSV));
        List<String> b = Files.readAllLines(tmp.resolve("ocl").resolve(RunFiles.STEPS_CSV));
        assertEquals(a.size(), b.size());
        assertEquals(17, a.size(), "header + 16 steps");
        double worst = 0;
        for (int i = 1; i < a.size(); i++) {
            double la = Double.parseDouble(a.get(i).split(",")[1]);
            double lb = Double.parseDouble(b.get(i).split(",")[1]);
            double rel = Math.abs(la - lb) / Math.abs(la);
            worst = Math.max(worst, rel);
            assertTrue(rel <= LOSS_RTOL, String.format(Locale.ROOT, "%s step %d: cpu %.17g, opencl %.17g, rel %.3g > %.1g",
                    method, i, la, lb, rel, LOSS_RTOL));
        }
        System.out.printf(Locale.ROOT, "[opencl train] %s: %d steps, largest relative loss difference %.3g%n", method,
                a.size() - 1, worst);

        // The run says which device ran: summary, manifest.
        assertEquals(device.describe(), ocl.get("device"));
        assertEquals(CpuDevice.INSTANCE.describe(), cpu.get("device"));
        assertTrue(Files.readString(tmp.resolve("ocl").resolve(RunFiles.MANIFEST)).contains(device.describe()));
    }

    @Test
    void aCpuOnlyMethodIsRefusedOnOpenCl() {
        OpenClDevice device = OpenClTestDevice.get();
        TrainConfig c = Tiny.config("vicreg");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Trainer.run(c, Tiny.data(c), tmp.resolve("v"), new Trainer.Options(1, null, device)));
        assertTrue(e.getMessage().contains("vicreg runs on the CPU only"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("v")), "nothing written for a refused run");
    }
}
