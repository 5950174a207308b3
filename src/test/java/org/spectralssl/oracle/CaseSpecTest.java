package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.spectral.Divisor;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.Stabilisation;
import org.spectralssl.spectral.WhiteningMode;

class CaseSpecTest {
    private final DMatrixRMaj z1 = Cases.gaussian(6, 4, 1);
    private final DMatrixRMaj z2 = Cases.gaussian(6, 4, 2);

    @Test
    void defaultsAreTheCoreDefaults() {
        CaseSpec intl = Cases.parse(Cases.json("intl", z1, z2));
        assertEquals(IntlLoss.Params.DEFAULTS.mode(), intl.mode());
        assertEquals(WhiteningMode.SAMPLES, intl.mode(), "the official code's default");
        assertEquals(Divisor.UNBIASED, intl.divisor());
        assertEquals(new CaseSpec.IterParams(IterNorm.DEFAULT_ITERATIONS, OptionalDouble.empty()), intl.params());
        CaseSpec st = Cases.parse(Cases.json("st", z1, z2));
        assertEquals(CaseSpec.StParams.DEFAULTS, st.params());
        assertEquals(Stabilisation.DEFAULT, ((CaseSpec.StParams) st.params()).stabilisation());
        assertEquals(0.5, ((CaseSpec.StParams) st.params()).coefficient());
        assertEquals(WhiteningMode.FEATURES, Cases.parse(Cases.json("wmse", z1, z2)).mode(), "W-MSE's own default");
        assertEquals(new CaseSpec.BarlowTwinsParams(org.spectralssl.loss.BarlowTwinsLoss.Params.DEFAULTS),
                Cases.parse(Cases.json("barlow_twins", z1, z2)).params());
        assertEquals(new CaseSpec.VicregParams(org.spectralssl.loss.VicregLoss.Params.DEFAULTS),
                Cases.parse(Cases.json("vicreg", z1, z2)).params());
        CaseSpec align = Cases.parse(Cases.json("alignment", z1, z2));
        assertNull(align.mode());
        assertNull(align.divisor());
    }

    @Test
    void paramsAreRead() {
        CaseSpec st = Cases.parse(Cases.json("st", z1, z2, "mode", "features", "divisor", "biased", "params",
                Cases.params("g", "exp", "a", -0.5, "eps", 1e-3, "floor_ulps", 0.0, "beta", 0.1)));
        assertEquals(WhiteningMode.FEATURES, st.mode());
        assertEquals(Divisor.BIASED, st.divisor());
        assertEquals(new CaseSpec.StParams(CaseSpec.Family.EXP, -0.5, new Stabilisation(1e-3, 0), 0.1), st.params());
        CaseSpec it = Cases.parse(Cases.json("iternorm", z1, z2, "params", Cases.params("T", 8, "beta", 0.02)));
        assertEquals(new CaseSpec.IterParams(8, OptionalDouble.of(0.02)), it.params());
    }

    @Test
    void toJsonReadsBackToTheSameCase() {
        for (Map<String, Object> json : List.of(Cases.json("intl", z1, z2, "id", "x", "params", Cases.params("T", 2)),
                Cases.json("st", z1, z2, "mode", "features", "params", Cases.params("g", "exp", "a", 2.0)),
                Cases.json("trace_loss", z1, null, "divisor", "biased"), Cases.json("alignment", z1, z2))) {
            CaseSpec c = Cases.parse(json);
            CaseSpec back = CaseSpec.fromJson(Json.parse(Json.write(c.toJson())));
            assertEquals(Json.write(c.toJson()), Json.write(back.toJson()));
            assertEquals(CaseSpec.FORMAT, c.toJson().get("format"));
        }
    }

