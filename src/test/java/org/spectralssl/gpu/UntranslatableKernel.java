package org.spectralssl.gpu;

import com.aparapi.Kernel;

/** A kernel Aparapi cannot translate to OpenCL C (it boxes a double: a {@code new}). */
final class UntranslatableKernel extends Kernel {
    double[] out = new double[4];

    @Override
    public void run() {
        int i = getGlobalId();
        Double boxed = Double.valueOf(i);
        out[i] = boxed;
    }
}
