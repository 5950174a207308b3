package org.spectralssl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;

class SyntheticSpectrumTest {
    /** λ_j = 2^{−j}: a geometric spectrum over four decades at D = 16. */
    static double[] geometric(int d) {
        double[] l = new double[d];
        for (int j = 0; j < d; j++) {
            l[j] = Math.pow(2, -j);
        }
        return l;
    }

    @Test
    void basisIsOrthogonal() {
        double[] q = SyntheticSpectrum.randomOrthogonal(12, new java.util.SplittableRandom(3));
        for (int a = 0; a < 12; a++) {
            for (int b = 0; b < 12; b++) {
                double dot = 0;
                for (int i = 0; i < 12; i++) {
                    dot += q[i * 12 + a] * q[i * 12 + b];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12, "QᵀQ[" + a + "," + b + "]");
            }
        }
    }

    /** The sample covariance's eigenvalues approach λ: relative error ≈ √(2/N) ≈ 1.4% at N = 10⁴. */
    @Test
    void sampleSpectrumMatchesTheGivenOne() {
        int d = 16;
        double[] lambda = geometric(d);
        SyntheticSpectrum gen = new SyntheticSpectrum(4, 4, lambda, 4, 11);
        int n = 10_000;
        ImageDataset data = gen.sample("synthetic", n, 12);
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        float[] px = data.pixels();
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov.data[i * d + j] += (double) px[s * d + i] * px[s * d + j] / n; // E[x] = 0 is known
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        eig.decompose(cov);
        double[] got = new double[d];
        for (int i = 0; i < d; i++) {
            got[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(got);
        for (int j = 0; j < d; j++) {
            double expected = lambda[d - 1 - j];
            assertEquals(expected, got[j], 0.08 * expected, "eigenvalue " + j + " of " + Arrays.toString(got));
        }
        int[] counts = data.classCounts();
        for (int c : counts) {
            assertEquals(n / 4.0, c, 5 * Math.sqrt(n * 0.25 * 0.75), "balanced classes: " + Arrays.toString(counts));
        }
    }

    @Test
    void sameSeedSameData() {
        SyntheticSpectrum gen = new SyntheticSpectrum(2, 3, geometric(6), 3, 1);
        assertArrayEquals(gen.sample("a", 50, 7).pixels(), gen.sample("b", 50, 7).pixels());
        assertNotEquals(gen.sample("a", 50, 7).pixels()[0], gen.sample("a", 50, 8).pixels()[0]);
    }

    @Test
    void badArguments() {
        assertThrows(InvalidInputException.class, () -> new SyntheticSpectrum(2, 2, geometric(3), 2, 1));
        assertThrows(InvalidInputException.class, () -> new SyntheticSpectrum(2, 2, new double[] {1, 1, -1, 1}, 2, 1));
        assertThrows(InvalidInputException.class, () -> new SyntheticSpectrum(2, 2, geometric(4), 5, 1));
    }

    @Test
    void derivedSeedsDifferInEveryCoordinate() {
        long base = Seeds.derive(1, 0, 0, 0);
        assertNotEquals(base, Seeds.derive(2, 0, 0, 0));
        assertNotEquals(base, Seeds.derive(1, 1, 0, 0));
        assertNotEquals(base, Seeds.derive(1, 0, 1, 0));
        assertNotEquals(base, Seeds.derive(1, 0, 0, 1));
        assertNotEquals(Seeds.derive(1, 1, 0), Seeds.derive(1, 0, 1), "coordinates are positional");
        assertEquals(base, Seeds.derive(1, 0, 0, 0));
    }
}
