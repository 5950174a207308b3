package org.spectralssl.linalg;

import org.ejml.data.DMatrixRMaj;

/** Argument checks shared by every public entry point. Each failure is one line. */
public final class Checks {
    private Checks() {}

    /** Fails unless {@code a} is non-null, has at least one row and column, and is finite. */
    public static void finiteMatrix(String name, DMatrixRMaj a) {
        if (a == null) {
            throw new InvalidInputException(name + " is missing");
        }
        if (a.numRows < 1 || a.numCols < 1) {
            throw new InvalidInputException(name + " is empty (shape " + shape(a) + ")");
        }
        double[] d = a.data;
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(d[i])) {
                int r = i / a.numCols;
                int c = i % a.numCols;
                throw new InvalidInputException(name + " has a non-finite value " + d[i] + " at [" + r + ", " + c
                        + "]; remove NaN/Inf before calling (the spectral core never guesses a replacement)");
            }
        }
    }

    /** Fails unless {@code a} has exactly the given shape. */
    public static void shape(String name, DMatrixRMaj a, int rows, int cols) {
        if (a.numRows != rows || a.numCols != cols) {
            throw new InvalidInputException(name + " has shape " + shape(a) + " but [" + rows + ", " + cols
                    + "] is required");
        }
    }

    /** Fails unless both matrices have the same shape. */
    public static void sameShape(String nameA, DMatrixRMaj a, String nameB, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            throw new InvalidInputException(nameA + " has shape " + shape(a) + " but " + nameB + " has shape "
                    + shape(b) + "; both views must have the same shape");
        }
    }

    /**
     * Fails unless {@code a} has at least {@code min} rows. For a batch (rows = samples) with
     * min = 2: a single sample has no spread, so every batch statistic is undefined.
     */
    public static void minRows(String name, DMatrixRMaj a, int min) {
        if (a.numRows < min) {
            throw new InvalidInputException(name + " has " + a.numRows + " row(s) (shape " + shape(a) + ") but at least "
                    + min + " are required; a batch needs at least " + min + " samples");
        }
    }

    /** Fails unless {@code v} is finite and at least {@code min}. */
    public static void atLeast(String name, double v, double min) {
        if (!(v >= min) || !Double.isFinite(v)) {
            throw new InvalidInputException(name + " must be a finite number >= " + min + ", got " + v);
        }
    }

    /** Fails unless {@code v} is finite. */
    public static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(name + " must be finite, got " + v);
        }
    }

    public static String shape(DMatrixRMaj a) {
        return "[" + a.numRows + ", " + a.numCols + "]";
    }
}
