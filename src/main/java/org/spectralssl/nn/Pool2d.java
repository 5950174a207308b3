package org.spectralssl.nn;

import java.util.Arrays;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Max or average pooling over K×K windows with stride s, no padding, per channel:
 * x m×C×H×W → y m×C×H'×W', H' = ⌊(H − K)/s⌋ + 1.
 *
 * <p>Max: y = the window's largest value (the first one on ties); backward sends dy to that
 * position only. Average: y = the window's mean; backward spreads dy/K² over the window.
 * With K = H = W and s = 1 the average is global average pooling (output C×1×1).
 *
 * <p>Non-finite values: a NaN in a max window is skipped unless the whole window is NaN (then
 * the first position is taken); an average window with a NaN is NaN.
 */
public final class Pool2d implements Layer {
    /** Which reduction. */
    public enum Kind {
        MAX, AVERAGE
    }

    private final Kind kind;
    private final int k;
    private final int stride;

    public Pool2d(Kind kind, int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new InvalidInputException("pooling needs kernel and stride >= 1, got " + kernel + ", " + stride);
        }
        this.kind = kind;
        this.k = kernel;
        this.stride = stride;
    }

    /** Max pooling with stride = kernel. */
    public static Pool2d max(int kernel) {
        return new Pool2d(Kind.MAX, kernel, kernel);
    }

    /** Average pooling with stride = kernel. */
    public static Pool2d average(int kernel) {
        return new Pool2d(Kind.AVERAGE, kernel, kernel);
    }

    @Override
    public Pass forward(Tensor x, Mode mode) {
        int[] s = x.sampleShape();
        int[] o = outputShape(s);
        int c = s[0], h = s[1], w = s[2], ho = o[1], wo = o[2];
        int m = x.rows();
        Tensor y = Tensor.zeros(x.precision(), m, o);
        int[] argmax = kind == Kind.MAX ? new int[y.size()] : null;
        int oi = 0;
        for (int r = 0; r < m; r++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = r * x.cols() + ch * h * w;
                for (int yy = 0; yy < ho; yy++) {
                    for (int xx = 0; xx < wo; xx++, oi++) {
                        int first = plane + yy * stride * w + xx * stride;
                        if (kind == Kind.MAX) {
                            int best = first;
                            double bv = x.get(first);
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int idx = first + u * w + v;
                                    double val = x.get(idx);
                                    if (val > bv || (Double.isNaN(bv) && !Double.isNaN(val))) {
                                        bv = val;
                                        best = idx;
                                    }
                                }
                            }
                            argmax[oi] = best;
                            y.set(oi, bv);
                        } else {
                            double sum = 0;
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    sum += x.get(first + u * w + v);
                                }
                            }
                            y.set(oi, sum / (k * k));
                        }
                    }
                }
            }
        }
        return Pass.of(toString(), y, (dy, inputGradient) -> {
            if (!inputGradient) {
                return null;
            }
            Tensor dx = x.zerosLike();
            if (kind == Kind.MAX) {
                for (int i = 0; i < dy.size(); i++) {
                    dx.add(argmax[i], dy.get(i));
                }
                return dx;
            }
            int j = 0;
            for (int r = 0; r < m; r++) {
                for (int ch = 0; ch < c; ch++) {
                    int plane = r * x.cols() + ch * h * w;
                    for (int yy = 0; yy < ho; yy++) {
                        for (int xx = 0; xx < wo; xx++, j++) {
                            double g = dy.get(j) / (k * k);
                            int first = plane + yy * stride * w + xx * stride;
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    dx.add(first + u * w + v, g);
                                }
                            }
                        }
                    }
                }
            }
            return dx;
        });
    }

    @Override
    public int[] outputShape(int... inputShape) {
        if (inputShape.length != 3 || inputShape[1] < k || inputShape[2] < k) {
            throw new InvalidInputException(this + " takes samples [C, H, W] with H, W >= " + k + ", not "
                    + Arrays.toString(inputShape));
        }
        return new int[] {inputShape[0], (inputShape[1] - k) / stride + 1, (inputShape[2] - k) / stride + 1};
    }

    @Override
    public String toString() {
        return (kind == Kind.MAX ? "MaxPool" : "AvgPool") + "(" + k + "×" + k + ", s" + stride + ")";
    }
}
