package org.spectralssl.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ties spec/SPEC.md to the code: every equation {@code ### E<n>.} must be named by an
 * {@code @Equation} annotation in src/main (its implementation) and in src/test (its test), and
 * no annotation may name an equation the spec lacks.
 */
class SpecTraceabilityTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^### (E\\d+)\\. \\S");
    private static final Pattern ANNOTATION = Pattern.compile("@Equation\\(\\{?([^)]*)\\}?\\)");
    private static final Pattern ID = Pattern.compile("\"(E\\d+)\"");

    static Set<String> specEquations() throws IOException {
        Set<String> ids = new TreeSet<>();
        Matcher m = HEADING.matcher(Files.readString(Path.of("spec/SPEC.md")));
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "equation " + m.group(1) + " is defined twice in spec/SPEC.md");
        }
        return ids;
    }

    static Set<String> annotated(Path root) throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher a = ANNOTATION.matcher(Files.readString(f));
                while (a.find()) {
                    Matcher id = ID.matcher(a.group(1));
                    while (id.find()) {
                        ids.add(id.group(1));
                    }
                }
            }
        }
        return ids;
    }

    @Test
    void specIsNumberedWithoutGaps() throws IOException {
        Set<String> spec = specEquations();
        assertTrue(spec.size() >= 20, "spec/SPEC.md has only " + spec.size() + " equations");
        for (int i = 1; i <= spec.size(); i++) {
            assertTrue(spec.contains("E" + i), "spec/SPEC.md has no E" + i + " but has " + spec);
        }
    }

    @Test
    void everyEquationIsImplementedAndTested() throws IOException {
        Set<String> spec = specEquations();
        Set<String> main = annotated(Path.of("src/main/java"));
        Set<String> test = annotated(Path.of("src/test/java"));
        Set<String> notImplemented = new TreeSet<>(spec);
        notImplemented.removeAll(main);
        Set<String> notTested = new TreeSet<>(spec);
        notTested.removeAll(test);
        assertEquals(Set.of(), notImplemented, "equations with no @Equation in src/main");
        assertEquals(Set.of(), notTested, "equations with no @Equation in src/test");
    }

    @Test
    void noCodeNamesAnUnknownEquation() throws IOException {
        Set<String> spec = specEquations();
        Set<String> unknown = new TreeSet<>(annotated(Path.of("src/main/java")));
        unknown.addAll(annotated(Path.of("src/test/java")));
        unknown.removeAll(spec);
        assertEquals(Set.of(), unknown, "@Equation names equations that spec/SPEC.md does not define");
    }
}
