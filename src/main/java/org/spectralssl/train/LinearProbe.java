package org.spectralssl.train;

import java.util.SplittableRandom;
import org.spectralssl.data.Seeds;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Linear;
import org.spectralssl.nn.Mode;
import org.spectralssl.nn.Pass;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;
import org.spectralssl.optim.Adam;
import org.spectralssl.optim.WarmupCosine;

/**
 * A linear classifier on frozen features (METHOD.md §7): softmax regression, Adam with L2 decay,
 * the learning rate cosine-decayed from lr to 10⁻⁴·lr with no warm-up (the paper: 10⁻² to 10⁻⁶
 * over 500 epochs, batch 1000; shorter here by default).
 *
 * <p>Features are standardised first, each dimension by the mean and standard deviation over the
 * training features (a dimension with zero variance is only centred). This is an affine map, so
 * the classifier stays linear in the features; it makes one learning rate fit raw pixels and
 * learned features alike.
 *
 * <p>Weights start at zero. Randomness: each epoch's order comes from the EVALUATION stream of the
 * given seed at coordinates ({@code stream}, epoch), so two probes in one run do not share draws.
 */
public final class LinearProbe {
    private LinearProbe() {}

    /** Settings. */
    public record Settings(int epochs, double lr, int batch, double weightDecay) {
        public Settings {
            if (epochs < 1 || batch < 1 || !(lr > 0) || !(weightDecay >= 0)) {
                throw new InvalidInputException("linear probe needs epochs >= 1, batch >= 1, lr > 0, weight decay >= 0");
            }
        }
    }

    /** Test top-1 and top-5 accuracy and the final training top-1. */
    public record Result(double top1, double top5, double trainTop1) {}

    /**
     * Fits on (train, trainLabels), reports on (test, testLabels). Features are N×f row-major. Not modified:
     * the arrays.
     */
    public static Result fit(float[] train, int[] trainLabels, float[] test, int[] testLabels, int f, int classes,
            Settings s, long seed, int stream) {
        int n = trainLabels.length;
        if (train.length != n * f || test.length != testLabels.length * f) {
            throw new InvalidInputException("linear probe: feature arrays do not match the labels");
        }
        double[] mean = new double[f];
        double[] inv = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                mean[j] += train[i * f + j];
            }
        }
        for (int j = 0; j < f; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = train[i * f + j] - mean[j];
                inv[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            double sd = Math.sqrt(inv[j] / n);
            inv[j] = sd > 0 ? 1 / sd : 1;
        }
        float[] xs = standardise(train, f, mean, inv);
        float[] ts = standardise(test, f, mean, inv);

        SplittableRandom init = Seeds.random(seed, Seeds.Purpose.EVALUATION, stream, -1);
        Linear layer = new Linear(f, classes, true, Precision.FLOAT32, init);
        // Start from W = 0, b = 0: softmax regression is convex, so the start only sets the speed, and a
        // random start would add noise that a short probe cannot remove (PyTorch's nn.Linear draws U(±1/√f)).
        for (org.spectralssl.nn.Parameter q : layer.parameters()) {
            q.value().fillZero();
        }
        Adam adam = new Adam(layer.parameters(), s.weightDecay(), Adam.Decay.L2);
        int batch = Math.min(s.batch(), n);
        long stepsPerEpoch = (n + batch - 1) / batch;
        WarmupCosine lr = new WarmupCosine(s.lr(), 0, stepsPerEpoch * s.epochs(), WarmupCosine.PROBE_FINAL_FRACTION);
        int[] order = new int[n];
        long step = 0;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            Shuffle.permutation(order, Seeds.random(seed, Seeds.Purpose.EVALUATION, stream, epoch));
            for (int start = 0; start < n; start += batch) {
                int m = Math.min(batch, n - start);
                float[] xb = new float[m * f];
                int[] yb = new int[m];
                for (int r = 0; r < m; r++) {
                    System.arraycopy(xs, order[start + r] * f, xb, r * f, f);
                    yb[r] = trainLabels[order[start + r]];
                }
                layer.zeroGrad();
                Pass p = layer.forward(Tensor.of(xb, m, f), Mode.TRAIN);
                float[] logits = p.output().floats();
                float[] dl = new float[m * classes];
                for (int r = 0; r < m; r++) {
                    double[] pr = softmax(logits, r * classes, classes);
                    for (int c = 0; c < classes; c++) {
                        // d(mean cross-entropy)/dlogit = (softmax − onehot)/m
                        dl[r * classes + c] = (float) ((pr[c] - (c == yb[r] ? 1 : 0)) / m);
                    }
                }
                p.backward(Tensor.of(dl, m, classes), false);
                adam.step(lr.at(step++));
            }
        }
        double[] trainAcc = accuracy(layer, xs, trainLabels, f, classes);
        double[] testAcc = accuracy(layer, ts, testLabels, f, classes);
        return new Result(testAcc[0], testAcc[1], trainAcc[0]);
    }

    /** The probe settings of a config. */
    public static Settings settingsOf(TrainConfig c) {
        return new Settings(c.probeEpochs(), c.probeLr(), c.probeBatch(), c.probeWeightDecay());
    }

    private static float[] standardise(float[] x, int f, double[] mean, double[] inv) {
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            int j = k % f;
            out[k] = (float) ((x[k] - mean[j]) * inv[j]);
        }
        return out;
    }

    private static double[] softmax(float[] z, int off, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, z[off + j]);
        }
        double[] p = new double[c];
        double sum = 0;
        for (int j = 0; j < c; j++) {
            p[j] = Math.exp(z[off + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < c; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** {top-1, top-5}; a class outranks another with an equal logit when its index is lower. */
    private static double[] accuracy(Linear layer, float[] x, int[] labels, int f, int classes) {
        int n = labels.length;
        float[] logits = layer.forward(Tensor.of(x, n, f), Mode.EVAL).output().floats();
        int top1 = 0;
        int top5 = 0;
        for (int r = 0; r < n; r++) {
            float own = logits[r * classes + labels[r]];
            int better = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[r * classes + c];
                if (v > own || (v == own && c < labels[r])) {
                    better++;
                }
            }
            top1 += better == 0 ? 1 : 0;
            top5 += better < 5 ? 1 : 0;
        }
        return new double[] {(double) top1 / n, (double) top5 / n};
    }

}
