package org.spectralssl.gpu;

import java.util.Locale;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.DeviceUnavailableException;
import org.spectralssl.linalg.InvalidInputException;

/**
 * The {@code --device} choice: {@code cpu} (the float64 EJML reference path, the default),
 * {@code opencl} (an OpenCL device or an error that says why not) or {@code auto} (OpenCL if a
 * device passes {@link OpenClDevice#open}, else the CPU, and the choice is reported).
 */
public enum DeviceChoice {
    CPU, OPENCL, AUTO;

    /** The default, defined once: the reference path. */
    public static final DeviceChoice DEFAULT = CPU;

    /** The device chosen and one line that says what was chosen and why. */
    public record Selection(ComputeDevice device, String report) {}

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses cpu, opencl or auto (case-insensitive). */
    public static DeviceChoice parse(String s) {
        for (DeviceChoice c : values()) {
            if (c.id().equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new InvalidInputException("unknown device '" + s + "': use cpu, opencl or auto");
    }

    /**
     * Selects the device.
     *
     * @throws DeviceUnavailableException for {@code opencl} when no OpenCL device is usable, with the reason
     */
    public Selection select() {
        return switch (this) {
            case CPU -> new Selection(CpuDevice.INSTANCE, "cpu (requested)");
            case OPENCL -> {
                OpenClDevice d = OpenClDevice.openBest();
                yield new Selection(d, d.describe() + " (requested; float64 probe passed)");
            }
            case AUTO -> {
                try {
                    OpenClDevice d = OpenClDevice.openBest();
                    yield new Selection(d, d.describe() + " (auto: float64 probe passed)");
                } catch (DeviceUnavailableException e) {
                    yield new Selection(CpuDevice.INSTANCE, "cpu (auto: OpenCL not usable: " + e.getMessage() + ")");
                }
            }
        };
    }
}
