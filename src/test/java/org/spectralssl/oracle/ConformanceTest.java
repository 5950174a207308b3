package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectralssl.linalg.InvalidInputException;

/** The runner passes the reference itself and catches adapters that are wrong in known ways. */
class ConformanceTest {
    @TempDir
    Path dir;

    /** An in-process adapter: the case goes through JSON text, as over a pipe, then through {@code answer}. */
    private static Adapter inProcess(String name, Function<CaseSpec, Map<String, Object>> answer) {
        return new Adapter() {
            @Override
            public Map<?, ?> ask(Map<String, Object> caseJson) {
                CaseSpec c = CaseSpec.parse(Json.write(caseJson));
                try {
                    return (Map<?, ?>) Json.parse(Json.write(answer.apply(c)));
                } catch (InvalidInputException e) {
                    return Map.of("id", c.id(), "error", e.getMessage());
                }
            }

            @Override
            public String describe() {
                return name;
            }

            @Override
            public void close() {}
        };
    }

    private static Conformance.Options all() {
        return new Conformance.Options(1, EnumSet.allOf(Op.class), Tolerance.DEFAULT_RTOL);
    }

    private static Conformance.OpReport report(Conformance.Report r, Op op) {
        return r.ops().stream().filter(o -> o.op() == op).findFirst().orElseThrow();
    }

    @Test
    void casesAreSeededGrowingAndValid() {
        for (Op op : Op.values()) {
            List<Conformance.Generated> a = Conformance.cases(op, 7);
            List<Conformance.Generated> b = Conformance.cases(op, 7);
            assertTrue(a.size() >= 6, op + " has " + a.size() + " cases");
            for (int i = 0; i < a.size(); i++) {
                assertEquals(Json.write(a.get(i).spec().toJson()), Json.write(b.get(i).spec().toJson()), "deterministic");
                if (i > 0) {
                    assertTrue(a.get(i - 1).size() <= a.get(i).size(), "smallest first");
                }
                Map<String, Object> r = Evaluator.evaluate(a.get(i).spec());
                assertFalse(r.containsKey("notes"), "no stabiliser acts on a generated case: " + a.get(i).describe());
            }
            assertFalse(Json.write(Conformance.cases(op, 8).get(0).spec().toJson())
                    .equals(Json.write(a.get(0).spec().toJson())), "another seed, other inputs");
        }
    }

    @Test
    void theReferenceConformsToItself() throws IOException {
        Conformance.Report r = Conformance.run(inProcess("reference", Evaluator::evaluate), all(), null);
        assertTrue(r.pass(), r.format());
        assertTrue(r.format().contains("PASS: 8 op(s) conform"), r.format());
    }

    /** A mixed-up divisor (the trace loss with the other divisor than the whitening's) is caught. */
    @Test
    void aMixedUpDivisorIsCaught() throws IOException {
        Adapter wrong = inProcess("mixed-up divisor", c -> {
            if (c.divisor() == null || c.op() == Op.WMSE) {
                return Evaluator.evaluate(c);
            }
            // Whitening with the case's divisor, the trace loss of its output with the other one.
            Map<String, Object> right = Evaluator.evaluate(c);
            org.spectralssl.spectral.Divisor other = c.divisor() == org.spectralssl.spectral.Divisor.BIASED
                    ? org.spectralssl.spectral.Divisor.UNBIASED : org.spectralssl.spectral.Divisor.BIASED;
            org.ejml.data.DMatrixRMaj zhat1 = c.op() == Op.TRACE_LOSS ? c.z1()
                    : EvaluatorTest.matrix(right, "zhat1");
            Map<String, Object> mixed = new LinkedHashMap<>(right);
            mixed.put("trace_loss1", org.spectralssl.loss.TraceLoss.value(zhat1, c.mode(), other));
            return mixed;
        });
        Conformance.Report r = Conformance.run(wrong, all(), dir);
        assertFalse(r.pass());
        for (Op op : List.of(Op.ST, Op.ITERNORM, Op.INTL, Op.TRACE_LOSS)) {
            Conformance.OpReport o = report(r, op);
            assertFalse(o.pass(), op + "\n" + r.format());
            assertNotNull(o.smallestFailure());
            assertTrue(o.problems().get(0).contains("trace_loss1 disagrees"), o.problems().toString());
            assertTrue(Files.exists(dir.resolve(o.smallestFailure().spec().id() + ".json")));
        }
        for (Op op : List.of(Op.ALIGNMENT, Op.WMSE, Op.BARLOW_TWINS, Op.VICREG)) {
            assertTrue(report(r, op).pass(), op + "\n" + r.format());
        }
        String text = r.format();
        assertTrue(text.contains("smallest failing case conform-st-0"), text);
        assertTrue(text.contains("seed 1000003"), text);
    }

