package org.spectralssl.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.linalg.DeviceUnavailableException;
import org.spectralssl.linalg.Mat;

/**
 * The device seam leaves the reference path as it was: without a device argument the core runs on
 * {@link CpuDevice}, says so, and gives the same bits as with it; a device that refuses an
 * operation stops the computation with its error instead of being replaced.
 */
class ComputeDeviceSeamTest {
    static DMatrixRMaj batch(int m, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        for (int i = 0; i < z.getNumElements(); i++) {
            z.data[i] = rnd.nextGaussian() + 0.1 * i;
        }
        return z;
    }

    @Test
    void theDefaultIsTheCpuReferencePathBitForBit() {
        DMatrixRMaj z = batch(12, 7, 1);
        DMatrixRMaj g = batch(12, 7, 2);
        for (WhiteningMode mode : WhiteningMode.values()) {
            Whitening a = new IterNorm(mode, Divisor.UNBIASED, 4).forward(z);
            Whitening b = new IterNorm(mode, Divisor.UNBIASED, 4, CpuDevice.INSTANCE).forward(z);
            assertEquals("cpu (EJML, float64)", a.device());
            assertArrayEquals(a.output().data, b.output().data);
            assertArrayEquals(a.backward(g).data, b.backward(g).data);
            Whitening c = new SpectralTransform(mode, SpectrumFunctions.power(0.5)).forward(z);
            assertEquals("cpu (EJML, float64)", c.device());
            assertEquals(new IterNorm(mode).describe(), "iternorm(T=4, mode=" + mode.id() + ", divisor=unbiased)");
        }
    }

    @Test
    void cpuGramIsExactlySymmetricAndAxpbyIsTheOldNewtonUpdate() {
        DMatrixRMaj x = batch(9, 13, 3);
        DMatrixRMaj s = CpuDevice.INSTANCE.gram(x);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                assertEquals(Double.doubleToRawLongBits(s.get(i, j)), Double.doubleToRawLongBits(s.get(j, i)));
            }
        }
        DMatrixRMaj a = batch(4, 4, 4);
        DMatrixRMaj t = batch(4, 4, 5);
        // What IterNorm computed before the seam: scale by 1.5, then add −0.5·T in place.
        DMatrixRMaj old = Mat.scale(1.5, a);
        Mat.addInPlace(old, -0.5, t);
        assertArrayEquals(old.data, CpuDevice.INSTANCE.axpby(1.5, a, -0.5, t).data);
    }

    /** A device that refuses everything, as an OpenCL device does when it cannot run a kernel. */
    static final class Refusing implements ComputeDevice {
        @Override
        public Kind kind() {
            return Kind.OPENCL;
        }

        @Override
        public String describe() {
            return "refusing";
        }

        private static DMatrixRMaj no() {
            throw new DeviceUnavailableException("opencl: refusing: no kernel runs here");
        }

        @Override
        public DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
            return no();
        }

        @Override
        public DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b) {
            return no();
        }

        @Override
        public DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b) {
            return no();
        }

        @Override
        public DMatrixRMaj gram(DMatrixRMaj x) {
            return no();
        }

        @Override
        public DMatrixRMaj axpby(double alpha, DMatrixRMaj a, double beta, DMatrixRMaj b) {
            return no();
        }
    }

    @Test
    void aRefusingDeviceStopsTheComputation() {
        DMatrixRMaj z = batch(6, 4, 6);
        IterNorm in = new IterNorm(WhiteningMode.FEATURES, Divisor.UNBIASED, 2, new Refusing());
        assertEquals("iternorm(T=2, mode=features, divisor=unbiased, device=opencl)", in.describe());
        assertThrows(DeviceUnavailableException.class, () -> in.forward(z));
        assertThrows(DeviceUnavailableException.class, () -> new SpectralTransform(WhiteningMode.SAMPLES,
                Divisor.UNBIASED, SpectrumFunctions.power(0.5), Stabilisation.DEFAULT, new Refusing()).forward(z));
    }
}
