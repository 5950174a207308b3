package org.spectralssl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spectral.Centering;
import org.spectralssl.spectral.WhiteningMode;
import org.spectralssl.testing.FiniteDifference;

/**
 * The result fields mean what FORMAT.md §3 says they mean: each is checked against its
 * definition, using other fields or other ops of the same oracle, never a copy of the maths.
 */
class EvaluatorTest {
    private static final List<String> WHITENING_FIELDS = List.of("format", "op", "zhat1", "zhat2", "transform1",
            "cov_in1", "eig_in1", "cov_out1", "eig_out1", "trace_loss1", "trace_loss2", "align", "beta", "loss",
            "grad_z1", "grad_z2");

    /** Samples mode needs d − 1 ≥ m for a full-rank Gram matrix; features mode m − 1 ≥ d. */
    private static int[] fullRankShape(WhiteningMode mode) {
        return mode == WhiteningMode.FEATURES ? new int[] {12, 5} : new int[] {5, 12};
    }

    private static Map<String, Object> eval(Map<String, Object> json) {
        return Evaluator.evaluate(Cases.parse(json));
    }

    static NumericArray field(Map<String, Object> r, String name) {
        return NumericArray.fromJson(name, r.get(name));
    }

    static DMatrixRMaj matrix(Map<String, Object> r, String name) {
        NumericArray a = field(r, name);
        return new DMatrixRMaj(a.shape()[0], a.shape()[1], true, a.data());
    }

    static double scalar(Map<String, Object> r, String name) {
        return (Double) r.get(name);
    }

