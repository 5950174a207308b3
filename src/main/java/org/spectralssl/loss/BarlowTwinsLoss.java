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

/**
 * Barlow Twins (Zbontar, Jing, Misra, LeCun, Deny, "Barlow Twins: Self-Supervised Learning via
 * Redundancy Reduction", ICML 2021; official code {@code facebookresearch/barlowtwins},
 * {@code main.py}), E15:
 *
 * <pre>
 *   μ_j = (1/m) Σ_i z_ij,   σ²_j = (1/m) Σ_i (z_ij − μ_j)²        biased, as BatchNorm1d(affine=False)
 *   zn_ij = (z_ij − μ_j) / √(σ²_j + bnEps)                         m×d, per view
 *   C = z1nᵀ z2n / m                                                d×d
 *   L = Σ_i (1 − C_ii)² + λ Σ_{i≠j} C_ij²
 * </pre>
 *
 * Defaults λ = 0.0051 and bnEps = 1e-5 (BatchNorm's default ε) are the official code's. Terms:
 * {@code on_diag} = Σ_i (1 − C_ii)² and {@code off_diag} = Σ_{i≠j} C_ij² (unweighted, as the official
 * code names them), so value = on_diag + λ·off_diag.
 *
 * <p>Backward (E23): C̄_ii = −2(1 − C_ii), C̄_ij = 2λ C_ij (i ≠ j); z̄1n = z2n C̄ᵀ / m,
 * z̄2n = z1n C̄ / m; then per column, with s = √(σ² + bnEps) and x̂ = (z − μ)/s,
 * z̄ = (ḡ − mean(ḡ) − x̂·mean(ḡ ⊙ x̂)) / s, which is exact with bnEps &gt; 0 (bnEps sits inside s
 * and x̂).
 *
 * <p>Non-finite values: inputs must be finite ({@link InvalidInputException} otherwise). A feature
 * that is constant over the batch standardises to 0 when bnEps &gt; 0; with bnEps = 0 it would be
 * 0/0, and an {@link InvalidInputException} names the feature instead of returning NaN as PyTorch
 * would.
 */
@Equation({"E15", "E23"})
public final class BarlowTwinsLoss {
    private BarlowTwinsLoss() {}

    /**
     * Barlow Twins' settings.
     *
     * @param lambda weight λ ≥ 0 of the off-diagonal (redundancy) term (default 0.0051)
     * @param bnEps ε ≥ 0 added to the biased variance inside the square root (default 1e-5)
     */
    public record Params(double lambda, double bnEps) {
        /** The official code's settings, defined once. */
        public static final Params DEFAULTS = new Params(0.0051, 1e-5);

        public Params {
            Checks.atLeast("Barlow Twins lambda", lambda, 0);
            Checks.atLeast("Barlow Twins bnEps", bnEps, 0);
        }

        public Params withLambda(double l) {
            return new Params(l, bnEps);
        }

        public Params withBnEps(double e) {
            return new Params(lambda, e);
        }
    }

    /**
     * One view standardised per feature.
     *
     * @param zn the standardised batch x̂ (m×d)
     * @param scale s_j = √(σ²_j + bnEps) per feature
     */
    private record Standardised(DMatrixRMaj zn, double[] scale) {}

    /**
     * The loss, its terms {@code on_diag} and {@code off_diag}, and dL/dZ1, dL/dZ2 (m×d each).
     * Not modified: z1, z2.
     */
    @Equation({"E15", "E23"})
    public static LossResult compute(DMatrixRMaj z1, DMatrixRMaj z2, Params p) {
        Objects.requireNonNull(p, "params");
        TwoViews.check(z1, z2);
        int m = z1.numRows;
        int d = z1.numCols;
        Standardised s1 = standardise("z1", z1, p.bnEps());
        Standardised s2 = standardise("z2", z2, p.bnEps());
        DMatrixRMaj c = Mat.scale(1.0 / m, Mat.multTransA(s1.zn(), s2.zn()));
        double onDiag = 0;
        double offDiag = 0;
        DMatrixRMaj gc = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = c.unsafe_get(i, j);
                if (i == j) {
                    onDiag += (1 - v) * (1 - v);
                    gc.unsafe_set(i, j, -2 * (1 - v));
                } else {
                    offDiag += v * v;
                    gc.unsafe_set(i, j, 2 * p.lambda() * v);
                }
            }
        }
        double value = onDiag + p.lambda() * offDiag;
        // C = z1nᵀ z2n / m: dC = dz1nᵀ z2n / m + z1nᵀ dz2n / m.
        DMatrixRMaj gzn1 = Mat.scale(1.0 / m, Mat.multTransB(s2.zn(), gc));
        DMatrixRMaj gzn2 = Mat.scale(1.0 / m, Mat.mult(s1.zn(), gc));
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("on_diag", onDiag);
        terms.put("off_diag", offDiag);
        return new LossResult(value, terms,
                List.of(standardiseBackward(s1, gzn1), standardiseBackward(s2, gzn2)));
    }

    @Equation("E15")
    private static Standardised standardise(String name, DMatrixRMaj z, double bnEps) {
        int m = z.numRows;
        int d = z.numCols;
        DMatrixRMaj zn = new DMatrixRMaj(m, d);
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += z.unsafe_get(i, j);
            }
            double mean = sum / m;
            double ss = 0;
            for (int i = 0; i < m; i++) {
                double cij = z.unsafe_get(i, j) - mean;
                ss += cij * cij;
            }
            double s = Math.sqrt(ss / m + bnEps);
            if (!(s > 0)) {
                throw new InvalidInputException(name + ": feature " + j + " is constant over the batch and bnEps = 0, so"
                        + " it cannot be standardised; use bnEps > 0 (BatchNorm's default is 1e-5)");
            }
            scale[j] = s;
            for (int i = 0; i < m; i++) {
                zn.unsafe_set(i, j, (z.unsafe_get(i, j) - mean) / s);
            }
        }
        return new Standardised(zn, scale);
    }

    /** Batch-norm backward per column: (ḡ − mean(ḡ) − x̂·mean(ḡ ⊙ x̂)) / s. Not modified: s, g. */
    @Equation("E23")
    private static DMatrixRMaj standardiseBackward(Standardised s, DMatrixRMaj g) {
        DMatrixRMaj xhat = s.zn();
        int m = xhat.numRows;
        int d = xhat.numCols;
        DMatrixRMaj out = new DMatrixRMaj(m, d);
        for (int j = 0; j < d; j++) {
            double meanG = 0;
            double meanGx = 0;
            for (int i = 0; i < m; i++) {
                meanG += g.unsafe_get(i, j);
                meanGx += g.unsafe_get(i, j) * xhat.unsafe_get(i, j);
            }
            meanG /= m;
            meanGx /= m;
            for (int i = 0; i < m; i++) {
                out.unsafe_set(i, j, (g.unsafe_get(i, j) - meanG - xhat.unsafe_get(i, j) * meanGx) / s.scale()[j]);
            }
        }
        return out;
    }
}
