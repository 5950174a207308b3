package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.InvalidInputException;

class TrainConfigTest {
    @TempDir
    Path tmp;

    @Test
    void fileRoundTripAndPartialFiles() throws IOException {
        TrainConfig c = TrainConfig.with(TrainConfig.DEFAULTS, Map.of("method", "barlow-twins", "beta", "0.02",
                "lr", "0.123", "hidden", "64,32", "mode", "auto"), "test");
        Path f = tmp.resolve("c.txt");
        c.write(f);
        assertEquals(c, TrainConfig.read(f));
        Files.writeString(f, "# only one key\nepochs = 3  # trailing comment\n");
        assertEquals(TrainConfig.with(TrainConfig.DEFAULTS, Map.of("epochs", "3"), "x"), TrainConfig.read(f));
        assertEquals(TrainConfig.DEFAULTS.toMap().keySet().size(), TrainConfig.KEYS.size());
    }

    @Test
    void aMethodThatWhitensNothingDropsTheDefaultModeButAGivenModeIsChecked() {
        assertEquals(null, TrainConfig.DEFAULTS.objective().mode(), "auto: the method's own");
        assertEquals(org.spectralssl.spectral.WhiteningMode.SAMPLES, TrainConfig.DEFAULTS.method().defaultMode());
        assertEquals(null, TrainConfig.with(TrainConfig.DEFAULTS, Map.of("method", "vicreg"), "--set").objective().mode());
        assertEquals(TrainConfig.DEFAULTS.objective().mode(),
                TrainConfig.with(TrainConfig.DEFAULTS, Map.of("method", "intl-ema"), "--set").objective().mode());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainConfig.with(TrainConfig.DEFAULTS,
                Map.of("method", "vicreg", "mode", "features"), "--set"));
        assertTrue(e.getMessage().contains("mode applies to"), e.getMessage());
    }

    @Test
    void badInputIsOneLineNamingTheKey() throws IOException {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TrainConfig.with(TrainConfig.DEFAULTS, Map.of("epohcs", "3"), "--set"));
        assertTrue(e.getMessage().contains("unknown key 'epohcs'"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> TrainConfig.with(TrainConfig.DEFAULTS, Map.of("lr", "fast"), "--set"));
        assertTrue(e.getMessage().contains("lr must be a finite number"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> TrainConfig.with(TrainConfig.DEFAULTS, Map.of("method", "simclr"), "--set"));
        assertTrue(e.getMessage().contains("intl, intl-ema, iternorm, st, wmse, barlow-twins, vicreg"), e.getMessage());
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "epochs 3\n");
        e = assertThrows(InvalidInputException.class, () -> TrainConfig.read(f));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        for (InvalidInputException x : new InvalidInputException[] {e}) {
            assertFalse(x.getMessage().contains("\n"));
        }
    }
}
