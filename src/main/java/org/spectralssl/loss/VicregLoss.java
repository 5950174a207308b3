package org.spectralssl.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.WhiteningMode;

/**
 * VICReg (Bardes, Ponce, LeCun, "VICReg: Variance-Invariance-Covariance Regularization for
 * Self-Supervised Learning", ICLR 2022), as its official code computes it
 * ({@code facebookresearch/vicreg}, {@code main_vicreg.py}), E16:
 *
 * <pre>
 *   invariance = (1/(m·d)) Σ_ij (Z1 − Z2)_ij²                      F.mse_loss
 *   Z_vc       = Z_v with each feature (column) centred over the batch        m×d
 *   cov_v      = Z_vcᵀ Z_vc / (m − 1)                                         d×d, unbiased
 *   std_vj     = √(cov_v,jj + stdEps)
 *   variance   = (1/d) Σ_j relu(1 − std_1j)/2 + (1/d) Σ_j relu(1 − std_2j)/2
 *   covariance = (1/d) Σ_{i≠j} cov_1,ij² + (1/d) Σ_{i≠j} cov_2,ij²
 *   L = simCoeff·invariance + stdCoeff·variance + covCoeff·covariance
 * </pre>
 *
 * Defaults simCoeff = 25, stdCoeff = 25, covCoeff = 1, stdEps = 1e-4 are the official code's.
 * The terms reported are the unweighted {@code invariance}, {@code variance}, {@code covariance}.
 *
 * <p>Backward (E24): ∂invariance/∂Z1 = 2(Z1 − Z2)/(m·d) = −∂invariance/∂Z2. The variance and
 * covariance terms are functions of cov_v, so their gradient G_v = ∂/∂cov_v (d×d) goes back through
 * the covariance and centring (E19): G_v,jj = −stdCoeff·[1 − std_vj &gt; 0]/(2d)·1/(2 std_vj),
 * G_v,ij = covCoeff·2 cov_v,ij/d (i ≠ j). relu′ at exactly 0 (std_vj = 1) is taken as 0, as
 * PyTorch's ReLU backward does.
 *
 * <p>Non-finite values: inputs must be finite ({@link InvalidInputException} otherwise). With
 * stdEps = 0 a feature that is constant over the batch has std = 0, where √ has an infinite
 * derivative (PyTorch returns NaN gradients); an {@link InvalidInputException} names the feature.
 * With stdEps &gt; 0 everything is finite unless squares overflow.
 */
@Equation({"E16", "E24"})
public final class VicregLoss {
    private VicregLoss() {}

    /**
     * VICReg's settings.
     *
     * @param simCoeff weight of the invariance term, ≥ 0 (default 25)
     * @param stdCoeff weight of the variance term, ≥ 0 (default 25)
     * @param covCoeff weight of the covariance term, ≥ 0 (default 1)
     * @param stdEps ε ≥ 0 added to the unbiased variance inside the square root (default 1e-4)
     */
    public record Params(double simCoeff, double stdCoeff, double covCoeff, double stdEps) {
        /** The official code's settings, defined once. */
        public static final Params DEFAULTS = new Params(25, 25, 1, 1e-4);

        public Params {
            Checks.atLeast("VICReg simCoeff", simCoeff, 0);
            Checks.atLeast("VICReg stdCoeff", stdCoeff, 0);
            Checks.atLeast("VICReg covCoeff", covCoeff, 0);
            Checks.atLeast("VICReg stdEps", stdEps, 0);
        }

        public Params withCoefficients(double sim, double std, double cov) {
            return new Params(sim, std, cov, stdEps);
        }

        public Params withStdEps(double e) {
            return new Params(simCoeff, stdCoeff, covCoeff, e);
        }
    }

    /**
     * The loss, its terms {@code invariance}, {@code variance}, {@code covariance} (unweighted), and
     * dL/dZ1, dL/dZ2 (m×d each). Not modified: z1, z2.
     */
    @Equation({"E16", "E24"})
    public static LossResult compute(DMatrixRMaj z1, DMatrixRMaj z2, Params p) {
        Objects.requireNonNull(p, "params");
        TwoViews.check(z1, z2);
        int m = z1.numRows;
        int d = z1.numCols;
        DMatrixRMaj diff = Mat.add(z1, Mat.scale(-1, z2));
        double invariance = Mat.dot(diff, diff) / ((double) m * d);
        DMatrixRMaj g1 = Mat.scale(p.simCoeff() * 2.0 / ((double) m * d), diff);
        DMatrixRMaj g2 = Mat.scale(-1, g1);
        double variance = 0;
        double covariance = 0;
        List<DMatrixRMaj> grads = List.of(g1, g2);
        List<DMatrixRMaj> views = List.of(z1, z2);
        for (int v = 0; v < 2; v++) {
            // Features frame: X = Zᵀ (d×m), Σ = X_c X_cᵀ/(m − 1) = Z_cᵀ Z_c/(m − 1).
            DMatrixRMaj xc = Centering.forward(WhiteningMode.FEATURES.toVariables(views.get(v)));
            double q = Divisor.UNBIASED.of(m);
            DMatrixRMaj cov = Covariance.forward(xc, q);
            DMatrixRMaj g = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double c = cov.unsafe_get(i, j);
                    if (i == j) {
                        double std = Math.sqrt(c + p.stdEps());
                        if (!(std > 0)) {
                            throw new InvalidInputException("z" + (v + 1) + ": feature " + i + " is constant over the"
                                    + " batch and stdEps = 0, so √var has an infinite derivative; use stdEps > 0 (VICReg's"
                                    + " default is 1e-4)");
                        }
                        double hinge = 1 - std;
                        if (hinge > 0) {
                            variance += hinge / (2.0 * d);
                            g.unsafe_set(i, i, -p.stdCoeff() / (2.0 * d) / (2 * std));
                        }
                    } else {
                        covariance += c * c / d;
                        g.unsafe_set(i, j, p.covCoeff() * 2 * c / d);
                    }
                }
            }
            DMatrixRMaj gx = Centering.backward(Covariance.backward(g, xc, q));
            Mat.addInPlace(grads.get(v), 1.0, WhiteningMode.FEATURES.fromVariables(gx));
        }
        double value = p.simCoeff() * invariance + p.stdCoeff() * variance + p.covCoeff() * covariance;
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("invariance", invariance);
        terms.put("variance", variance);
        terms.put("covariance", covariance);
        return new LossResult(value, terms, grads);
    }
}
