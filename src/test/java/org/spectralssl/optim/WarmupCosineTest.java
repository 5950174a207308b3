package org.spectralssl.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;

class WarmupCosineTest {
    @Test
    void valuesByHand() {
        WarmupCosine s = new WarmupCosine(0.4, 4, 14, 0.01);
        double fin = 0.004;
        assertEquals(0.4 * 1 / 4, s.at(0), 1e-15, "first warm-up step");
        assertEquals(0.4 * 4 / 4, s.at(3), 1e-15, "last warm-up step reaches the base rate");
        assertEquals(0.4, s.at(4), 1e-15, "cosine starts at the base rate: t = 0");
        // t = (s − W)/(S − W − 1) = (s − 4)/9; at s = 7, t = 1/3, cos(π/3) = 1/2
        assertEquals(fin + (0.4 - fin) * (1 + 0.5) / 2, s.at(7), 1e-15);
        assertEquals(fin, s.at(13), 1e-15, "the last step runs at the final rate");
        assertEquals(fin, s.at(100), 1e-15, "after the end it stays there");
    }

    @Test
    void decreasesAfterWarmUp() {
        WarmupCosine s = WarmupCosine.paper(0.3, 10, 20);
        assertEquals(20, s.warmupSteps());
        assertEquals(200, s.totalSteps());
        for (long k = 20; k < 199; k++) {
            assertTrue(s.at(k + 1) <= s.at(k), "step " + k);
        }
        assertEquals(0.3 * WarmupCosine.PAPER_FINAL_FRACTION, s.at(199), 1e-15);
        for (long k = 0; k < 19; k++) {
            assertTrue(s.at(k + 1) > s.at(k), "warm-up rises at step " + k);
        }
    }

    @Test
    void noWarmUpAndOneStep() {
        WarmupCosine probe = new WarmupCosine(1e-2, 0, 500, WarmupCosine.PROBE_FINAL_FRACTION);
        assertEquals(1e-2, probe.at(0), 1e-18);
        assertEquals(1e-6, probe.at(499), 1e-18, "the paper's probe: 10⁻² to 10⁻⁶");
        WarmupCosine single = new WarmupCosine(1, 0, 1, 0.5);
        assertEquals(0.5, single.at(0), 0, "one step: t = 1");
        WarmupCosine shortRun = WarmupCosine.paper(0.3, 5, 1);
        assertEquals(4, shortRun.warmupSteps(), "a run shorter than the warm-up keeps one step of decay");
    }

    @Test
    void badSchedules() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new WarmupCosine(0.3, 10, 10, 0.001));
        assertEquals("the schedule needs 0 <= warm-up steps < total steps, got 10 and 10 (fewer epochs than warm-up "
                + "epochs?)", e.getMessage());
        assertThrows(InvalidInputException.class, () -> new WarmupCosine(-1, 0, 10, 0.001));
        assertThrows(InvalidInputException.class, () -> new WarmupCosine(1, 0, 10, 2));
        assertThrows(InvalidInputException.class, () -> new WarmupCosine(1, 0, 10, 0).at(-1));
        assertEquals(0.25, LrSchedule.constant(0.25).at(1000), 0);
    }
}
