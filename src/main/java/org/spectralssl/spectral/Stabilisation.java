package org.spectralssl.spectral;

import org.spectralssl.linalg.Checks;
import org.spectralssl.spec.Equation;

/**
 * The stabilisers of a spectral transformation (E9). Each one that acts is named in the
 * {@link SpectrumReport}; none acts silently.
 *
 * @param eps ridge ε ≥ 0: g is evaluated at λ̃ + ε (E9b). Default 0, as the official code.
 * @param floorUlps the eigenvalue floor as a multiple of n·2⁻⁵²: λ̃ = max(λ, δ·λ_max) with
 *     δ = floorUlps·n·2⁻⁵² (E9a). Default 1, the usual threshold below which an eigenvalue of a
 *     computed n×n symmetric matrix cannot be told from zero; 0 disables the floor.
 */
@Equation("E9")
public record Stabilisation(double eps, double floorUlps) {
    /** No ridge, the numerical-zero floor. Defined once; the CLI and docs refer to it. */
    public static final Stabilisation DEFAULT = new Stabilisation(0, 1);

    /** No stabiliser at all: a singular Σ then makes λ^(−p) infinite and is reported as an error. */
    public static final Stabilisation NONE = new Stabilisation(0, 0);

    public Stabilisation {
        Checks.atLeast("eps", eps, 0);
        Checks.atLeast("floorUlps", floorUlps, 0);
    }

    /** δ for an n×n matrix. */
    public double floorRelative(int n) {
        return floorUlps * n * 0x1p-52;
    }
}
