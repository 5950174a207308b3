package org.spectralssl.nn;

import java.util.Arrays;
import java.util.List;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) over C channels: samples of shape {C} (S = 1,
 * PyTorch's BatchNorm1d) or {C, H, W} (S = H·W, BatchNorm2d). For channel c the statistics pool
 * the N = m·S values x[r, c, s].
 *
 * <p>TRAIN: μ_c = mean, σ²_c = biased variance (divisor N), x̂ = (x − μ_c)/√(σ²_c + ε),
 * y = γ_c x̂ + β_c; running mean ← (1 − momentum)·running mean + momentum·μ_c and running
 * variance likewise with the unbiased σ²_c·N/(N − 1), as PyTorch does. EVAL: x̂ uses the running
 * mean and variance instead, and nothing is updated.
 *
 * <p>Backward, TRAIN: dγ_c += Σ dy·x̂, dβ_c += Σ dy,
 * dx = γ_c/(N√(σ²_c + ε)) · (N·dy − Σ dy − x̂·Σ dy·x̂), the sums over the N values of channel c.
 * EVAL: the same dγ, dβ and dx = γ_c/√(running var_c + ε) · dy.
 *
 * <p>Statistics accumulate in double in both precisions. Non-finite values: a NaN in a channel
 * makes that channel's statistics and output NaN; a constant channel gives x̂ = 0 (ε keeps the
 * division finite).
 */
public final class BatchNorm implements Layer {
    /** ε added to the variance: PyTorch's default. */
    public static final double EPS = 1e-5;
    /** Weight of the newest batch in the running statistics: PyTorch's default. */
    public static final double MOMENTUM = 0.1;

    /** Whether float features take the array loops; tests switch it off to compare with the generic loops. */
    static volatile boolean fastPath = true;

    private final int channels;
    private final Precision precision;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;

    /** γ = 1, β = 0, running mean 0, running variance 1. */
    public BatchNorm(int channels, Precision precision) {
        if (channels < 1) {
            throw new InvalidInputException("BatchNorm needs at least one channel, got " + channels);
        }
        this.channels = channels;
        this.precision = precision;
        this.gamma = new Parameter("gamma", Parameter.Kind.NORM_SCALE, Tensor.zeros(precision, 1, channels));
        this.beta = new Parameter("beta", Parameter.Kind.NORM_SHIFT, Tensor.zeros(precision, 1, channels));
        this.runningMean = Tensor.zeros(precision, 1, channels);
        this.runningVar = Tensor.zeros(precision, 1, channels);
        Init.fill(gamma.value(), 1);
        Init.fill(runningVar, 1);
    }

