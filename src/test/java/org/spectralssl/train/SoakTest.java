package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak command's machinery on one run (the soak itself is outside the suite: verification/soak/). */
class SoakTest {
    @TempDir
    Path tmp;

    @Test
    void oneRunAndItsReport() throws IOException {
        Path report = tmp.resolve("REPORT.md");
        Soak.Totals t = Soak.run(1, 0, tmp.resolve("runs"), report, "soak test", null);
        assertEquals(1, t.runs());
        assertEquals(0, t.escapedNaN());
        assertEquals(0, t.internalErrors());
        String r = Files.readString(report);
        assertTrue(r.contains("`soak test`") && r.contains("| **escaped NaNs** | 0 |"), r);
    }

    @Test
    void drawsAreReproducibleAndCoverTheUnstableCorners() {
        assertEquals(Soak.draw(3, 17), Soak.draw(3, 17));
        boolean bigLr = false;
        boolean bigT = false;
        boolean bigP = false;
        boolean tiny = false;
        for (int i = 0; i < 200; i++) {
            Map<String, String> m = Soak.draw(1, i);
            bigLr |= Double.parseDouble(m.get("lr")) > 1e4;
            bigT |= m.get("iterations").equals("64");
            bigP |= m.get("method").equals("st") && m.get("power").equals("8");
            tiny |= m.get("batch").equals("2");
        }
        assertTrue(bigLr && bigT && bigP && tiny);
    }
}
