package org.spectralssl.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Range;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.DeviceUnavailableException;
import org.spectralssl.linalg.InvalidInputException;

/** The device that ran is asserted: a kernel Aparapi runs anywhere but on OpenCL is an error. */
class NoSilentFallbackTest {
    @Test
    void aKernelThatCannotBeTranslatedIsAnErrorThatSaysWhy() {
        OpenClDevice dev = OpenClTestDevice.get();
        long before = dev.totalLaunches();
        UntranslatableKernel k = new UntranslatableKernel();
        try {
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                    () -> dev.launch(k, Range.create(dev.info().device(), 4, 4), null));
            String m = e.getMessage();
            System.out.println("[fallback] " + m);
            assertTrue(m.contains("did not run on OpenCL"), m);
            assertTrue(m.contains("NEW"), "the reason Aparapi gave is in the message: " + m);
            assertEquals(1, m.lines().count(), "one line");
            assertEquals(before, dev.totalLaunches(), "nothing counted as run on OpenCL");
        } finally {
            k.dispose();
        }
    }

    @Test
    void openClIsChosenWhenItWorksAndAutoSaysSo() {
        OpenClDevice dev = OpenClTestDevice.get();
        assertEquals(ComputeDevice.Kind.OPENCL, dev.kind());
        assertTrue(dev.describe().startsWith("opencl: "), dev.describe());
        DeviceChoice.Selection s = DeviceChoice.AUTO.select();
        assertEquals(ComputeDevice.Kind.OPENCL, s.device().kind(), s.report());
        assertTrue(s.report().contains("auto"), s.report());
        ((OpenClDevice) s.device()).close();
    }

    @Test
    void cpuIsTheDefaultAndTheReferencePath() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.DEFAULT);
        assertEquals(CpuDevice.INSTANCE, DeviceChoice.CPU.select().device());
        assertEquals(DeviceChoice.OPENCL, DeviceChoice.parse("OpenCL"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DeviceChoice.parse("cuda"));
        assertTrue(e.getMessage().contains("cpu, opencl or auto"));
    }

    @Test
    void theInventoryNamesAProblemOrDevicesNeverBoth() {
        OpenClRuntime.Inventory inv = OpenClRuntime.inventory();
        assertTrue(inv.problem().isPresent() != !inv.devices().isEmpty(), inv.toString());
        assertFalse(inv.problem().isPresent() && !inv.devices().isEmpty());
    }
}