    @Override
    public Pass forward(Tensor x, Mode mode) {
        String who = toString();
        int[] shape = x.sampleShape();
        if (x.precision() != precision || shape[0] != channels || (shape.length != 1 && shape.length != 3)) {
            throw new InvalidInputException(who + ": input has shape " + x.shapeString() + " (" + x.precision()
                    + ") but [m, " + channels + "] or [m, " + channels + ", H, W] in " + precision + " is required");
        }
        int m = x.rows();
        int s = x.cols() / channels;
        long n = (long) m * s;
        // Features in float (S = 1, the MLP and the projector): the same arithmetic on the arrays.
        boolean fast = s == 1 && precision == Precision.FLOAT32 && fastPath;
        double[] mean = new double[channels];
        double[] invStd = new double[channels];
        if (mode == Mode.TRAIN) {
            if (n < 2) {
                throw new InvalidInputException(who + ": training needs more than one value per channel (batch of " + m
                        + " with " + s + " values per channel); use a larger batch or evaluation mode");
            }
            double[] var = new double[channels];
            if (fast) {
                // The loops below with S = 1 on the float storage: the same terms in the same order.
                // Channels in blocks on the product threads: each channel's sums run over the rows in order.
                float[] xf = x.floats();
                Chunks.run(channels, m, Chunks.MIN_PARALLEL, (c0, c1) -> {
                    for (int r = 0; r < m; r++) {
                        int base = r * channels;
                        for (int c = c0; c < c1; c++) {
                            mean[c] += xf[base + c];
                        }
                    }
                    for (int c = c0; c < c1; c++) {
                        mean[c] /= n;
                    }
                    for (int r = 0; r < m; r++) {
                        int base = r * channels;
                        for (int c = c0; c < c1; c++) {
                            double dv = xf[base + c] - mean[c];
                            var[c] += dv * dv;
                        }
                    }
                });
            } else {
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < channels; c++) {
                    int base = (r * channels + c) * s;
                    for (int k = 0; k < s; k++) {
                        mean[c] += x.get(base + k);
                    }
                }
            }
            for (int c = 0; c < channels; c++) {
                mean[c] /= n;
            }
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < channels; c++) {
                    int base = (r * channels + c) * s;
                    for (int k = 0; k < s; k++) {
                        double dv = x.get(base + k) - mean[c];
                        var[c] += dv * dv;
                    }
                }
            }
            }
            for (int c = 0; c < channels; c++) {
                var[c] /= n;
                invStd[c] = 1 / Math.sqrt(var[c] + EPS);
                runningMean.set(c, (1 - MOMENTUM) * runningMean.get(c) + MOMENTUM * mean[c]);
                runningVar.set(c, (1 - MOMENTUM) * runningVar.get(c) + MOMENTUM * var[c] * n / (n - 1));
            }
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = runningMean.get(c);
                invStd[c] = 1 / Math.sqrt(runningVar.get(c) + EPS);
            }
        }
        double[] g = gamma.value().toDoubles();
        double[] b = beta.value().toDoubles();
        Tensor xhat = x.zerosLike();
        Tensor y = x.zerosLike();
        if (fast) {
            float[] xf = x.floats();
            float[] hf = xhat.floats();
            float[] yf = y.floats();
            Chunks.run(m, channels, Chunks.MIN_PARALLEL, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int base = r * channels;
                    for (int c = 0; c < channels; c++) {
                        double h = (xf[base + c] - mean[c]) * invStd[c];
                        hf[base + c] = (float) h;
                        yf[base + c] = (float) (g[c] * h + b[c]);
                    }
                }
            });
        } else {
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < channels; c++) {
                int base = (r * channels + c) * s;
                for (int k = 0; k < s; k++) {
                    double h = (x.get(base + k) - mean[c]) * invStd[c];
                    xhat.set(base + k, h);
                    y.set(base + k, g[c] * h + b[c]);
                }
            }
        }
        }
        return Pass.of(who, y, (dy, inputGradient) -> {
            double[] sumDy = new double[channels];
            double[] sumDyXhat = new double[channels];
            if (fast) {
                return backwardFeatures(dy, xhat, m, n, g, invStd, sumDy, sumDyXhat, mode, inputGradient);
            }
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < channels; c++) {
                    int base = (r * channels + c) * s;
                    for (int k = 0; k < s; k++) {
                        double d = dy.get(base + k);
                        sumDy[c] += d;
                        sumDyXhat[c] += d * xhat.get(base + k);
                    }
                }
            }
            for (int c = 0; c < channels; c++) {
                gamma.grad().add(c, sumDyXhat[c]); // dγ += Σ dy·x̂
                beta.grad().add(c, sumDy[c]); //      dβ += Σ dy
            }
            if (!inputGradient) {
                return null;
            }
            Tensor dx = dy.zerosLike();
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < channels; c++) {
                    int base = (r * channels + c) * s;
                    double scale = g[c] * invStd[c];
                    for (int k = 0; k < s; k++) {
                        double d = dy.get(base + k);
                        if (mode == Mode.TRAIN) {
                            // dx = γ/(N√(σ²+ε)) · (N·dy − Σdy − x̂·Σdy·x̂)
                            d = d - sumDy[c] / n - xhat.get(base + k) * sumDyXhat[c] / n;
                        }
                        dx.set(base + k, scale * d);
                    }
                }
            }
            return dx;
        });
    }

    /** The backward of {@link #forward} for S = 1 in float: the same terms in the same order, on the arrays. */
    private Tensor backwardFeatures(Tensor dy, Tensor xhat, int m, long n, double[] g, double[] invStd,
            double[] sumDy, double[] sumDyXhat, Mode mode, boolean inputGradient) {
        float[] df = dy.floats();
        float[] hf = xhat.floats();
        Chunks.run(channels, m, Chunks.MIN_PARALLEL, (c0, c1) -> {
            for (int r = 0; r < m; r++) {
                int base = r * channels;
                for (int c = c0; c < c1; c++) {
                    double d = df[base + c];
                    sumDy[c] += d;
                    sumDyXhat[c] += d * hf[base + c];
                }
            }
        });
        for (int c = 0; c < channels; c++) {
            gamma.grad().add(c, sumDyXhat[c]);
            beta.grad().add(c, sumDy[c]);
        }
        if (!inputGradient) {
            return null;
        }
        Tensor dx = dy.zerosLike();
        float[] xf = dx.floats();
        double[] scale = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = g[c] * invStd[c];
        }
        boolean train = mode == Mode.TRAIN;
        Chunks.run(m, channels, Chunks.MIN_PARALLEL, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * channels;
                for (int c = 0; c < channels; c++) {
                    double d = df[base + c];
                    if (train) {
                        d = d - sumDy[c] / n - hf[base + c] * sumDyXhat[c] / n;
                    }
                    xf[base + c] = (float) (scale[c] * d);
                }
            }
        });
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(new Buffer("running_mean", runningMean), new Buffer("running_var", runningVar));
    }

    @Override
    public int[] outputShape(int... inputShape) {
        if (inputShape[0] != channels || (inputShape.length != 1 && inputShape.length != 3)) {
            throw new InvalidInputException(this + " takes samples [" + channels + "] or [" + channels + ", H, W], not "
                    + Arrays.toString(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "BatchNorm(" + channels + ")";
    }
}
