package org.spectralssl.repro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectralssl.spectral.IterNormPolynomial;

/** The closed forms, the measurements and the verdict rules of the reproduction, on small cases (seconds). */
class ReproLogicTest {

    @Test
    void stOutputSpectrumIsLambdaToTheOneMinusTwoP() {
        for (double p : SpectraExperiment.POWERS) {
            for (double lambda : new double[] {1e-3, 0.37, 1, 42, 1e2}) {
                double expected = Math.pow(lambda, 1 - 2 * p);
                assertEquals(expected, SpectraExperiment.stOutput(p, lambda), 1e-12 * expected, "p=" + p + " λ=" + lambda);
            }
        }
    }

    @Test
    void libraryStMatchesTheClosedFormOnABuiltBatch() {
        double[] lambda = Batches.logSpaced(1e2, 1e-3, 8);
        for (double p : new double[] {0, 0.5, 1}) {
            assertTrue(SpectraExperiment.stLibraryError(p, lambda, 3) < 1e-8, "p=" + p);
        }
    }

    @Test
    void hTFactsHoldAndTheKnownValuesAreReproduced() {
        for (int t = 1; t <= 10; t++) {
            assertTrue(SpectraExperiment.checkH(t, 101).holds(), "T=" + t + ": " + SpectraExperiment.checkH(t, 101));
        }
        // h_1(x) = x(1.5 − 0.5x)²: at x = 1/2, 0.5·1.25² = 0.78125
        assertEquals(0.78125, IterNormPolynomial.h(1, 0.5), 1e-15);
        assertEquals(0.0951, IterNormPolynomial.h(4, 1.0 / 256), 5e-4);
        // A function that is not increasing must fail the check: T = 0 gives h_0(x) = x, which holds, so
        // check the slope rule instead by the known slope 2.25^T.
        assertEquals(Math.pow(2.25, 3), SpectraExperiment.checkH(3, 11).slopeAtZero(), 1e-6 * Math.pow(2.25, 3));
    }

    @Test
    void autogradFormulaEqualsDaleckiiKreinWhenEigenvaluesAreApartAndBlowsUpWhenTheyTie() {
        InstabilityExperiment.GapRow wide = InstabilityExperiment.gapRow(0.5, 1);
        assertTrue(wide.relDiff() < 1e-10, "autograd vs DK at a wide gap: " + wide.relDiff());
        InstabilityExperiment.GapRow narrow = InstabilityExperiment.gapRow(1e-13, 1);
        assertTrue(narrow.maxEigenvectorTerm() > 1e10 * wide.maxEigenvectorTerm());
        assertTrue(narrow.dkFinite());
        assertEquals(wide.dkNorm(), narrow.dkNorm(), 0.1 * wide.dkNorm());
        int[] tie = InstabilityExperiment.exactTieNonFinite(1);
        assertTrue(tie[0] > 0, "autograd at an exact tie should be non-finite");
        assertEquals(0, tie[1]);
    }

    @Test
    void newtonInDoubleIsAccurateAtT4AndFloatIsWorse() {
        InstabilityExperiment.NewtonCurve d = InstabilityExperiment.newton(false, 6, 5);
        InstabilityExperiment.NewtonCurve f = InstabilityExperiment.newton(true, 6, 5);
        assertTrue(d.relError()[3] < 1e-10, "double T=4: " + d.relError()[3]);
        assertTrue(f.relError()[3] > 10 * d.relError()[3] && f.relError()[3] < 1e-3, "float T=4: " + f.relError()[3]);
        assertEquals(7, d.firstDiverged());
        assertEquals(7, d.firstNonFinite());
    }