    private static void assertClose(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double rel, String what) {
        assertEquals(expected.numRows, actual.numRows, what);
        assertEquals(expected.numCols, actual.numCols, what);
        double scale = Math.max(1e-300, Mat.maxAbs(expected));
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertTrue(Math.abs(expected.data[i] - actual.data[i]) <= rel * scale,
                    what + " at " + i + ": expected " + expected.data[i] + ", got " + actual.data[i]);
        }
    }

    private static List<Map<String, Object>> whiteningCases(WhiteningMode mode, long seed) {
        int[] s = fullRankShape(mode);
        DMatrixRMaj z1 = Cases.gaussian(s[0], s[1], seed);
        DMatrixRMaj z2 = Cases.gaussian(s[0], s[1], seed + 1);
        return List.of(
                Cases.json("st", z1, z2, "mode", mode.id()),
                Cases.json("st", z1, z2, "mode", mode.id(), "params", Cases.params("p", 0.25, "beta", 0.1)),
                Cases.json("st", z1, z2, "mode", mode.id(), "divisor", "biased",
                        "params", Cases.params("g", "exp", "a", -0.3, "eps", 0.01)),
                Cases.json("iternorm", z1, z2, "mode", mode.id(), "params", Cases.params("T", 2)),
                Cases.json("intl", z1, z2, "mode", mode.id(), "params", Cases.params("T", 4, "beta", 0.05)),
                Cases.json("intl", z1, z2, "mode", mode.id(), "divisor", "biased",
                        "params", Cases.params("T", 0, "beta", 0.3)));
    }

    @Test
    void whiteningFieldsMeanWhatTheFormatSays() {
        for (WhiteningMode mode : WhiteningMode.values()) {
            for (Map<String, Object> json : whiteningCases(mode, 11)) {
                String what = json.get("op") + " " + json.get("params") + " " + mode;
                Map<String, Object> r = eval(json);
                List<String> keys = new java.util.ArrayList<>(r.keySet());
                keys.remove("notes"); // present when a stabiliser acted (here: the ridge)
                assertEquals(WHITENING_FIELDS, keys, what);
                DMatrixRMaj z1 = Cases.parse(json).z1();
                // zhat1 = transform1 · X_c in the variables frame.
                DMatrixRMaj xc = Centering.forward(mode.toVariables(z1));
                assertClose(mode.fromVariables(Mat.mult(matrix(r, "transform1"), xc)), matrix(r, "zhat1"), 1e-12,
                        what + " zhat1 = transform1·X_c");
                // cov_in1 is X_c X_cᵀ/q; its eigenvalues are eig_in1, ascending.
                double q = "biased".equals(json.get("divisor")) ? xc.numCols : xc.numCols - 1;
                assertClose(Mat.scale(1 / q, Mat.multTransB(xc, xc)), matrix(r, "cov_in1"), 1e-13, what + " cov_in1");
                assertAscendingEigenvalues(matrix(r, "cov_in1"), field(r, "eig_in1").data(), what + " eig_in1");
                assertAscendingEigenvalues(matrix(r, "cov_out1"), field(r, "eig_out1").data(), what + " eig_out1");
                // loss = align + β (TL1 + TL2); align and TL are the alignment and trace_loss ops of the outputs.
                double beta = scalar(r, "beta");
                assertClose(scalar(r, "align") + beta * (scalar(r, "trace_loss1") + scalar(r, "trace_loss2")),
                        scalar(r, "loss"), 1e-14, what + " loss");
                Map<String, Object> tl = eval(Cases.json("trace_loss", matrix(r, "zhat1"), null, "mode", mode.id(),
                        "divisor", json.getOrDefault("divisor", "unbiased")));
                assertClose(scalar(r, "trace_loss1"), scalar(tl, "loss"), 1e-14, what + " trace_loss1");
                assertClose(matrix(r, "cov_out1"), matrix(tl, "cov_out1"), 1e-14, what + " cov_out1");
                Map<String, Object> al = eval(Cases.json("alignment", matrix(r, "zhat1"), matrix(r, "zhat2")));
                assertClose(scalar(r, "align"), scalar(al, "loss"), 1e-14, what + " align");
            }
        }
    }

    private static void assertAscendingEigenvalues(DMatrixRMaj cov, double[] eig, String what) {
        double[] ref = Mat.eigSymmetric(cov).values();
        double scale = Math.abs(ref[ref.length - 1]);
        for (int i = 0; i < eig.length; i++) {
            assertTrue(Math.abs(ref[i] - eig[i]) <= 1e-12 * scale, what + " [" + i + "]");
            if (i > 0) {
                assertTrue(eig[i - 1] <= eig[i], what + " not ascending at " + i);
            }
        }
    }

    /** grad_z1 and grad_z2 are the gradients of the loss field, for every op (central differences). */
    @Test
    void gradientsAreGradientsOfTheLoss() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (WhiteningMode mode : WhiteningMode.values()) {
            int[] s = fullRankShape(mode);
            List<Map<String, Object>> all = new java.util.ArrayList<>(whiteningCases(mode, 21));
            all.add(Cases.json("trace_loss", Cases.gaussian(s[0], s[1], 3), null, "mode", mode.id()));
            all.add(Cases.json("alignment", Cases.gaussian(s[0], s[1], 4), Cases.gaussian(s[0], s[1], 5)));
            all.add(Cases.json("wmse", Cases.gaussian(s[0], s[1], 6), Cases.gaussian(s[0], s[1], 7), "mode", mode.id()));
            all.add(Cases.json("wmse", Cases.gaussian(s[0], s[1], 6), Cases.gaussian(s[0], s[1], 7), "mode", mode.id(),
                    "divisor", "biased", "params", Cases.params("eps", 0.1)));
            all.add(Cases.json("barlow_twins", Cases.gaussian(s[0], s[1], 8), Cases.gaussian(s[0], s[1], 9)));
            all.add(Cases.json("vicreg", Cases.gaussian(s[0], s[1], 10), Cases.gaussian(s[0], s[1], 11),
                    "params", Cases.params("std_eps", 0.01, "cov_coeff", 2.0)));
            for (Map<String, Object> json : all) {
                CaseSpec c = Cases.parse(json);
                Map<String, Object> r = Evaluator.evaluate(c);
                boolean two = c.z2() != null;
                List<DMatrixRMaj> x = two ? List.of(c.z1(), c.z2()) : List.of(c.z1());
                List<DMatrixRMaj> g = two ? List.of(matrix(r, "grad_z1"), matrix(r, "grad_z2"))
                        : List.of(matrix(r, "grad_z1"));
                FiniteDifference.Check check = FiniteDifference.directional(v -> scalar(Evaluator.evaluate(
                        new CaseSpec(null, c.op(), c.mode(), c.divisor(), c.params(), v.get(0), two ? v.get(1) : null)),
                        "loss"), x, g, rnd, 1e-4);
                assertTrue(check.relativeError() < 1e-7, json.get("op") + " " + mode + ": " + check);
            }
        }
    }

    @Test
    void defaultBetaIsZeroForStAndIterNormAndTheRuleForIntl() {
        DMatrixRMaj z1 = Cases.gaussian(16, 40, 1);
        DMatrixRMaj z2 = Cases.gaussian(16, 40, 2);
        assertEquals(0.0, scalar(eval(Cases.json("st", z1, z2)), "beta"));
        Map<String, Object> it = eval(Cases.json("iternorm", z1, z2));
        assertEquals(0.0, scalar(it, "beta"));
        assertEquals(scalar(it, "align"), scalar(it, "loss"));
        // n = m = 16 in samples mode: β = 0.01·(log2 16 − 3) = 0.01.
        Map<String, Object> intl = eval(Cases.json("intl", z1, z2));
        assertClose(0.01 * (4 - 3), scalar(intl, "beta"), 1e-15, "β rule at n = 16");
        // iternorm with the rule's β is intl.
        Map<String, Object> same = eval(Cases.json("iternorm", z1, z2, "params", Cases.params("beta", 0.01)));
        assertEquals(Json.write(withoutOp(intl)), Json.write(withoutOp(same)));
        // features mode: n = d = 40.
        Map<String, Object> f = eval(Cases.json("intl", Cases.gaussian(64, 40, 3), Cases.gaussian(64, 40, 4),
                "mode", "features"));
        assertClose(0.01 * (Math.log(40) / Math.log(2) - 3), scalar(f, "beta"), 1e-15, "β rule at n = 40");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> eval(Cases.json("intl", Cases.gaussian(8, 20, 1), Cases.gaussian(8, 20, 2))));
        assertTrue(e.getMessage().contains("explicit beta"), e.getMessage());
    }

    private static Map<String, Object> withoutOp(Map<String, Object> r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(r);
        m.remove("op");
        return m;
    }

    /** ST with the default g = λ^(−1/2) on a full-rank batch whitens: cov_out1 = I, eig_out1 = 1. */
    @Test
    void stWhitensByDefault() {
        for (WhiteningMode mode : WhiteningMode.values()) {
            int[] s = fullRankShape(mode);
            Map<String, Object> r = eval(Cases.json("st", Cases.gaussian(s[0], s[1], 8), Cases.gaussian(s[0], s[1], 9),
                    "mode", mode.id()));
            assertClose(Mat.identity(mode.size(s[0], s[1])), matrix(r, "cov_out1"), 1e-12, mode + " cov_out1 = I");
            for (double v : field(r, "eig_out1").data()) {
                assertClose(1, v, 1e-12, mode + " eig_out1");
            }
        }
    }

    @Test
    void oneAndTwoViewLossOpsHaveOnlyTheirFields() {
        DMatrixRMaj z = Cases.gaussian(6, 4, 1);
        assertEquals(List.of("format", "id", "op", "cov_out1", "eig_out1", "trace_loss1", "loss", "grad_z1"),
                List.copyOf(eval(Cases.json("trace_loss", z, null, "id", "t")).keySet()));
        assertEquals(List.of("format", "op", "align", "loss", "grad_z1", "grad_z2"),
                List.copyOf(eval(Cases.json("alignment", z, Cases.gaussian(6, 4, 2))).keySet()));
    }

    @Test
    void baselineFieldsAndWmseWhitens() {
        DMatrixRMaj z1 = Cases.gaussian(12, 5, 1);
        DMatrixRMaj z2 = Cases.gaussian(12, 5, 2);
        Map<String, Object> w = eval(Cases.json("wmse", z1, z2));
        assertEquals(List.of("format", "op", "zhat1", "zhat2", "cov_in1", "eig_in1", "cov_out1", "eig_out1", "align",
                "loss", "grad_z1", "grad_z2"), List.copyOf(w.keySet()));
        assertClose(Mat.identity(5), matrix(w, "cov_out1"), 1e-12, "W-MSE with eps = 0 whitens (features by default)");
        assertEquals(scalar(w, "align"), scalar(w, "loss"));
        Map<String, Object> al = eval(Cases.json("alignment", matrix(w, "zhat1"), matrix(w, "zhat2")));
        assertClose(scalar(al, "loss"), scalar(w, "loss"), 1e-14, "W-MSE loss is the alignment of the whitened views");
        Map<String, Object> bt = eval(Cases.json("barlow_twins", z1, z2));
        assertEquals(List.of("format", "op", "loss", "terms", "grad_z1", "grad_z2"), List.copyOf(bt.keySet()));
        Map<?, ?> t = (Map<?, ?>) bt.get("terms");
        assertClose((Double) t.get("on_diag") + 0.0051 * (Double) t.get("off_diag"), scalar(bt, "loss"), 1e-14,
                "Barlow Twins loss = on_diag + λ off_diag at the default λ");
        Map<String, Object> vr = eval(Cases.json("vicreg", z1, z2));
        Map<?, ?> v = (Map<?, ?>) vr.get("terms");
        assertClose(25 * (Double) v.get("invariance") + 25 * (Double) v.get("variance") + (Double) v.get("covariance"),
                scalar(vr, "loss"), 1e-14, "VICReg loss at the default coefficients");
    }

    /** A constant view: the zero-trace guard returns 0 and says so in notes. */
    @Test
    void constantBatchIsGuardedAndNoted() {
        DMatrixRMaj c = new DMatrixRMaj(6, 4);
        java.util.Arrays.fill(c.data, 3.0);
        for (String op : List.of("st", "iternorm")) {
            Map<String, Object> r = eval(Cases.json(op, c, Cases.gaussian(6, 4, 2), "mode", "features"));
            assertEquals(0.0, Mat.maxAbs(matrix(r, "zhat1")), op);
            assertEquals(0.0, Mat.maxAbs(matrix(r, "grad_z1")), op);
            assertTrue(r.get("notes").toString().contains("view 1: zero-trace guard"), op + " " + r.get("notes"));
        }
    }
}
