package org.spectralssl.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.OptionalLong;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.Mat;
import org.spectralssl.property.BatchSpec.Rank;
import org.spectralssl.property.PropertyRunner.PropertyFailure;
import org.spectralssl.property.PropertyRunner.Settings;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.Covariance;

/** Tests of the property harness itself: the generators build what they say, and the runner fails loudly. */
class HarnessTest {
    /**
     * The covariance of a generated batch, in its own mode and divisor, has the intended
     * eigenvalues and eigenvectors. Computed on 2^e·Z (exact) so that scales of 1e±150 do not
     * underflow the check itself.
     */
    @Test
    @Equation({"E1", "E2"})
    void generatedCovarianceHasIntendedSpectrum() {
        PropertyRunner.forAll("well-conditioned batches have their intended eigenvalues (relative 1e-10)", 150,
                BatchGen.wellConditioned().withMaxLog10Cond(3).withMaxScaleExp(150)::generate, b -> {
                    Scaled s = scaled(b);
                    double[] got = Mat.eigSymmetric(s.sigma).values();
                    double[] want = s.eigenvalues;
                    for (int i = 0; i < got.length; i++) {
                        Compare.assertNear("eigenvalue " + i + " (ascending, scaled frame)", got[i], want[i],
                                1e-10 * want[i]);
                    }
                    DMatrixRMaj expected = Mat.spectralProduct(b.eigenvectors(), s.unsorted);
                    Compare.assertClose("Σ against U·diag(λ)·Uᵀ", s.sigma, expected, 1e-12);
                });
        PropertyRunner.forAll("every batch has its intended spectrum relative to λ_max", 300,
                BatchGen.anything()::generate, b -> {
                    Scaled s = scaled(b);
                    DMatrixRMaj expected = Mat.spectralProduct(b.eigenvectors(), s.unsorted);
                    double lmax = s.eigenvalues[s.eigenvalues.length - 1];
                    double shift = b.spec().meanShift();
                    // Centring a batch with mean μ leaves rounding of order ε·|μ| in X_c.
                    double tol = 1e-13 * b.n() * (1 + shift) * (1 + shift);
                    double dist = Compare.distance(s.sigma, expected);
                    if (lmax == 0) {
                        // A constant batch: the centred batch is rounding noise of the mean, a few ulps of |μ| ≤ 5·shift·10^s.
                        double noise = Mat.maxAbs(Centering.forward(b.mode().toVariables(b.z())));
                        double bound = 0x1p-52 * b.spec().k() * 5 * shift * Math.pow(10, b.spec().scaleExp());
                        assertTrue(noise <= bound, "constant batch centres to " + noise + " > " + bound);
                    } else {
                        assertTrue(dist <= tol * lmax, "‖Σ − UΛUᵀ‖_F = " + dist + " > " + tol + "·λ_max = " + tol * lmax);
                    }
                });
    }

    /** Σ of 2^e·Z with max|2^e·Z_c| in [1, 2), and the intended eigenvalues in the same frame. */
    private record Scaled(DMatrixRMaj sigma, double[] eigenvalues, double[] unsorted) {}

    private static Scaled scaled(Batch b) {
        DMatrixRMaj xc = Centering.forward(b.mode().toVariables(b.z()));
        double max = Mat.maxAbs(xc);
        int e = max == 0 ? 0 : -Mat.binaryExponent(max);
        DMatrixRMaj sigma = Covariance.ofBatch(Mat.scalb(b.z(), e), b.mode(), b.divisor());
        double[] unsorted = new double[b.n()];
        for (int i = 0; i < unsorted.length; i++) {
            unsorted[i] = Math.scalb(b.eigenvalues()[i], 2 * e);
        }
        double[] sorted = unsorted.clone();
        Arrays.sort(sorted);
        return new Scaled(sigma, sorted, unsorted);
    }

    @Test
    void generatedShapesAndCentringAreAsDescribed() {
        PropertyRunner.forAll("shape, rank and exact centring", 300, BatchGen.anything()::generate, b -> {
            BatchSpec s = b.spec();
            assertEquals(s.m(), b.z().numRows, "m");
            assertEquals(s.d(), b.z().numCols, "d");
            int zerosExpected = s.n() - s.r();
            long zeros = Arrays.stream(b.eigenvalues()).filter(v -> v == 0).count();
            assertEquals(zerosExpected, zeros, "number of zero eigenvalues");
            DMatrixRMaj rowSums = new DMatrixRMaj(s.n(), 1);
            for (int i = 0; i < s.n(); i++) {
                for (int c = 0; c < s.k(); c++) {
                    rowSums.add(i, 0, b.centred().get(i, c));
                }
            }
            double scale = Math.pow(10, s.scaleExp());
            assertTrue(Mat.maxAbs(rowSums) <= 1e-13 * s.k() * scale, "X_c is centred: " + Mat.maxAbs(rowSums));
            DMatrixRMaj utu = Mat.multTransA(b.eigenvectors(), b.eigenvectors());
            Compare.assertClose("UᵀU", utu, Mat.identity(s.n()), 1e-13);
            if (s.rank() == Rank.SHORT) {
                assertTrue(s.k() - 1 < s.n() - s.constantVariables(), "short batches are singular by shape");
            }
        });
    }