    @Test
    void instabilityVerdictFollowsItsRules() {
        List<InstabilityExperiment.GapRow> gaps = new ArrayList<>();
        gaps.add(new InstabilityExperiment.GapRow(0.1, 10, 14, 14, 1e-15, true, true));
        gaps.add(new InstabilityExperiment.GapRow(1e-15, 1e15, 14, 14.1, 0.1, true, true));
        List<InstabilityExperiment.SingularRow> sing = List.of(
                new InstabilityExperiment.SingularRow(32, 10, 33, 10, 10, 10, 0, 33, 0, 1e8),
                new InstabilityExperiment.SingularRow(128, 10, 0, 0, 0, 0, 0, 0, 0, 10));
        double[] dErr = new double[30];
        double[] fErr = new double[30];
        int[] dBad = new int[30];
        int[] fBad = new int[30];
        for (int t = 0; t < 30; t++) {
            dErr[t] = t + 1 >= 15 ? (t + 1 >= 20 ? Double.NaN : 1) : 1e-12;
            dBad[t] = t + 1 >= 20 ? 1 : 0;
            fErr[t] = t + 1 >= 11 ? Double.NaN : 1e-6;
            fBad[t] = t + 1 >= 11 ? 1 : 0;
        }
        boolean[] refused = new boolean[30];
        var ok = InstabilityExperiment.judge(gaps, new int[] {4, 0}, sing, new InstabilityExperiment.NewtonCurve(dErr, dBad),
                new InstabilityExperiment.NewtonCurve(fErr, fBad), refused);
        assertEquals(Verdict.AGREES, ok.verdict(), ok.figure());
        // The same, but no blow-up at the tie and a stable float iteration: two checks fail.
        var partly = InstabilityExperiment.judge(gaps, new int[] {0, 0}, sing, new InstabilityExperiment.NewtonCurve(dErr, dBad),
                new InstabilityExperiment.NewtonCurve(new double[30], new int[30]), refused);
        assertEquals(Verdict.PARTLY, partly.verdict());
        assertTrue(partly.figure().startsWith("7 of 9"), partly.figure());
    }

    @Test
    void pSweepStatesAndBand() {
        assertEquals(PSweepExperiment.State.FAILS, PSweepExperiment.state(1, 50, 64));
        assertEquals(PSweepExperiment.State.COLLAPSES, PSweepExperiment.state(0, 6.3, 64));
        assertEquals(PSweepExperiment.State.TRAINS, PSweepExperiment.state(0, 6.5, 64));
        var T = PSweepExperiment.State.TRAINS;
        var C = PSweepExperiment.State.COLLAPSES;
        double[] grid = {0, 0.25, 0.5, 0.75};
        assertTrue(PSweepExperiment.contiguous(grid, new PSweepExperiment.State[] {C, T, T, C}));
        assertFalse(PSweepExperiment.contiguous(grid, new PSweepExperiment.State[] {C, T, C, T}));
        assertFalse(PSweepExperiment.contiguous(grid, new PSweepExperiment.State[] {C, C, C, C}));
    }

    @Test
    void presetsAreValidConfigsThatStopOnTheFirstBadStep() {
        for (Preset p : Preset.values()) {
            var m = p.base().toMap();
            assertEquals("stop", m.get("guard"), p.id());
            assertEquals("0", m.get("guard-max-condition"), p.id());
        }
        assertEquals(64, Preset.QUICK.base().projectorOut());
        assertEquals(org.spectralssl.train.TrainConfig.DEFAULTS.trainImages(), Preset.FULL.base().trainImages());
        assertEquals(Preset.FULL, Preset.parse("FULL"));
    }

    @Test
    void statsAndVerdicts() {
        Stats a = Stats.of(List.of(0.80, 0.81, 0.82));
        assertEquals(0.81, a.mean(), 1e-12);
        assertEquals(0.01, a.sd(), 1e-12);
        Stats b = Stats.of(List.of(0.70, 0.71, 0.72));
        Stats c = Stats.of(List.of(0.805, 0.815, 0.825));
        assertEquals(1, Stats.compare(a, b));
        assertEquals(-1, Stats.compare(b, a));
        assertEquals(0, Stats.compare(a, c));
        assertEquals("0.8100 ± 0.0100", a.format(4));
        assertEquals(Verdict.AGREES, Verdict.of(3, 3));
        assertEquals(Verdict.PARTLY, Verdict.of(1, 3));
        assertEquals(Verdict.DISAGREES, Verdict.of(0, 3));
        assertEquals(0.02, RobustnessExperiment.spread(new double[] {0.8, 0.81, Double.NaN, 0.79}), 1e-12);
        assertArrayEquals(new double[] {1, 0.1, 0.01}, Batches.logSpaced(1, 0.01, 3), 1e-15);
    }
}
