package org.spectralssl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.Gemm;
import org.spectralssl.oracle.Json;

/** {@code bench}: one JSON object per run with the settings and the kernel; bad options are one-line errors. */
class BenchCommandTest {
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int threads = Gemm.threads();
        int code;
        try {
            code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        } finally {
            Gemm.setThreads(threads);
        }
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void everyBenchmarkPrintsOneJsonObject() {
        String[][] cases = {
            {"bench", "gemm", "--n", "40", "--dtype", "float64"},
            {"bench", "intl", "--m", "16", "--d", "24"},
            {"bench", "st", "--m", "30", "--d", "8"},
            {"bench", "train-step", "--batch", "16"},
        };
        for (String[] c : cases) {
            String[] full = new String[c.length + 7];
            System.arraycopy(c, 0, full, 0, c.length);
            System.arraycopy(new String[] {"--repeats", "2", "--warmup", "0", "--warmup-seconds", "0", "--threads=2"}, 0,
                    full, c.length, 7);
            String[] r = run(full);
            assertEquals("0", r[0], String.join(" ", c) + ": " + r[2]);
            assertEquals(1, r[1].strip().lines().count(), "one line: " + r[1]);
            Map<?, ?> json = (Map<?, ?>) Json.parse(r[1]);
            assertEquals(c[1], json.get("bench"));
            assertTrue(((Number) json.get("median_s")).doubleValue() > 0);
            assertEquals(2, ((Number) json.get("threads")).intValue());
            assertEquals(Gemm.kernel(), json.get("kernel"));
            assertEquals(2, ((java.util.List<?>) json.get("times_s")).size());
            if (c[1].equals("st")) {
                assertEquals(org.spectralssl.linalg.SymmetricEigenSolver.name(), json.get("eig"));
                assertTrue(((Number) json.get("eig_median_s")).doubleValue() > 0);
                // d = 8: the divide-and-conquer parts are timed only when that solver runs at this size
                assertEquals(!org.spectralssl.linalg.SymmetricEigenSolver.usesEjml(
                        org.spectralssl.linalg.SymmetricEigenSolver.selected(), 8),
                        json.containsKey("eig_back_transformation_median_s"), r[1]);
            }
        }
    }

    @Test
    void badOptionsAreOneLineErrors() {
        for (String[] c : new String[][] {{"bench", "gemm", "--dtype", "float16"}, {"bench", "intl", "--mode", "x"},
            {"bench", "st", "--dtype", "float32"}, {"bench", "gemm", "--repeats", "0"}, {"bench", "gemm", "--threads", "0"}}) {
            String[] r = run(c);
            assertEquals("2", r[0], String.join(" ", c));
            assertEquals(1, r[2].strip().lines().count(), r[2]);
        }
    }
}
