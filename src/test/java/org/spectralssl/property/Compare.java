package org.spectralssl.property;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;

/** Assertions on matrices whose failure messages say how far off, where, and against what tolerance. */
public final class Compare {
    private Compare() {}

    /** ‖actual − expected‖_F / ‖expected‖_F (the absolute distance when expected = 0). */
    public static double relativeError(DMatrixRMaj actual, DMatrixRMaj expected) {
        double dist = distance(actual, expected);
        double norm = Mat.frobenius(expected);
        return norm == 0 ? dist : dist / norm;
    }

    /** ‖a − b‖_F. */
    public static double distance(DMatrixRMaj a, DMatrixRMaj b) {
        return Mat.frobenius(Mat.add(a, Mat.scale(-1, b)));
    }

    /** Fails unless relativeError(actual, expected) ≤ tol; the message names the worst entry. */
    public static void assertClose(String what, DMatrixRMaj actual, DMatrixRMaj expected, double tol) {
        if (actual.numRows != expected.numRows || actual.numCols != expected.numCols) {
            throw new AssertionError(what + ": shape [" + actual.numRows + ", " + actual.numCols + "] but expected ["
                    + expected.numRows + ", " + expected.numCols + "]");
        }
        double rel = relativeError(actual, expected);
        if (!(rel <= tol)) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: relative error %.3e > tolerance %.3e; %s", what,
                    rel, tol, worst(actual, expected)));
        }
    }

    /** Fails unless |actual − expected| ≤ tol. */
    public static void assertNear(String what, double actual, double expected, double tol) {
        if (!(Math.abs(actual - expected) <= tol)) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: got %.17g, expected %.17g (|diff| %.3e > %.3e)",
                    what, actual, expected, Math.abs(actual - expected), tol));
        }
    }

    /** Fails unless every entry is finite; the message names the first that is not. */
    public static void assertFinite(String what, DMatrixRMaj a) {
        for (int i = 0; i < a.getNumElements(); i++) {
            if (!Double.isFinite(a.data[i])) {
                throw new AssertionError(what + ": entry [" + i / a.numCols + ", " + i % a.numCols + "] is "
                        + a.data[i]);
            }
        }
    }

    /** Fails unless v is finite. */
    public static void assertFinite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new AssertionError(what + " is " + v);
        }
    }

    private static String worst(DMatrixRMaj actual, DMatrixRMaj expected) {
        int at = 0;
        double worst = -1;
        for (int i = 0; i < actual.getNumElements(); i++) {
            double e = Math.abs(actual.data[i] - expected.data[i]);
            if (!(e <= worst)) {
                worst = e;
                at = i;
            }
        }
        return String.format(Locale.ROOT, "worst entry [%d, %d]: got %.17g, expected %.17g", at / actual.numCols,
                at % actual.numCols, actual.data[at], expected.data[at]);
    }
}
