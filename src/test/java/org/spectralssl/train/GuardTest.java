package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.NonFiniteException;

/** The numerical guard: detection, evidence, rollback with a stronger stabiliser, stop; nothing hidden. */
class GuardTest {
    @TempDir
    Path tmp;

    static TrainConfig config(Map<String, String> over) {
        return TrainConfig.with(Tiny.config("st"), over, "GuardTest");
    }

    static Object json(Path f) throws IOException {
        return org.spectralssl.oracle.Json.parse(Files.readString(f));
    }

    @Test
    void anIllConditionedStStepIsRolledBackAndRetriedAsIterNormWithEvidence() throws IOException {
        // Any real batch has a condition number above 10: the first step is bad.
        TrainConfig c = config(Map.of("guard-max-condition", "10", "checkpoint-every", "2"));
        Path run = tmp.resolve("st");
        Map<String, Object> s = Trainer.run(c, Tiny.data(c), run, new Trainer.Options(1, null));
        assertEquals(1, s.get("guard_rollbacks"));
        assertEquals("iternorm T=4, lr x0.5", s.get("guard_remedy"));
        List<?> events = (List<?>) s.get("guard_events");
        assertEquals(1, events.size());
        Map<?, ?> e = (Map<?, ?>) events.get(0);
        assertEquals(1L, ((Number) e.get("step")).longValue());
        assertTrue(((String) e.get("reason")).contains("condition number"), e.toString());
        assertTrue(((String) e.get("action")).startsWith("rolled back to step 0"), e.toString());
        // The evidence: the batch's images, both views' spectra and the loss terms.
        Map<?, ?> ev = (Map<?, ?>) json(run.resolve((String) e.get("evidence")));
        assertEquals(c.batch(), ((List<?>) ev.get("image_indices")).size());
        List<?> views = (List<?>) ev.get("views");
        assertEquals(c.views(), views.size());
        assertEquals(c.projectorOut(), ((List<?>) ((Map<?, ?>) views.get(0)).get("eigenvalues_in")).size());
        assertTrue(((Map<?, ?>) ev.get("loss_terms")).containsKey("align"), ev.toString());
        // The run finished with finite results, and the metrics say a rollback happened.
        assertTrue(Double.isFinite((Double) s.get("linear_top1")));
        String csv = Files.readString(run.resolve(RunFiles.METRICS_CSV));
        assertTrue(csv.lines().findFirst().orElseThrow().contains("guard_rollbacks"), csv);
        assertTrue(Files.readString(run.resolve(RunFiles.SUMMARY)).contains("\"guard_events\""));
    }

    @Test
    void policyStopStopsAtTheFirstBadStepWithOneLineAndASummary() throws IOException {
        TrainConfig c = config(Map.of("guard-max-condition", "10", "guard", "stop"));
        Path run = tmp.resolve("stop");
        NonFiniteException x = assertThrows(NonFiniteException.class,
                () -> Trainer.run(c, Tiny.data(c), run, new Trainer.Options(1, null)));
        assertFalse(x.getMessage().contains("\n"));
        assertTrue(x.getMessage().contains("guard stopped the run at epoch 1, step 1")
                && x.getMessage().contains("evidence in"), x.getMessage());
        Map<?, ?> s = (Map<?, ?>) json(run.resolve(RunFiles.SUMMARY));
        assertEquals("stopped by the numerical guard", s.get("status"));
        assertFalse(s.containsKey("linear_top1"), "a stopped run reports no accuracy");
        assertEquals(1, ((List<?>) s.get("guard_events")).size());
        assertFalse(Files.exists(run.resolve(RunFiles.CHECKPOINT)));
    }

    @Test
    void aHugeLearningRateIsCaughtBeforeANaNEscapesAndStopsAfterTheRetries() throws IOException {
        TrainConfig c = TrainConfig.with(Tiny.config("vicreg"), Map.of("lr", "1e6", "optimizer", "lars",
                "guard-retries", "2", "epochs", "1"), "GuardTest");
        Path run = tmp.resolve("lr");
        NonFiniteException x = assertThrows(NonFiniteException.class,
                () -> Trainer.run(c, Tiny.data(c), run, new Trainer.Options(1, null)));
        assertTrue(x.getMessage().contains("stopped after 2 rollbacks"), x.getMessage());
        Map<?, ?> s = (Map<?, ?>) json(run.resolve(RunFiles.SUMMARY));
        assertEquals(3, ((List<?>) s.get("guard_events")).size());
        assertEquals(2, ((Number) s.get("guard_rollbacks")).intValue());
        try (var files = Files.list(run.resolve(Guard.DIR))) {
            assertEquals(3, files.count());
        }
    }

    /** Catalogue item 20: a setting the objective refuses for every batch of its shape is a config error, before any file. */
    @Test
    void aConfigTheObjectiveRefusesIsOneLineBeforeAnyFile() {
        TrainConfig c = TrainConfig.with(Tiny.config("intl"), Map.of("mode", "samples", "batch", "8"), "GuardTest");
        Path run = tmp.resolve("refused");
        org.spectralssl.linalg.InvalidInputException x = assertThrows(org.spectralssl.linalg.InvalidInputException.class,
                () -> Trainer.run(c, Tiny.data(c), run, new Trainer.Options(1, null)));
        assertTrue(x.getMessage().contains("refuses batches of 8 × 16") && x.getMessage().contains("explicit beta")
                && !x.getMessage().contains("\n"), x.getMessage());
        assertFalse(Files.exists(run));
    }

    @Test
    void theRemedyLadder() {
        TrainConfig st = Tiny.config("st");
        assertEquals("none", Guard.remedy(st, 0).describe());
        assertEquals(Method.ITERNORM, Guard.remedy(st, 1).method());
        assertEquals(org.spectralssl.spectral.WhiteningMode.FEATURES, Guard.remedy(st, 1).settings().mode());
        assertEquals("iternorm T=2, lr x0.25", Guard.remedy(st, 2).describe());
        TrainConfig intl = TrainConfig.with(Tiny.config("intl"), Map.of("iterations", "8"), "t");
        assertEquals("intl T=4, lr x0.5", Guard.remedy(intl, 1).describe());
        assertEquals(1, Guard.remedy(intl, 5).settings().iterations());
        assertEquals("vicreg, lr x0.5", Guard.remedy(Tiny.config("vicreg"), 1).describe());
    }
}
