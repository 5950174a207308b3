package org.spectralssl.loss;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.spec.Equation;

/**
 * Alignment loss (E12) with its gradient (E21): each row (sample) of both views is L2-normalised
 * as {@code torch.nn.functional.normalize} does, u = z/max(‖z‖, 1e-12), and
 * L = 2 − 2·(1/m)·Σ_i ⟨u1_i, u2_i⟩ (the official code's {@code norm_mse_loss}; the mean squared
 * distance of the normalised rows). Always over rows, whatever the whitening mode.
 *
 * <p>Non-finite values: inputs must be finite. A row of norm below 1e-12 is divided by 1e-12,
 * as PyTorch does, so the result stays finite.
 */
@Equation({"E12", "E21"})
public final class AlignmentLoss {
    /** PyTorch's default ε of F.normalize. */
    public static final double NORM_EPS = 1e-12;

    private AlignmentLoss() {}

    /** L and its gradients with respect to both views (m×d each). Not modified: z1, z2. */
    @Equation({"E12", "E21"})
    public static LossResult compute(DMatrixRMaj z1, DMatrixRMaj z2) {
        Checks.finiteMatrix("z1", z1);
        Checks.finiteMatrix("z2", z2);
        Checks.sameShape("z1", z1, "z2", z2);
        int m = z1.numRows;
        int d = z1.numCols;
        DMatrixRMaj g1 = new DMatrixRMaj(m, d);
        DMatrixRMaj g2 = new DMatrixRMaj(m, d);
        double sumCos = 0;
        double[] u1 = new double[d];
        double[] u2 = new double[d];
        for (int i = 0; i < m; i++) {
            double n1 = rowNorm(z1, i);
            double n2 = rowNorm(z2, i);
            double s1 = Math.max(n1, NORM_EPS);
            double s2 = Math.max(n2, NORM_EPS);
            double cos = 0;
            for (int j = 0; j < d; j++) {
                u1[j] = z1.data[i * d + j] / s1;
                u2[j] = z2.data[i * d + j] / s2;
                cos += u1[j] * u2[j];
            }
            sumCos += cos;
            // dL/du1 = −(2/m)·u2; back through u = z/max(‖z‖, ε) (E21).
            double c = -2.0 / m;
            normaliseBackward(g1, i, u1, u2, c, n1 >= NORM_EPS, s1, cos);
            normaliseBackward(g2, i, u2, u1, c, n2 >= NORM_EPS, s2, cos);
        }
        double loss = 2 - 2 * sumCos / m;
        return new LossResult(loss, Map.of("align", loss), List.of(g1, g2));
    }

    /**
     * Writes row i of grad: du = c·other; dz = (du − u⟨u, du⟩)/‖z‖ when ‖z‖ ≥ ε, else du/ε (PyTorch's
     * clamp_min passes the gradient to the norm at equality).
     */
    private static void normaliseBackward(DMatrixRMaj grad, int i, double[] u, double[] other, double c,
            boolean aboveEps, double scale, double cos) {
        int d = u.length;
        for (int j = 0; j < d; j++) {
            double du = c * other[j];
            double v = aboveEps ? (du - u[j] * c * cos) / scale : du / scale;
            grad.data[i * d + j] = v;
        }
    }

    private static double rowNorm(DMatrixRMaj z, int i) {
        int d = z.numCols;
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = z.data[i * d + j];
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