    @Test
    void shrinksAreValidAndStrictlySimpler() {
        PropertyRunner.forAll("shrinks are valid and simpler", 300, BatchGen.anything()::spec, s -> {
            for (BatchSpec t : s.shrinks()) {
                assertTrue(t.valid(), "invalid shrink " + t.describe());
                assertEquals(s.rank(), t.rank(), "rank kind kept");
                assertEquals(s.constantVariables() > 0, t.constantVariables() > 0, "constant variables kept");
                assertTrue(t.n() <= s.n() && t.k() <= s.k() && t.distinct() <= s.distinct()
                        && t.log10Cond() <= s.log10Cond() && Math.abs(t.scaleExp()) <= Math.abs(s.scaleExp())
                        && t.meanShift() <= s.meanShift() && t.zeros() <= s.zeros()
                        && t.constantVariables() <= s.constantVariables(), "not simpler: " + t.describe());
                assertNotEquals(s, t);
            }
        });
    }

    /** A false property fails; the report holds the seeds, both cases, the failure and a rerun command. */
    @Test
    void falsePropertyFailsWithSeedAndShrunkCase() {
        Settings settings = new Settings(42, 1, OptionalLong.empty());
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> PropertyRunner.forAll(settings,
                "n is at most 4", 50, BatchGen.wellConditioned()::generate,
                b -> assertTrue(b.n() <= 4, "n = " + b.n())));
        String msg = f.getMessage();
        System.out.println("[harness] the report of a deliberately false property:\n" + msg);
        assertTrue(msg.contains("Property 'n is at most 4' failed"), msg);
        assertTrue(msg.contains("base seed 42"), msg);
        assertTrue(msg.contains("case seed "), msg);
        assertTrue(msg.contains("original case: "), msg);
        assertTrue(msg.contains("smallest case: "), msg);
        assertTrue(msg.contains("failure: AssertionFailedError: n = 5"), msg);
        assertTrue(msg.contains("rerun: mvn test -Dtest=HarnessTest#falsePropertyFailsWithSeedAndShrunkCase"
                + " -Dprops.seed=42"), msg);
        Batch smallest = (Batch) f.smallest();
        Batch original = (Batch) f.original();
        // The shrinker finds the boundary n = 5 with the fewest observations and nothing else left.
        assertEquals(5, smallest.n(), msg);
        assertEquals(6, smallest.spec().k(), msg);
        assertEquals(1, smallest.spec().distinct(), msg);
        assertEquals(0, smallest.spec().meanShift(), msg);
        assertTrue(msg.contains(smallest.describe()) && msg.contains(original.describe()), msg);
        assertTrue(original.n() > 4);

        // The case seed alone reproduces the failure, and its shrink.
        long caseSeed = original.spec().seed();
        PropertyFailure again = assertThrows(PropertyFailure.class, () -> PropertyRunner.forAll(
                new Settings(42, 1, OptionalLong.of(caseSeed)), "n is at most 4", 50,
                BatchGen.wellConditioned()::generate, b -> assertTrue(b.n() <= 4, "n = " + b.n())));
        assertEquals(smallest.describe(), ((Batch) again.smallest()).describe());
    }

    /** Shrinking simplifies the spectrum too: a false bound on κ keeps two levels and drops the rest. */
    @Test
    void shrinkingSimplifiesTheSpectrum() {
        Settings settings = new Settings(7, 1, OptionalLong.empty());
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> PropertyRunner.forAll(settings,
                "κ is at most 10", 50, BatchGen.wellConditioned().withMaxLog10Cond(6).withMaxScaleExp(100)::generate,
                b -> assertTrue(b.spec().conditionNumber() <= 10, "κ = " + b.spec().conditionNumber())));
        BatchSpec s = ((Batch) f.smallest()).spec();
        assertEquals(2, s.n(), f.getMessage());
        assertEquals(3, s.k(), f.getMessage());
        assertEquals(2, s.distinct(), f.getMessage());
        assertEquals(0, s.scaleExp(), f.getMessage());
        assertEquals(0, s.meanShift(), f.getMessage());
        assertFalse(s.randomLevels(), f.getMessage());
    }

    @Test
    void sameSeedSameBatch() {
        BatchGen gen = BatchGen.anything();
        for (long seed = 0; seed < 50; seed++) {
            Batch a = gen.generate(seed);
            Batch b = gen.generate(seed);
            assertEquals(a.spec(), b.spec());
            assertArrayEquals(a.z().data, b.z().data, 0.0);
            assertArrayEquals(a.eigenvalues(), b.eigenvalues(), 0.0);
            Batch other = gen.generate(seed + 1000);
            assertFalse(Arrays.equals(a.z().data, other.z().data) && a.spec().equals(other.spec()));
        }
        assertArrayEquals(PropertyRunner.caseSeeds(1, "p", 20), PropertyRunner.caseSeeds(1, "p", 20));
        assertFalse(Arrays.equals(PropertyRunner.caseSeeds(1, "p", 20), PropertyRunner.caseSeeds(2, "p", 20)));
        assertFalse(Arrays.equals(PropertyRunner.caseSeeds(1, "p", 20), PropertyRunner.caseSeeds(1, "q", 20)));
    }

    @Test
    void caseCountFollowsTheMultiplier() {
        assertEquals(100, new Settings(1, 1, OptionalLong.empty()).cases(100));
        assertEquals(1000, new Settings(1, 10, OptionalLong.empty()).cases(100));
        assertEquals(1, new Settings(1, 0.001, OptionalLong.empty()).cases(100));
        assertEquals(1, new Settings(1, 10, OptionalLong.of(5)).cases(100));
    }
}
