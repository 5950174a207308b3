package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private static Map<String, Object> result(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", Evaluator.RESULT_FORMAT);
        m.put("op", "intl");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Object vec(double... v) {
        return NumericArray.json(v);
    }

    @Test
    void agreeIsTheToleranceModel() {
        assertTrue(Checker.agree(1 + 0.9e-10, 1, 0, 1e-10));
        assertFalse(Checker.agree(1 + 3e-10, 1, 0, 1e-10));
        assertTrue(Checker.agree(1e-12, 0, 1e-11, 0));
        assertTrue(Checker.agree(Double.NaN, Double.NaN, 0, 0));
        assertFalse(Checker.agree(Double.NaN, 1, 1e300, 1));
        assertFalse(Checker.agree(1, Double.NaN, 1e300, 1));
        assertTrue(Checker.agree(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0));
        assertFalse(Checker.agree(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e300, 1));
        assertFalse(Checker.agree(1e308, Double.POSITIVE_INFINITY, 1e300, 1));
    }

    @Test
    void fieldScaledAtolJudgesEachElementOnItsFieldsScale() {
        Map<String, Object> exp = result("zhat1", vec(100, 1e-9), "loss", 0.25);
        // 1e-9 off by 5e-9: far beyond its own relative tolerance, well inside 1e-10·100.
        Checker.Report ok = Checker.compare(exp, result("zhat1", vec(100, 6e-9), "loss", 0.25 + 5e-11),
                Tolerance.fieldScaled(1e-10));
        assertTrue(ok.pass(), ok.format());
        assertEquals(1e-8, ok.fields().get(0).atol(), 1e-20);
        assertEquals(1e-10, ok.fields().get(1).atol(), 1e-24, "a scalar's scale is at least 1");
        Checker.Report bad = Checker.compare(exp, result("zhat1", vec(100, 2e-8), "loss", 0.25),
                Tolerance.fieldScaled(1e-10));
        assertFalse(bad.pass());
        assertEquals(List.of("zhat1"), bad.failed());
        String text = bad.format();
        assertTrue(text.contains("at [1]: expected 1.0E-9, actual 2.0E-8"), text);
        assertTrue(text.contains("FAIL: 1 of 2 fields disagree: zhat1"), text);
    }

    @Test
    void missingMalformedAndMisshapenFieldsFail() {
        Map<String, Object> exp = result("zhat1", vec(1, 2), "loss", 1.0, "align", 0.5, "beta", 0.1);
        Map<String, Object> act = result("zhat1", vec(1, 2, 3), "loss", "one", "beta", 0.1, "extra", 1.0);
        Checker.Report r = Checker.compare(exp, act, Tolerance.fieldScaled(1e-10));
        assertEquals(List.of("zhat1", "loss", "align"), r.failed());
        String text = r.format();
        assertTrue(text.contains("shape [3] but [2] expected"), text);
        assertTrue(text.contains("absent from the actual result"), text);
        assertTrue(text.contains("not compared (absent from the expected result): extra"), text);
    }

    @Test
    void nonFiniteValuesCompareAsTheFormatSays() {
        Map<String, Object> exp = result("eig_in1", NumericArray.json(new double[] {Double.NaN, Double.POSITIVE_INFINITY}));
        assertTrue(Checker.compare(exp, Json.parse(Json.write(exp)) instanceof Map<?, ?> m ? m : null,
                Tolerance.fieldScaled(1e-10)).pass());
        Map<String, Object> act = result("eig_in1", vec(0, 1));
        Checker.Report r = Checker.compare(exp, act, Tolerance.fieldScaled(1e-10));
        assertFalse(r.pass());
        assertEquals(Double.POSITIVE_INFINITY, r.fields().get(0).maxAbs());
    }

    @Test
    void anErrorAnswerFailsEveryFieldAndTermsAreFlattened() {
        Map<String, Object> exp = result("loss", 1.0, "terms", Map.of("invariance", 0.5));
        Checker.Report err = Checker.compare(exp, Map.of("error", "not implemented"), Tolerance.fieldScaled(1e-10));
        assertEquals(List.of("loss", "terms.invariance"), err.failed());
        assertTrue(err.format().contains("not implemented"));
        Checker.Report ok = Checker.compare(exp, result("loss", 1.0, "terms", Map.of("invariance", 0.5)),
                Tolerance.fieldScaled(1e-10));
        assertTrue(ok.pass(), ok.format());
    }

    @Test
    void uniformAndManifestTolerances() {
        Map<String, Object> exp = result("loss", 1.0, "align", 2.0);
        Map<String, Object> act = result("loss", 1.001, "align", 2.0);
        assertFalse(Checker.compare(exp, act, Tolerance.fieldScaled(1e-10)).pass());
        assertTrue(Checker.compare(exp, act, Tolerance.uniform(0, 0.0011)).pass());
        Tolerance manifest = Tolerance.fromJson(Json.parse("{\"rtol\": 1e-10, \"atol\": {\"loss\": 0.01}}"));
        assertTrue(Checker.compare(exp, act, manifest).pass());
    }
}
