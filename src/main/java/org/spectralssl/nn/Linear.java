package org.spectralssl.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.spectralssl.linalg.InvalidInputException;

/**
 * y = x·W + b. Shapes: x m×i, W i×o (stored input-major, the transpose of PyTorch's o×i, so
 * that the forward product runs along rows), b 1×o, y m×o.
 *
 * <p>Backward: dW += xᵀ·dy, db += Σ_rows dy, dx = dy·Wᵀ.
 */
public final class Linear implements Layer {
    private final int in;
    private final int out;
    private final Precision precision;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param bias whether to add b (false before batch normalisation, which cancels it)
     * @param rnd  source of the initial weights, U(±1/√i) for W and b (PyTorch's default)
     */
    public Linear(int in, int out, boolean bias, Precision precision, SplittableRandom rnd) {
        if (in < 1 || out < 1) {
            throw new InvalidInputException("Linear needs positive sizes, got " + in + "→" + out);
        }
        this.in = in;
        this.out = out;
        this.precision = precision;
        this.weight = new Parameter("weight", Parameter.Kind.WEIGHT, Tensor.zeros(precision, in, out));
        Init.pytorchDefault(weight.value(), in, rnd);
        if (bias) {
            this.bias = new Parameter("bias", Parameter.Kind.BIAS, Tensor.zeros(precision, 1, out));
            Init.pytorchDefault(this.bias.value(), in, rnd);
        } else {
            this.bias = null;
        }
    }

    @Override
    public Pass forward(Tensor x, Mode mode) {
        String who = toString();
        Tensor.requireSample(who, x, precision, in);
        int m = x.rows();
        Tensor w = weight.value();
        Tensor y = Tensor.zeros(precision, m, out);
        MatOps.mult(x, 0, w, 0, y, 0, m, in, out, false); // y = x·W
        if (bias != null) {
            Tensor b = bias.value();
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < out; j++) {
                    y.add(r * out + j, b.get(j));
                }
            }
        }
        return Pass.of(who, y, (dy, inputGradient) -> {
            MatOps.multTransA(x, 0, dy, 0, weight.grad(), 0, in, m, out, true); // dW += xᵀ·dy
            if (bias != null) {
                MatOps.addColumnSums(dy, 0, m, out, bias.grad()); // db += Σ_rows dy
            }
            if (!inputGradient) {
                return null;
            }
            Tensor wt = MatOps.transpose(w, 0, in, out); // o×i
            Tensor dx = Tensor.zeros(precision, m, in);
            MatOps.mult(dy, 0, wt, 0, dx, 0, m, out, in, false); // dx = dy·Wᵀ
            return dx;
        });
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int... inputShape) {
        if (inputShape.length != 1 || inputShape[0] != in) {
            throw new InvalidInputException(this + " takes samples of shape [" + in + "], not "
                    + java.util.Arrays.toString(inputShape));
        }
        return new int[] {out};
    }

    @Override
    public String toString() {
        return "Linear(" + in + "→" + out + (bias == null ? ", no bias" : "") + ")";
    }
}
