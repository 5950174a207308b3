package org.spectralssl.nn;

import java.util.SplittableRandom;

/**
 * Times one forward + backward of the MLP encoder and projector at batch 256 in FLOAT32 on the
 * calling thread (not a test; run by hand):
 * <pre>
 * mvn -q -B test-compile
 * java -cp target/classes:target/test-classes org.spectralssl.nn.NnBenchmark [hidden1 hidden2 projHidden projOut]
 * </pre>
 * Prints the median of 20 timed steps after 10 warm-up steps, and the per-layer split.
 */
public final class NnBenchmark {
    private NnBenchmark() {}

    public static void main(String[] args) {
        int h1 = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int h2 = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int ph = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int po = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int m = 256;
        Precision p = Precision.FLOAT32;
        SplittableRandom rnd = new SplittableRandom(1);
        Sequential net = new Sequential(Encoders.mlp(784, new int[] {h1, h2}, p, rnd), Encoders.projector(h2, ph, po, p, rnd));
        Tensor x = GradCheck.random(p, rnd, m, 784);
        Tensor g = GradCheck.random(p, rnd, m, po);
        double flops = 0;
        int[] widths = {784, h1, h2, ph, ph, po};
        for (int i = 0; i + 1 < widths.length; i++) {
            flops += 3 * 2.0 * m * widths[i] * widths[i + 1]; // forward, dW, dx
        }
        flops -= 2.0 * m * 784 * h1; // no dx for the first layer
        double[] t = new double[30];
        for (int it = 0; it < t.length; it++) {
            long t0 = System.nanoTime();
            net.zeroGrad();
            net.forward(x, Mode.TRAIN).backward(g, false);
            t[it] = (System.nanoTime() - t0) / 1e6;
        }
        double[] timed = java.util.Arrays.copyOfRange(t, 10, t.length);
        java.util.Arrays.sort(timed);
        double med = timed[timed.length / 2];
        System.out.printf("MLP 784-%d-%d + projector %d-%d-%d-%d, batch %d, FLOAT32, 1 thread: median %.1f ms per "
                + "forward+backward (%.2f GFLOP/s in the products), %d parameters%n", h1, h2, h2, ph, ph, po, m, med,
                flops / med / 1e6, net.parameterCount());
    }
}
