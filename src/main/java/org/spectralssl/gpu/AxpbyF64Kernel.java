package org.spectralssl.gpu;

import com.aparapi.Kernel;

/**
 * C = α·A + β·B elementwise in float64, one work item per element (a 1-D range padded to whole
 * work groups). Twin: {@link CpuTwins#axpby(double, double[], double, double[], double[], int)}.
 */
final class AxpbyF64Kernel extends Kernel {
    double[] a = new double[1];
    double[] b = new double[1];
    double[] c = new double[1];
    double alpha;
    double beta;
    int len;

    @Override
    public void run() {
        int i = getGlobalId(0);
        if (i < len) {
            c[i] = alpha * a[i] + beta * b[i];
        }
    }
}
