package org.spectralssl.loss;

import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;

/** The input checks shared by the two-view baseline losses. */
final class TwoViews {
    private TwoViews() {}

    /** Both views finite, of the same shape, with at least 2 samples (rows). */
    static void check(DMatrixRMaj z1, DMatrixRMaj z2) {
        Checks.finiteMatrix("z1", z1);
        Checks.finiteMatrix("z2", z2);
        Checks.sameShape("z1", z1, "z2", z2);
        Checks.minRows("z1", z1, 2);
    }
}
