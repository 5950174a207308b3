package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenSuiteWriteTest {
    @TempDir
    Path dir;

    /** emit replaces the suite: stale vectors go, files that are not vectors stay. */
    @Test
    void writeRemovesOnlyStaleVectors() throws IOException {
        Files.writeString(dir.resolve("old-vector.json"), "{\"format\": \"" + Results.VECTOR_FORMAT + "\"}");
        Files.writeString(dir.resolve("mine.json"), "{\"format\": \"something else\"}");
        Files.writeString(dir.resolve("notes.txt"), "keep");
        SortedMap<String, String> files = new TreeMap<>();
        files.put("a.json", "{}\n");
        files.put(GoldenSuite.INDEX, "{\"vectors\": []}\n");
        GoldenSuite.write(dir, files);
        assertFalse(Files.exists(dir.resolve("old-vector.json")));
        assertTrue(Files.exists(dir.resolve("mine.json")));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        assertEquals("{}\n", Files.readString(dir.resolve("a.json")));
    }

    /** Every generated name is unique and says its op, shape and input kind. */
    @Test
    void namesAreMadeOfTheInputs() {
        for (GoldenSuite.Entry e : GoldenSuite.entries()) {
            Inputs in = e.kind().make(e.mode(), e.m(), e.d(), e.seed());
            String name = GoldenSuite.name(e, GoldenSuite.caseOf(e, in), in);
            assertTrue(name.startsWith(e.op() + "-" + (e.mode() != null ? e.mode().id() + "-" : "") + "m" + e.m() + "-d"
                    + e.d() + "-"), name);
            assertTrue(name.endsWith("-" + in.label()), name);
            assertTrue(name.matches("[A-Za-z0-9_.+-]+"), "a portable file name: " + name);
        }
    }
}