    /** The bad cases of the issue, and more: each gives one line that names what is wrong. */
    @Test
    void badCasesGiveOneLineErrors() {
        DMatrixRMaj other = Cases.gaussian(6, 5, 3);
        assertBad(Cases.json("whiten", z1, z2), "unknown op 'whiten'");
        assertBad(Cases.json("intl", z1, null), "no z2");
        assertBad(Cases.json("intl", z1, other), "same shape");
        assertBad(Cases.json("trace_loss", z1, z2), "takes one view");
        assertBad(Cases.json("intl", z1, z2, "params", Cases.params("p", 0.5)), "unknown param 'p'");
        assertBad(Cases.json("alignment", z1, z2, "params", Cases.params("T", 1)), "takes no params");
        assertBad(Cases.json("alignment", z1, z2, "divisor", "biased"), "divisor does not apply");
        assertBad(Cases.json("vicreg", z1, z2, "mode", "features"), "mode does not apply");
        assertBad(Cases.json("vicreg", z1, z2, "params", Cases.params("lambda", 1.0)), "unknown param 'lambda'");
        assertBad(Cases.json("wmse", z1, z2, "params", Cases.params("eps", 2.0)), "eps");
        assertBad(Cases.json("barlow_twins", z1, z2, "params", Cases.params("lambda", -1.0)), "lambda");
        assertBad(Cases.json("intl", z1, z2, "mode", "rows"), "unknown whitening mode 'rows'");
        assertBad(Cases.json("intl", z1, z2, "divisor", "n"), "unknown divisor 'n'");
        assertBad(Cases.json("intl", z1, z2, "params", Cases.params("T", 2.5)), "whole number");
        assertBad(Cases.json("intl", z1, z2, "params", Cases.params("T", -1)), "whole number");
        assertBad(Cases.json("intl", z1, z2, "params", Cases.params("beta", -0.1)), "beta");
        assertBad(Cases.json("intl", z1, z2, "params", Cases.params("beta", "0.1")), "beta must be a finite number");
        assertBad(Cases.json("st", z1, z2, "params", Cases.params("g", "log")), "unknown params.g");
        assertBad(Cases.json("st", z1, z2, "params", Cases.params("g", "exp")), "needs params.a");
        assertBad(Cases.json("st", z1, z2, "params", Cases.params("g", "exp", "p", 1.0)), "params.p is for g = power");
        assertBad(Cases.json("st", z1, z2, "params", Cases.params("a", 1.0)), "params.a is for g = exp");
        assertBad(Cases.json("st", z1, z2, "params", Cases.params("eps", -1.0)), "params.eps");
        assertBad(Cases.json("intl", z1, z2, "format", "spectral-ssl-case/2"), "format");
        assertBad(Cases.json("intl", z1, z2, "z3", 1.0), "unknown case field 'z3'");
        assertBad(Cases.json("intl", z1, z2, "id", 7.0), "id must be a string");
        Map<String, Object> noOp = Cases.json("intl", z1, z2);
        noOp.remove("op");
        assertBad(noOp, "no 'op'");
        Map<String, Object> noZ1 = Cases.json("intl", z1, z2);
        noZ1.remove("z1");
        assertBad(noZ1, "no z1");
        assertBadText("[1, 2]", "must be a JSON object");
        assertBadText("{\"op\": \"intl\", \"z1\": {\"shape\": [1, 2], \"data\": [1, \"NaN\"]}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "non-finite value NaN at [0, 1]");
        assertBadText("{\"op\": \"intl\", \"z1\": {\"shape\": [1, 2], \"data\": [1, \"Infinity\"]}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "non-finite value Infinity at [0, 1]");
        assertBadText("{\"op\": \"alignment\", \"z1\": {\"shape\": [1, 2], \"data\": [1, 2, 3]}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "needs 2");
        assertBadText("{\"op\": \"alignment\", \"z1\": {\"shape\": [2], \"data\": [1, 2]}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "must be a matrix");
        assertBadText("{\"op\": \"alignment\", \"z1\": {\"shape\": [0, 2], \"data\": []}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "empty");
        assertBadText("{\"op\": \"alignment\", \"z1\": {\"shape\": [1, 2], \"data\": [1, true]}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "z1.data[1] must be a number");
        assertBadText("{\"op\": \"alignment\", \"z1\": {\"shape\": [1.5, 2], \"data\": [1, 2]}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "shape[0] must be a whole number");
        assertBadText("{\"op\": \"alignment\", \"z1\": [[1, 2]], \"z2\": [[1, 2]]}", "z1 must be a number or");
        assertBadText("{\"op\": \"alignment\", \"z1\": {\"shape\": [1, 2], \"data\": [1, 2], \"dtype\": \"f4\"}, "
                + "\"z2\": {\"shape\": [1, 2], \"data\": [1, 2]}}", "unknown field 'dtype'");
    }

    private static void assertBad(Map<String, Object> json, String expected) {
        assertBadText(Json.write(json), expected);
    }

    private static void assertBadText(String text, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseSpec.parse(text), text);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
