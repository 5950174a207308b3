package org.spectralssl.nn;

import org.spectralssl.linalg.Elementwise;

/**
 * y = max(0, x), element-wise, any shape. Backward: dx = dy where y > 0, else 0 (the
 * subgradient 0 is taken at x = 0, as PyTorch does).
 *
 * <p>Non-finite values: NaN stays NaN in the forward pass ({@code Math.max}) and passes no
 * gradient back.
 */
public final class Relu implements Layer {
    @Override
    public Pass forward(Tensor x, Mode mode) {
        Tensor y = x.zerosLike();
        int n = x.size();
        if (x.precision() == Precision.FLOAT32) {
            float[] a = x.floats();
            float[] b = y.floats();
            Chunks.run(n, (k0, k1) -> {
                for (int k = k0; k < k1; k++) {
                    b[k] = Math.max(a[k], 0f);
                }
            });
        } else {
            double[] a = x.doubles();
            double[] b = y.doubles();
            for (int k = 0; k < n; k++) {
                b[k] = Math.max(a[k], 0d);
            }
        }
        return Pass.of("ReLU", y, (dy, inputGradient) -> {
            if (!inputGradient) {
                return null;
            }
            Tensor dx = dy.zerosLike();
            if (dy.precision() == Precision.FLOAT32) {
                float[] g = dy.floats();
                float[] out = y.floats();
                float[] d = dx.floats();
                Chunks.run(n, (k0, k1) -> Elementwise.reluBackward(out, g, d, k0, k1));
            } else {
                double[] g = dy.doubles();
                double[] out = y.doubles();
                double[] d = dx.doubles();
                for (int k = 0; k < n; k++) {
                    d[k] = out[k] > 0d ? g[k] : 0d;
                }
            }
            return dx;
        });
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
