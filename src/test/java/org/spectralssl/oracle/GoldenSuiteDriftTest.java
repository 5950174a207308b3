package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checked-in golden suite (verification/vectors) is exactly what the generator produces now.
 * Cases, manifests and the index must be identical; expected results must be byte-identical, or
 * (so that a last-bit difference of a platform's libm cannot fail CI) agree to 1e-12 of each
 * field's scale, which is reported. Anything else fails with the command that regenerates the
 * suite.
 */
class GoldenSuiteDriftTest {
    private static final Path DIR = Path.of("verification/vectors");

    /** Far below any manifest tolerance, far above last-bit noise. */
    private static final double DRIFT_RTOL = 1e-12;

    @Test
    void checkedInVectorsMatchTheGenerator() throws IOException {
        SortedMap<String, String> generated = GoldenSuite.files();
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(onDisk::add);
        }
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(generated.keySet());
        missing.removeAll(onDisk);
        TreeSet<String> stale = new TreeSet<>(onDisk);
        stale.removeAll(generated.keySet());
        if (!missing.isEmpty()) {
            problems.add("not checked in: " + missing);
        }
        if (!stale.isEmpty()) {
            problems.add("no longer generated: " + stale);
        }
        int lastBits = 0;
        for (Map.Entry<String, String> g : generated.entrySet()) {
            Path file = DIR.resolve(g.getKey());
            if (!Files.exists(file)) {
                continue;
            }
            String disk = Files.readString(file);
            if (disk.equals(g.getValue())) {
                continue;
            }
            String why = differsBeyondLastBits(g.getKey(), disk, g.getValue());
            if (why == null) {
                lastBits++;
            } else {
                problems.add(g.getKey() + ": " + why);
            }
        }
        if (lastBits > 0) {
            System.out.println("GoldenSuiteDriftTest: " + lastBits + " vector(s) differ from the generator only in the "
                    + "last bits (within " + DRIFT_RTOL + " of each field's scale); regenerate with: "
                    + GoldenSuite.REGENERATE);
        }
        if (!problems.isEmpty()) {
            fail("verification/vectors drifted from the generator (" + problems.size() + " problem(s)); after checking "
                    + "that the change is intended, regenerate with:\n  mvn -q -B package -DskipTests && "
                    + GoldenSuite.REGENERATE + "\n" + String.join("\n", problems));
        }
    }

    /** Null when only expected numbers differ, by at most DRIFT_RTOL of their field's scale; else why. */
    private static String differsBeyondLastBits(String name, String diskText, String generatedText) {
        if (name.equals(GoldenSuite.INDEX)) {
            return "the index differs";
        }
        Map<?, ?> disk = (Map<?, ?>) Json.parse(diskText);
        Map<?, ?> gen = (Map<?, ?>) Json.parse(generatedText);
        if (!Json.write(disk.get("case")).equals(Json.write(gen.get("case")))) {
            return "the case (inputs or params) differs";
        }
        if (!Json.write(withoutAtol(disk.get("manifest"))).equals(Json.write(withoutAtol(gen.get("manifest"))))) {
            return "the manifest differs";
        }
        Map<?, ?> atolDisk = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) disk.get("manifest")).get("tolerance")).get("atol");
        Map<?, ?> atolGen = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) gen.get("manifest")).get("tolerance")).get("atol");
        if (!atolDisk.keySet().equals(atolGen.keySet())) {
            return "the manifest's atol fields differ";
        }
        for (Object k : atolGen.keySet()) {
            double a = (Double) atolDisk.get(k);
            double b = (Double) atolGen.get(k);
            if (!(Math.abs(a - b) <= DRIFT_RTOL * Math.abs(b))) {
                return "the manifest's atol of " + k + " differs: " + a + " vs " + b;
            }
        }
        Map<?, ?> expectedGen = (Map<?, ?>) gen.get("expected");
        Map<?, ?> expectedDisk = (Map<?, ?>) disk.get("expected");
        if (!expectedGen.keySet().equals(expectedDisk.keySet())) {
            return "the expected fields differ: " + expectedDisk.keySet() + " vs " + expectedGen.keySet();
        }
        Checker.Report r = Checker.compare(expectedGen, expectedDisk, Tolerance.fieldScaled(DRIFT_RTOL));
        return r.pass() ? null : "expected results differ beyond " + DRIFT_RTOL + ": " + r.failed();
    }

    private static Object withoutAtol(Object manifest) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) manifest).forEach((k, v) -> m.put((String) k, v));
        Map<String, Object> tol = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) m.get("tolerance")).forEach((k, v) -> tol.put((String) k, v));
        tol.remove("atol");
        m.put("tolerance", tol);
        return m;
    }

    /** Every vector is its own fixed point: evaluating its case reproduces its expected result. */
    @Test
    void everyCheckedInVectorPassesItsOwnCheck() throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Object json = Json.parse(Files.readString(p));
                if (!Results.isVector(json)) {
                    continue;
                }
                Map<?, ?> v = (Map<?, ?>) json;
                Map<String, Object> actual = Evaluator.evaluate(CaseSpec.fromJson(v.get("case")));
                Checker.Report r = Checker.compare(Results.resultOf(p.toString(), json), actual,
                        Results.toleranceOf(json));
                assertTrue(r.pass(), p + "\n" + r.format());
                n++;
            }
        }
        assertEquals(GoldenSuite.entries().size(), n, "vectors checked");
    }
}
