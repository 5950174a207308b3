package org.spectralssl.linalg;

/**
 * A {@link ComputeDevice} could not run an operation where it claims to run it: no OpenCL ICD
 * loader, no platform or device, no float64 support, a kernel that could not be translated, or a
 * kernel that ran somewhere else. The message is one line that names the device and the reason;
 * nothing was computed in its place.
 */
public final class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
