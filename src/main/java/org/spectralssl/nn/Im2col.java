package org.spectralssl.nn;

/**
 * Unfolding of one C×H×W image into the D×L matrix of its K×K patches (D = C·K·K, L = H'·W'),
 * and the adjoint that folds a D×L matrix back by summation. Row (c, u, v) of the matrix, column
 * (y, x) holds {@code img[c, y·s − q + u, x·s − q + v]}, or 0 outside the image (zero padding).
 * With W reshaped to C'×D, the convolution is then the product W·cols.
 */
final class Im2col {
    private Im2col() {}

    /** cols (D×L at 0) = unfold(img at off). Modified: cols. */
    static void unfold(Tensor img, int off, int c, int h, int w, int k, int stride, int pad, Tensor cols) {
        int ho = (h + 2 * pad - k) / stride + 1;
        int wo = (w + 2 * pad - k) / stride + 1;
        boolean single = img.precision() == Precision.FLOAT32;
        float[] fi = img.floats();
        float[] fc = cols.floats();
        double[] di = img.doubles();
        double[] dc = cols.doubles();
        int row = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row++) {
                    int o = row * ho * wo;
                    for (int y = 0; y < ho; y++) {
                        int iy = y * stride - pad + u;
                        boolean inY = iy >= 0 && iy < h;
                        int src = off + (ch * h + iy) * w;
                        for (int x = 0; x < wo; x++, o++) {
                            int ix = x * stride - pad + v;
                            boolean in = inY && ix >= 0 && ix < w;
                            if (single) {
                                fc[o] = in ? fi[src + ix] : 0f;
                            } else {
                                dc[o] = in ? di[src + ix] : 0d;
                            }
                        }
                    }
                }
            }
        }
    }

    /** img (at off) += fold(cols): the adjoint of {@link #unfold}. Modified: img. */
    static void foldAdd(Tensor cols, int c, int h, int w, int k, int stride, int pad, Tensor img, int off) {
        int ho = (h + 2 * pad - k) / stride + 1;
        int wo = (w + 2 * pad - k) / stride + 1;
        boolean single = img.precision() == Precision.FLOAT32;
        float[] fi = img.floats();
        float[] fc = cols.floats();
        double[] di = img.doubles();
        double[] dc = cols.doubles();
        int row = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row++) {
                    int o = row * ho * wo;
                    for (int y = 0; y < ho; y++) {
                        int iy = y * stride - pad + u;
                        if (iy < 0 || iy >= h) {
                            o += wo;
                            continue;
                        }
                        int dst = off + (ch * h + iy) * w;
                        for (int x = 0; x < wo; x++, o++) {
                            int ix = x * stride - pad + v;
                            if (ix >= 0 && ix < w) {
                                if (single) {
                                    fi[dst + ix] += fc[o];
                                } else {
                                    di[dst + ix] += dc[o];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
