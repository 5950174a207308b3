package org.spectralssl.nn;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.spectralssl.linalg.InvalidInputException;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of C-channel images with C' square K×K
 * filters, stride s and zero padding q: x m×C×H×W → y m×C'×H'×W', H' = ⌊(H + 2q − K)/s⌋ + 1.
 * Weights W are C'×D with D = C·K·K (PyTorch's C'×C×K×K, flattened), bias b 1×C'.
 *
 * <p>Per sample, with cols = unfold(x) (D×L, see {@link Im2col}): y = W·cols + b.
 * Backward per sample: dW += dy·colsᵀ, db += Σ_L dy, dx = fold(Wᵀ·dy). The unfolded matrix is
 * recomputed in the backward pass rather than kept, so memory stays at one sample's D×L.
 */
public final class Conv2d implements Layer {
    private final int in;
    private final int out;
    private final int k;
    private final int stride;
    private final int pad;
    private final Precision precision;
    private final Parameter weight;
    private final Parameter bias;

    /** Weights and bias U(±1/√D) (PyTorch's default). */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Precision precision,
            SplittableRandom rnd) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new InvalidInputException("Conv2d needs positive channels, kernel and stride and padding >= 0, got "
                    + in + "→" + out + ", K " + kernel + ", s " + stride + ", q " + padding);
        }
        this.in = in;
        this.out = out;
        this.k = kernel;
        this.stride = stride;
        this.pad = padding;
        this.precision = precision;
        int d = in * kernel * kernel;
        this.weight = new Parameter("weight", Parameter.Kind.WEIGHT, Tensor.zeros(precision, out, d));
        Init.pytorchDefault(weight.value(), d, rnd);
        if (bias) {
            this.bias = new Parameter("bias", Parameter.Kind.BIAS, Tensor.zeros(precision, 1, out));
            Init.pytorchDefault(this.bias.value(), d, rnd);
        } else {
            this.bias = null;
        }
    }

    @Override
    public Pass forward(Tensor x, Mode mode) {
        String who = toString();
        int[] in3 = x.sampleShape();
        int[] o3 = outputShape(in3);
        if (x.precision() != precision) {
            throw new InvalidInputException(who + ": input is " + x.precision() + " but the layer is " + precision);
        }
        int h = in3[1];
        int w = in3[2];
        int l = o3[1] * o3[2];
        int d = in * k * k;
        int m = x.rows();
        Tensor y = Tensor.zeros(precision, m, o3);
        Tensor cols = Tensor.zeros(precision, 1, d * l);
        for (int r = 0; r < m; r++) {
            Im2col.unfold(x, r * x.cols(), in, h, w, k, stride, pad, cols);
            MatOps.mult(weight.value(), 0, cols, 0, y, r * y.cols(), out, d, l, false); // y_r = W·cols
            if (bias != null) {
                for (int c = 0; c < out; c++) {
                    double b = bias.value().get(c);
                    for (int j = 0; j < l; j++) {
                        y.add(r * y.cols() + c * l + j, b);
                    }
                }
            }
        }
        return Pass.of(who, y, (dy, inputGradient) -> {
            Tensor wt = inputGradient ? MatOps.transpose(weight.value(), 0, out, d) : null; // D×C'
            Tensor dx = inputGradient ? x.zerosLike() : null;
            Tensor dcols = inputGradient ? Tensor.zeros(precision, 1, d * l) : null;
            for (int r = 0; r < m; r++) {
                int yOff = r * y.cols();
                Im2col.unfold(x, r * x.cols(), in, h, w, k, stride, pad, cols);
                Tensor colsT = MatOps.transpose(cols, 0, d, l); // L×D
                MatOps.mult(dy, yOff, colsT, 0, weight.grad(), 0, out, l, d, true); // dW += dy·colsᵀ
                if (bias != null) {
                    for (int c = 0; c < out; c++) {
                        double s = 0;
                        for (int j = 0; j < l; j++) {
                            s += dy.get(yOff + c * l + j);
                        }
                        bias.grad().add(c, s); // db += Σ_L dy
                    }
                }
                if (inputGradient) {
                    MatOps.mult(wt, 0, dy, yOff, dcols, 0, d, out, l, false); // dcols = Wᵀ·dy
                    Im2col.foldAdd(dcols, in, h, w, k, stride, pad, dx, r * x.cols()); // dx = fold(dcols)
                }
            }
            return dx;
        });
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int... inputShape) {
        if (inputShape.length != 3 || inputShape[0] != in) {
            throw new InvalidInputException(this + " takes samples [" + in + ", H, W], not " + Arrays.toString(inputShape));
        }
        int ho = (inputShape[1] + 2 * pad - k) / stride + 1;
        int wo = (inputShape[2] + 2 * pad - k) / stride + 1;
        if (inputShape[1] + 2 * pad < k || inputShape[2] + 2 * pad < k) {
            throw new InvalidInputException(this + ": input " + inputShape[1] + "×" + inputShape[2]
                    + " is smaller than the kernel");
        }
        return new int[] {out, ho, wo};
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + "→" + out + ", " + k + "×" + k + ", s" + stride + ", q" + pad
                + (bias == null ? ", no bias" : "") + ")";
    }
}
