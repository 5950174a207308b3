package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** kNN and the linear probe on data whose answer is known. */
class EvaluationTest {
    /** K well-separated Gaussian clusters in f dimensions: centre c·(e_c)·10, noise 1. */
    static float[] clusters(int n, int f, int k, SplittableRandom rnd, int[] labels) {
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) (rnd.nextGaussian() + (j == labels[i] ? 10 : 0));
            }
        }
        return x;
    }

    @Test
    void separableClustersAreClassifiedPerfectly() {
        int f = 12;
        int k = 4;
        SplittableRandom rnd = new SplittableRandom(5);
        int[] yt = new int[400];
        int[] yq = new int[200];
        float[] xt = clusters(400, f, k, rnd, yt);
        float[] xq = clusters(200, f, k, rnd, yq);
        Knn.Result knn = Knn.evaluate(xt, yt, xq, yq, f, 5, k, 2);
        assertEquals(1.0, knn.top1());
        assertEquals(1.0, knn.top5());
        LinearProbe.Result pr = LinearProbe.fit(xt, yt, xq, yq, f, k, new LinearProbe.Settings(10, 1e-2, 100, 5e-6), 1, 1);
        assertEquals(1.0, pr.top1());
        assertEquals(1.0, pr.trainTop1());
    }

    @Test
    void chanceLevelOnLabelsIndependentOfFeatures() {
        int f = 8;
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 2000;
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(2);
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) rnd.nextGaussian();
            }
        }
        float[] xq = java.util.Arrays.copyOfRange(x, 0, 1000 * f);
        int[] yq = new int[1000];
        for (int i = 0; i < 1000; i++) {
            yq[i] = rnd.nextInt(2);
        }
        double acc = Knn.evaluate(x, y, xq, yq, f, 5, 2, 1).top1();
        assertTrue(Math.abs(acc - 0.5) < 0.06, "kNN on noise: " + acc);
    }

    @Test
    void voteTieGoesToTheClassOfTheNearerNeighbour() {
        int[] labels = {3, 1, 1, 3, 2};
        // neighbours in distance order 0..4: classes 3, 1, 1, 3, 2 → 3 and 1 tie at 2 votes, 3 is nearer
        assertArrayEquals(new int[] {3, 1, 2}, Knn.vote(new int[] {0, 1, 2, 3, 4}, labels, 4, 5));
        // swap the nearest to class 1 first: 1 wins
        assertArrayEquals(new int[] {1, 3, 2}, Knn.vote(new int[] {1, 0, 2, 3, 4}, labels, 4, 5));
    }

    @Test
    void equalDistancesKeepTheLowerBankIndex() {
        // bank: two identical points of different classes; query on top of them, k = 1
        float[] bank = {1, 0, 1, 0, 5, 5};
        int[] bl = {1, 0, 0};
        int[][] r = Knn.rank(bank, bl, new float[] {1, 0}, 1, 2, 1, 2, 1);
        assertEquals(1, r[0][0]);
    }
}
