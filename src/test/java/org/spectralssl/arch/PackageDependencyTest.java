package org.spectralssl.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package dependencies of src/main pointing one way (ARCHITECTURE.md):
 * linalg ← spectral ← loss ← oracle, gpu implements linalg's ComputeDevice, cli on top, nothing
 * imports cli. Every reference to {@code org.spectralssl.X} in a source file counts, imports and
 * fully qualified names alike. A new package must be added to {@link #ALLOWED} with its permitted
 * dependencies. Aparapi (com.aparapi) is used by gpu alone.
 */
class PackageDependencyTest {
    private static final Path MAIN = Path.of("src/main/java/org/spectralssl");
    private static final Pattern REF = Pattern.compile("org\\.spectralssl\\.([a-z]+)");

    /** For each package, the packages it may use. {@code spec} holds only the annotation. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("spec", Set.of()),
            Map.entry("linalg", Set.of("spec")),
            Map.entry("spectral", Set.of("spec", "linalg")),
            Map.entry("loss", Set.of("spec", "linalg", "spectral")),
            Map.entry("oracle", Set.of("spec", "linalg", "spectral", "loss")),
            Map.entry("data", Set.of("spec", "linalg")),
            Map.entry("nn", Set.of("spec", "linalg")),
            Map.entry("optim", Set.of("spec", "linalg", "nn")),
            Map.entry("train", Set.of("spec", "linalg", "spectral", "loss", "data", "nn", "optim")),
            // The OpenCL device implements linalg.ComputeDevice; the core never imports gpu.
            Map.entry("gpu", Set.of("spec", "linalg")),
            // The reproduction of the paper's findings: library computations and training runs through train's API.
            Map.entry("repro", Set.of("spec", "linalg", "spectral", "loss", "data", "train")),
            Map.entry("cli", Set.of("spec", "linalg", "spectral", "loss", "oracle", "data", "nn", "optim", "train", "gpu", "repro")));

    @Test
    void dependenciesPointOneWay() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                if (MAIN.relativize(f).getNameCount() == 1) {
                    violations.add(f + ": classes belong in a package below org.spectralssl");
                    continue;
                }
                seen.add(pkg);
                Set<String> allowed = ALLOWED.get(pkg);
                if (allowed == null) {
                    violations.add(f + ": package '" + pkg + "' is not listed in PackageDependencyTest.ALLOWED");
                    continue;
                }
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        violations.add(f + ": " + pkg + " must not use " + used);
                    }
                }
            }
        }
        assertTrue(seen.containsAll(Set.of("linalg", "spectral", "loss")), "core packages missing: " + seen);
        assertEquals(List.of(), violations, "package dependency violations");
    }

    @Test
    void nothingDependsOnCli() {
        for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
            assertTrue(!e.getValue().contains("cli"), e.getKey() + " may not depend on cli");
        }
    }

    @Test
    void onlyGpuUsesAparapi() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                if (!pkg.equals("gpu") && Files.readString(f).contains("com.aparapi")) {
                    violations.add(f + ": only package gpu may use Aparapi");
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
