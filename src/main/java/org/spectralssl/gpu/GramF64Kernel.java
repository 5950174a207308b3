package org.spectralssl.gpu;

import com.aparapi.Kernel;

/**
 * G = X·Xᵀ in float64 for X n×k row-major, one work item per element of G. Work items (i, j) and
 * (j, i) both compute the dot product of rows min(i, j) and max(i, j) in the order p = 0, …, k−1,
 * the same operations on the same operands, so G is exactly symmetric without a second pass (at
 * twice the arithmetic of the upper triangle alone, which buys simple indexing). Twin:
 * {@link CpuTwins#gram(double[], double[], int, int)}.
 */
final class GramF64Kernel extends Kernel {
    double[] x = new double[1];
    double[] g = new double[1];
    int n;
    int k;

    @Override
    public void run() {
        int j = getGlobalId(0);
        int i = getGlobalId(1);
        if (i < n && j < n) {
            int lo = min(i, j);
            int hi = max(i, j);
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += x[lo * k + p] * x[hi * k + p];
            }
            g[i * n + j] = s;
        }
    }
}
