package org.spectralssl.gpu;

import com.aparapi.Kernel;

/**
 * C = op(A)·op(B) in float32 (products and sums in float), one work item per element of C
 * (global id 0 = column j, 1 = row i), on a 2-D range padded to whole work groups. A's element (i, p) is a[i·aRow + p·aCol] and B's
 * element (p, j) is b[p·bRow + j·bCol], so one kernel serves A·B, Aᵀ·B and A·Bᵀ on row-major
 * arrays. Each element sums its k products in the order p = 0, 1, …, k−1, as its twin
 * {@link CpuTwins#gemm(float[], int, int, float[], int, int, float[], int, int, int)} does; the
 * OpenCL compiler may fuse a product and a sum into an FMA, which the tolerance model allows for
 * ({@link ParityTolerance}). Top-level and without boxing or {@code new}: Aparapi translates only
 * such bytecode to OpenCL C.
 */
final class GemmF32Kernel extends Kernel {
    float[] a = new float[1];
    float[] b = new float[1];
    float[] c = new float[1];
    int m;
    int n;
    int k;
    int aRow;
    int aCol;
    int bRow;
    int bCol;

    @Override
    public void run() {
        int j = getGlobalId(0);
        int i = getGlobalId(1);
        if (i < m && j < n) {
            float s = 0;
            for (int p = 0; p < k; p++) {
                s += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
            }
            c[i * n + j] = s;
        }
    }
}