    /** Gradients that are not those of the loss fail the property even where the loss agrees. */
    @Test
    void aWrongGradientBreaksTheProperty() throws IOException {
        Adapter wrong = inProcess("doubled grad_z2", c -> {
            Map<String, Object> r = new LinkedHashMap<>(Evaluator.evaluate(c));
            if (c.op() == Op.VICREG) {
                NumericArray g = NumericArray.fromJson("grad_z2", r.get("grad_z2"));
                double[] d = g.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= 2;
                }
                r.put("grad_z2", new NumericArray(g.shape(), d).toJson());
            }
            return r;
        });
        Conformance.Report r = Conformance.run(wrong,
                new Conformance.Options(3, EnumSet.of(Op.VICREG, Op.ALIGNMENT), Tolerance.DEFAULT_RTOL), null);
        Conformance.OpReport v = report(r, Op.VICREG);
        assertFalse(v.pass());
        assertEquals(v.sent(), v.propertyFailures(), r.format());
        assertTrue(v.problems().stream().anyMatch(p -> p.contains("gradients are not those of the loss")),
                v.problems().toString());
        assertTrue(v.problems().stream().anyMatch(p -> p.contains("swapping z1 and z2")), v.problems().toString());
        assertTrue(report(r, Op.ALIGNMENT).pass());
    }

    @Test
    void anOpAnsweredOnlyWithErrorsIsUnsupportedNotFailed() throws IOException {
        Adapter partial = inProcess("no baselines", c -> {
            if (c.op() == Op.WMSE || c.op() == Op.BARLOW_TWINS || c.op() == Op.VICREG) {
                throw new InvalidInputException("op " + c.op().id() + " is not implemented");
            }
            return Evaluator.evaluate(c);
        });
        Conformance.Report r = Conformance.run(partial, all(), null);
        assertTrue(r.pass(), r.format());
        assertTrue(report(r, Op.WMSE).unsupported());
        assertTrue(r.format().contains("UNSUPPORTED"), r.format());
        assertTrue(r.format().contains("PASS: 5 op(s) conform, 3 unsupported"), r.format());
        Conformance.Report none = Conformance.run(inProcess("nothing", c -> {
            throw new InvalidInputException("nothing implemented");
        }), all(), null);
        assertFalse(none.pass(), "an adapter that supports nothing does not conform");
    }

    /** Protocol violations by a real subprocess: garbage, an echo of the case, an early exit. */
    @Test
    void protocolViolationsAreReportedAsFailures() throws IOException {
        Conformance.Options st = new Conformance.Options(1, EnumSet.of(Op.ALIGNMENT), Tolerance.DEFAULT_RTOL);
        String[][] adapters = {
            {"while read l; do echo nonsense; done", "not JSON"},
            {"cat", "loss"},
            {"exit 0", "adapter"},
            {"while read l; do echo '{\"id\": \"other\", \"loss\": 1}'; done", "id"},
        };
        for (String[] a : adapters) {
            try (ProcessAdapter p = new ProcessAdapter(a[0], 20)) {
                Conformance.Report r = Conformance.run(p, st, null);
                assertFalse(r.pass(), a[0]);
                String problems = String.join("\n", report(r, Op.ALIGNMENT).problems());
                assertTrue(problems.contains(a[1]), a[0] + ": " + problems);
            }
        }
    }
}
