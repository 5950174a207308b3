package org.spectralssl.cli;

import org.spectralssl.gpu.DeviceChoice;
import org.spectralssl.gpu.OpenClDevice;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.DeviceUnavailableException;
import org.spectralssl.linalg.InvalidInputException;

/** The {@code --device} option shared by the commands: its help, the selection and its errors. */
final class Devices {
    private Devices() {}

    /** The option's help text (picocli substitutes the default). */
    static final String HELP = "where the matrix products run: cpu (float64 EJML, the reference), "
            + "opencl (an OpenCL device in float64, or an error saying why not; needs "
            + "LD_PRELOAD=$JAVA_HOME/lib/libjsig.so) or auto (OpenCL if usable, else cpu) (default: ${DEFAULT-VALUE})";

    /** Parses and selects the device; an unusable OpenCL device for {@code opencl} is a usage error (exit 2). */
    static DeviceChoice.Selection select(String id) {
        DeviceChoice choice = DeviceChoice.parse(id);
        try {
            return choice.select();
        } catch (DeviceUnavailableException e) {
            throw error(choice, e);
        }
    }

    /** The device's one-line reason as a usage error (exit 2), without repeating "opencl: ". */
    static InvalidInputException error(DeviceChoice choice, DeviceUnavailableException e) {
        String m = e.getMessage();
        return new InvalidInputException("--device " + choice.id() + ": "
                + (m.startsWith("opencl: ") ? m.substring("opencl: ".length()) : m));
    }

    /** Releases an OpenCL device's kernels; nothing for the CPU. */
    static void close(ComputeDevice d) {
        if (d instanceof OpenClDevice ocl) {
            ocl.close();
        }
    }
}
