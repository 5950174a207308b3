package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Precision;

/** A tiny end-to-end run, twice with one seed: the run directory is complete and summary.json is reproducible. */
class TrainRunTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedSameSummaryAndACompleteRunDirectory() throws IOException {
        TrainConfig c = Tiny.config("intl");
        TrainData d = Tiny.data(c);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Map<String, Object> sa = Trainer.run(c, d, a, new Trainer.Options(2, null));
        Map<String, Object> sb = Trainer.run(c, d, b, new Trainer.Options(1, null));

        for (String f : List.of(RunFiles.CONFIG, RunFiles.MANIFEST, RunFiles.METRICS_CSV, RunFiles.METRICS_JSONL,
                RunFiles.STEPS_CSV, RunFiles.SPECTRA_CSV, RunFiles.CHECKPOINT, RunFiles.SUMMARY)) {
            assertTrue(Files.size(a.resolve(f)) > 0, f);
        }
        for (String png : List.of("loss.png", "accuracy.png", "spectrum.png", "spectrum_projector.png",
                "spectrum_transformed.png", "effective_rank.png")) {
            BufferedImage img = ImageIO.read(a.resolve(RunFiles.PLOTS).resolve(png).toFile());
            assertNotNull(img, png);
            assertEquals(Plots.WIDTH, img.getWidth());
        }
        // epoch 0 plus one line per epoch
        assertEquals(c.epochs() + 1, Files.readAllLines(a.resolve(RunFiles.METRICS_JSONL)).size());
        assertEquals(c.epochs() + 2, Files.readAllLines(a.resolve(RunFiles.METRICS_CSV)).size());
        String manifest = Files.readString(a.resolve(RunFiles.MANIFEST));
        assertTrue(manifest.contains("\"git_commit\"") && manifest.contains(d.sha256()), manifest);

        // Reproducible to the last digit, with 2 threads or 1; only "seconds" may differ.
        sa.remove("seconds");
        sb.remove("seconds");
        assertEquals(sa, sb);
        String ja = Files.readString(a.resolve(RunFiles.SUMMARY)).replaceAll("\"seconds\": [0-9.]+", "");
        String jb = Files.readString(b.resolve(RunFiles.SUMMARY)).replaceAll("\"seconds\": [0-9.]+", "");
        assertEquals(ja, jb);
        for (String k : List.of("knn_top1", "linear_top1", "floor_pixels_linear_top1",
                "floor_random_encoder_linear_top1", "epochs", "seconds")) {
            assertTrue(ja.contains("\"" + k + "\"") || k.equals("seconds"), k);
        }
        assertTrue(Files.readString(a.resolve(RunFiles.SUMMARY)).contains("\"seconds\""));

        // The config reloads to itself; the checkpoint reloads into a fresh model to the same features.
        assertEquals(c, RunReader.config(a));
        Model fresh = Model.build(c, 28, 28, Precision.FLOAT32);
        Checkpoint.load(fresh, a.resolve(RunFiles.CHECKPOINT));
        assertEquals(sa.get("knn_top1"), Trainer.evaluate(fresh, c, d.train(), d.test(),
                LinearProbe.settingsOf(c), Trainer.STREAM_PROBE_TRAINED, 2).knn().top1());
        assertEquals(c.epochs() + 1, RunReader.spectra(a).size());

        // A second run into the same directory is refused.
        assertThrows(InvalidInputException.class, () -> Trainer.run(c, d, a, new Trainer.Options(1, null)));
    }
}
