package org.spectralssl.loss;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Element-by-element central finite differences of a two-view loss, for small shapes. Each element
 * of each view is moved by ±h with h = relStep·max(1, max|view|), and the difference quotient is
 * compared with the analytic gradient. The error of a view is max_ij |analytic − numeric| divided
 * by max_ij |analytic| of that view, so tiny entries do not produce meaningless ratios.
 */
final class GradientCheck {
    /** Step relative to the input's scale: truncation O(h²) and rounding O(ε/h) both stay near 1e-10. */
    static final double REL_STEP = 1e-6;

    private GradientCheck() {}

    /** The worst element of one view. */
    record ViewError(int view, int row, int col, double analytic, double numeric, double relativeError) {
        @Override
        public String toString() {
            return "view " + view + " [" + row + ", " + col + "]: analytic " + analytic + ", central difference "
                    + numeric + ", relative error " + relativeError;
        }
    }

    /** Checks both views; returns the worse of the two. Not modified: x, grads. */
    static ViewError check(Function<List<DMatrixRMaj>, Double> f, List<DMatrixRMaj> x, List<DMatrixRMaj> grads) {
        ViewError worst = null;
        for (int v = 0; v < x.size(); v++) {
            ViewError e = checkView(f, x, grads.get(v), v);
            if (worst == null || e.relativeError() > worst.relativeError()) {
                worst = e;
            }
        }
        return worst;
    }

    private static ViewError checkView(Function<List<DMatrixRMaj>, Double> f, List<DMatrixRMaj> x, DMatrixRMaj grad,
            int v) {
        DMatrixRMaj base = x.get(v);
        double scale = 1;
        double gScale = 0;
        for (int i = 0; i < base.getNumElements(); i++) {
            scale = Math.max(scale, Math.abs(base.data[i]));
            gScale = Math.max(gScale, Math.abs(grad.data[i]));
        }
        double h = REL_STEP * scale;
        ViewError worst = new ViewError(v, -1, -1, 0, 0, 0);
        for (int i = 0; i < base.getNumElements(); i++) {
            double plus = f.apply(replace(x, v, i, base.data[i] + h));
            double minus = f.apply(replace(x, v, i, base.data[i] - h));
            double numeric = (plus - minus) / (2 * h);
            double err = Math.abs(grad.data[i] - numeric) / (gScale == 0 ? 1 : gScale);
            if (err > worst.relativeError() || worst.row() < 0) {
                worst = new ViewError(v, i / base.numCols, i % base.numCols, grad.data[i], numeric, err);
            }
        }
        return worst;
    }

    private static List<DMatrixRMaj> replace(List<DMatrixRMaj> x, int v, int i, double value) {
        DMatrixRMaj a = x.get(v).copy();
        a.data[i] = value;
        return v == 0 ? List.of(a, x.get(1)) : List.of(x.get(0), a);
    }

    /**
     * A seeded Gaussian batch with per-feature scales in [0.5, 2] and, if {@code shift} is non-zero,
     * per-feature means of up to ±shift (mean-shifted inputs exercise the centring).
     */
    static DMatrixRMaj batch(int m, int d, double shift, SplittableRandom rnd) {
        DMatrixRMaj z = new DMatrixRMaj(m, d);
        for (int j = 0; j < d; j++) {
            double s = rnd.nextDouble(0.5, 2);
            double mu = shift == 0 ? 0 : rnd.nextDouble(-shift, shift);
            for (int i = 0; i < m; i++) {
                double u1 = rnd.nextDouble();
                double u2 = rnd.nextDouble();
                z.set(i, j, mu + s * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
            }
        }
        return z;
    }

    /** True if the message is a single line (what the CLI and oracle print as is). */
    static boolean oneLine(String message) {
        return message != null && !message.isBlank() && message.indexOf('\n') < 0 && message.indexOf('\r') < 0;
    }
}
