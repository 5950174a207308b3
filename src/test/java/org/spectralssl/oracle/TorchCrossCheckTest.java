package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The independent PyTorch implementation (verification/torch) agrees with every golden vector,
 * passes the conformance runner, and its two deliberately wrong modes are caught. Needs
 * Debian's python3-torch under /usr/bin/python3 (CI installs it, see .ci/run); skipped, loudly,
 * where it is missing.
 */
class TorchCrossCheckTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String ADAPTER = PYTHON + " verification/torch/spectral_ssl_torch.py serve";

    @BeforeAll
    static void needsTorch() throws IOException, InterruptedException {
        boolean ok = Files.isExecutable(Path.of(PYTHON));
        if (ok) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) {
            System.out.println("TorchCrossCheckTest SKIPPED: " + PYTHON + " cannot import torch "
                    + "(apt-get install python3-torch); the PyTorch cross-check did not run");
        }
        assumeTrue(ok, "python3-torch is not installed");
    }

    @Test
    void crossCheckScriptAgreesWithEveryVector() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "verification/torch/crosscheck.py").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS));
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PASS: " + GoldenSuite.entries().size() + " vectors agree"), out);
        assertTrue(out.contains("finite differences confirm the reference"), out);
    }

    @Test
    void theTorchAdapterConforms() throws IOException {
        try (ProcessAdapter a = new ProcessAdapter(ADAPTER, 120)) {
            Conformance.Report r = Conformance.run(a,
                    new Conformance.Options(1, EnumSet.allOf(Op.class), Tolerance.DEFAULT_RTOL), null);
            System.out.println(r.format());
            assertTrue(r.pass(), r.format());
            assertTrue(r.ops().stream().noneMatch(Conformance.OpReport::unsupported), r.format());
        }
    }

    @Test
    void theWrongTorchAdaptersAreCaught() throws IOException {
        try (ProcessAdapter a = new ProcessAdapter(ADAPTER + " --bug divisor", 120)) {
            Conformance.Report r = Conformance.run(a,
                    new Conformance.Options(1, EnumSet.allOf(Op.class), Tolerance.DEFAULT_RTOL), null);
            System.out.println(r.format());
            assertFalse(r.pass());
            for (Conformance.OpReport o : r.ops()) {
                boolean usesTraceLoss = List.of(Op.ST, Op.ITERNORM, Op.INTL, Op.TRACE_LOSS).contains(o.op());
                assertEquals(!usesTraceLoss, o.pass(), o.op() + "\n" + r.format());
            }
        }
        try (ProcessAdapter a = new ProcessAdapter(ADAPTER + " --bug eigh-autograd", 120)) {
            Conformance.Report r = Conformance.run(a,
                    new Conformance.Options(1, EnumSet.of(Op.ST), Tolerance.DEFAULT_RTOL), null);
            System.out.println(r.format());
            assertFalse(r.pass());
            Conformance.OpReport st = r.ops().get(0);
            assertTrue(st.smallestFailure().template().contains("repeated eigenvalues"), r.format());
            assertTrue(st.propertyFailures() > 0, r.format());
        }
    }
}
