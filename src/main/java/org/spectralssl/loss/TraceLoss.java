package org.spectralssl.loss;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * Trace loss of one transformed view (E11), with its gradient (E20): in the variables frame,
 * re-centre each row of X̂ (as the official code does), v_i = Σ_j X̂_c,ij²/q, TL = Σ_i (1 − v_i)².
 * The v_i are the diagonal of the output covariance in the same mode and with the same divisor.
 *
 * <p>Non-finite values: the input must be finite; the result is then finite unless the squares
 * overflow (|ẑ| above about 1e154), which is reported by the caller's finiteness checks.
 */
@Equation({"E11", "E20"})
public final class TraceLoss {
    private TraceLoss() {}

    /** TL(Ẑ) and dTL/dẐ (m×d). Not modified: zhat. */
    @Equation({"E11", "E20"})
    public static LossResult compute(DMatrixRMaj zhat, WhiteningMode mode, Divisor divisor) {
        Checks.finiteMatrix("zhat", zhat);
        DMatrixRMaj xc = Centering.forward(mode.toVariables(zhat));
        int n = xc.numRows;
        int k = xc.numCols;
        double q = divisor.of(k);
        double tl = 0;
        DMatrixRMaj grad = new DMatrixRMaj(n, k);
        for (int i = 0; i < n; i++) {
            double ss = 0;
            for (int j = 0; j < k; j++) {
                double x = xc.data[i * k + j];
                ss += x * x;
            }
            double v = ss / q;
            tl += (1 - v) * (1 - v);
            double coef = 4 * (v - 1) / q;
            for (int j = 0; j < k; j++) {
                grad.data[i * k + j] = coef * xc.data[i * k + j];
            }
        }
        DMatrixRMaj g = mode.fromVariables(Centering.backward(grad));
        return new LossResult(tl, Map.of("trace", tl), List.of(g));
    }

    /** TL(Ẑ) alone. */
    public static double value(DMatrixRMaj zhat, WhiteningMode mode, Divisor divisor) {
        return compute(zhat, mode, divisor).value();
    }
}
