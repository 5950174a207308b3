package org.spectralssl.gpu;

import com.aparapi.Kernel;

/**
 * The float64 probe: out[i] = (x[i] + y[i]) − x[i]. With x = 1 and y = 2^−40 the exact answer
 * 2^−40 is what IEEE float64 gives and what float32 (unit roundoff 2^−24) cannot: a device that
 * runs this kernel on OpenCL and returns 2^−40 does arithmetic in float64. Twin:
 * {@link CpuTwins#probe(double[], double[], double[], int)}.
 */
final class Fp64ProbeKernel extends Kernel {
    double[] x = new double[1];
    double[] y = new double[1];
    double[] out = new double[1];
    int len;

    @Override
    public void run() {
        int i = getGlobalId(0);
        if (i < len) {
            out[i] = (x[i] + y[i]) - x[i];
        }
    }
}
