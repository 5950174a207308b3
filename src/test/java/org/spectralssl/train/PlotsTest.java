package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The log axis is labelled at whole decades (or 1-2-5 within one), never at fractional exponents. */
class PlotsTest {
    @Test
    void logTicksAtWholeDecades() {
        assertArrayEquals(new double[] {-3, -2, -1, 0, 1}, Plots.logTicks(-3.2, 1.4), 0);
        // 13 decades: every second one, at most seven labels
        double[] many = Plots.logTicks(-12.5, 0.3);
        assertArrayEquals(new double[] {-12, -10, -8, -6, -4, -2, 0}, many, 0);
    }

    @Test
    void withinOneDecadeUseOneTwoFive() {
        double[] t = Plots.logTicks(Math.log10(0.15), Math.log10(0.6));
        assertEquals(2, t.length);
        assertEquals("0.2", Plots.powerOfTen(t[0]));
        assertEquals("0.5", Plots.powerOfTen(t[1]));
    }

    @Test
    void linearTicksAreRoundSteps() {
        assertArrayEquals(new double[] {5, 10, 15, 20, 25, 30}, Plots.evenTicks(1, 32), 1e-12);
        double[] t = Plots.evenTicks(0.8, 0.9);
        assertEquals("0.8", Plots.tick(t[0]));
        assertEquals("0.82", Plots.tick(t[1]));
        assertEquals("0.9", Plots.tick(t[t.length - 1]));
        assertEquals("0", Plots.tick(0.1 + 0.2 - 0.3));
        assertEquals("1.5e+06", Plots.tick(1.5e6));
    }

    @Test
    void labels() {
        assertEquals("1", Plots.powerOfTen(0));
        assertEquals("0.01", Plots.powerOfTen(-2));
        assertEquals("1000", Plots.powerOfTen(3));
        assertEquals("1e4", Plots.powerOfTen(4));
        assertEquals("1e-12", Plots.powerOfTen(-12));
        assertEquals("2e-5", Plots.powerOfTen(Math.log10(2e-5)));
        assertEquals("3.16", Plots.powerOfTen(0.5));
    }
}
