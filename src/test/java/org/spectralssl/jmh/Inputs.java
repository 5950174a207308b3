package org.spectralssl.jmh;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Gemm;

/**
 * Inputs of the JMH benchmarks, drawn as {@code bench} (cli/BenchCommand) draws them: standard
 * Gaussian entries from {@code SplittableRandom(1)}, matrices in the order {@code bench} draws
 * them, so that both time the same numbers.
 */
final class Inputs {
    private Inputs() {}

    /** {@code bench}'s default {@code --seed}. */
    static final long SEED = 1;

    static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rnd) {
        DMatrixRMaj z = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < z.data.length; i++) {
            z.data[i] = rnd.nextGaussian();
        }
        return z;
    }

    static float[] toFloats(DMatrixRMaj a) {
        float[] f = new float[a.getNumElements()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.data[i];
        }
        return f;
    }

    /**
     * Sets the threads of the products and prints them with the GEMM kernel that runs into the
     * JMH log (a fork without {@code --add-modules jdk.incubator.vector} would time the scalar
     * fallback; the log says so).
     */
    static void threads(int threads) {
        Gemm.setThreads(threads);
        System.out.println("spectral-ssl: threads " + Gemm.threads() + ", kernel " + Gemm.kernel());
    }

    /**
     * n×n operands as {@code bench gemm} draws them: A and B element by element, alternating, one
     * stream for the floats and one for the doubles, both from {@link #SEED}.
     */
    record Square(float[] af, float[] bf, double[] ad, double[] bd) {
        static Square draw(int n) {
            SplittableRandom rf = new SplittableRandom(SEED);
            SplittableRandom rd = new SplittableRandom(SEED);
            Square s = new Square(new float[n * n], new float[n * n], new double[n * n], new double[n * n]);
            for (int i = 0; i < n * n; i++) {
                s.af[i] = (float) rf.nextGaussian();
                s.bf[i] = (float) rf.nextGaussian();
                s.ad[i] = rd.nextGaussian();
                s.bd[i] = rd.nextGaussian();
            }
            return s;
        }
    }
}
