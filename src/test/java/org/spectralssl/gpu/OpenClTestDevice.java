package org.spectralssl.gpu;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.spectralssl.linalg.DeviceUnavailableException;

/**
 * The OpenCL device the tests run on, opened once per test JVM, or the reason there is none. A
 * test that needs it is skipped with that reason printed, unless {@code SPECTRAL_SSL_REQUIRE_OPENCL}
 * is set (as .ci/run does after installing PoCL), where the absence of OpenCL fails the test
 * instead: CI must not pass by skipping the parity suite.
 */
public final class OpenClTestDevice {
    private OpenClTestDevice() {}

    private static OpenClDevice device;
    private static String problem;

    public static synchronized OpenClDevice get() {
        if (device == null && problem == null) {
            try {
                device = OpenClDevice.openBest();
                System.out.println("[opencl tests] running on " + device.describe());
            } catch (DeviceUnavailableException e) {
                problem = e.getMessage();
            }
        }
        if (device == null) {
            if (System.getenv("SPECTRAL_SSL_REQUIRE_OPENCL") != null) {
                Assertions.fail("SPECTRAL_SSL_REQUIRE_OPENCL is set but OpenCL is not usable: " + problem);
            }
            System.out.println("[opencl tests] SKIPPED: " + problem);
            Assumptions.abort("OpenCL not usable: " + problem);
        }
        return device;
    }
}
