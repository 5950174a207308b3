package org.spectralssl.testing;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Central finite differences of a scalar function of several matrices along a random direction,
 * compared with the analytic directional derivative ⟨∇f, V⟩.
 */
public final class FiniteDifference {
    private FiniteDifference() {}

    /** The outcome of one directional check. */
    public record Check(double analytic, double numeric, double step) {
        public double relativeError() {
            double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
            return scale == 0 ? 0 : Math.abs(analytic - numeric) / scale;
        }

        @Override
        public String toString() {
            return "analytic " + analytic + ", central difference " + numeric + " (h = " + step + "), relative error "
                    + relativeError();
        }
    }

    /**
     * Compares ⟨grads, V⟩ with (f(x + hV) − f(x − hV))/2h for a random unit-scale direction V, using
     * Richardson extrapolation of two steps to cancel the O(h²) term.
     */
    public static Check directional(Function<List<DMatrixRMaj>, Double> f, List<DMatrixRMaj> x,
            List<DMatrixRMaj> grads, SplittableRandom rnd, double relStep) {
        double scale = 0;
        for (DMatrixRMaj a : x) {
            for (int i = 0; i < a.getNumElements(); i++) {
                scale = Math.max(scale, Math.abs(a.data[i]));
            }
        }
        double h = relStep * (scale == 0 ? 1 : scale);
        List<DMatrixRMaj> dir = x.stream().map(a -> {
            DMatrixRMaj v = new DMatrixRMaj(a.numRows, a.numCols);
            for (int i = 0; i < v.getNumElements(); i++) {
                v.data[i] = rnd.nextDouble(-1, 1);
            }
            return v;
        }).toList();
        double analytic = 0;
        for (int k = 0; k < x.size(); k++) {
            DMatrixRMaj g = grads.get(k);
            DMatrixRMaj v = dir.get(k);
            for (int i = 0; i < g.getNumElements(); i++) {
                analytic += g.data[i] * v.data[i];
            }
        }
        double d1 = central(f, x, dir, h);
        double d2 = central(f, x, dir, h / 2);
        double numeric = (4 * d2 - d1) / 3;
        return new Check(analytic, numeric, h);
    }

    private static double central(Function<List<DMatrixRMaj>, Double> f, List<DMatrixRMaj> x, List<DMatrixRMaj> dir,
            double h) {
        return (f.apply(shift(x, dir, h)) - f.apply(shift(x, dir, -h))) / (2 * h);
    }

    private static List<DMatrixRMaj> shift(List<DMatrixRMaj> x, List<DMatrixRMaj> dir, double h) {
        return java.util.stream.IntStream.range(0, x.size()).mapToObj(k -> {
            DMatrixRMaj a = x.get(k).copy();
            DMatrixRMaj v = dir.get(k);
            for (int i = 0; i < a.getNumElements(); i++) {
                a.data[i] += h * v.data[i];
            }
            return a;
        }).toList();
    }

    /** A seeded Gaussian matrix. */
    public static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rnd) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.getNumElements(); i++) {
            double u1 = rnd.nextDouble();
            double u2 = rnd.nextDouble();
            a.data[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return a;
    }
}
