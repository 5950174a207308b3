package org.spectralssl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spectralssl.linalg.InvalidInputException;

/** What each layer computes, known answers, precision parity and misuse. */
class LayerTest {
    static final Precision D = Precision.FLOAT64;

    @Test
    void linearKnownAnswer() {
        Linear l = new Linear(2, 3, true, D, new SplittableRandom(1));
        double[] w = {1, 2, 3, 4, 5, 6}; // i×o
        double[] b = {0.5, -1, 2};
        for (int k = 0; k < 6; k++) {
            l.parameters().get(0).value().set(k, w[k]);
        }
        for (int k = 0; k < 3; k++) {
            l.parameters().get(1).value().set(k, b[k]);
        }
        Tensor y = l.forward(Tensor.of(new double[] {1, -1}, 1, 2), Mode.TRAIN).output();
        // [1, −1]·[[1, 2, 3], [4, 5, 6]] + b = [−3, −3, −3] + b
        assertArrayEquals(new double[] {-2.5, -4, -1}, y.toDoubles());
    }

    @Test
    void initialWeightsAreWithinPytorchsBound() {
        Linear l = new Linear(100, 50, true, D, new SplittableRandom(2));
        double bound = 1 / Math.sqrt(100);
        double max = 0;
        for (Parameter p : l.parameters()) {
            for (double v : p.value().toDoubles()) {
                max = Math.max(max, Math.abs(v));
            }
        }
        assertTrue(max <= bound && max > 0.95 * bound, "max |w| " + max + " vs bound " + bound);
    }

    @Test
    void batchNormTrainingStandardisesAndUpdatesRunningStatistics() {
        BatchNorm bn = new BatchNorm(2, D);
        double[] x = {1, 10, 2, 20, 3, 30, 6, 40}; // 4 samples × 2 channels
        Tensor y = bn.forward(Tensor.of(x, 4, 2), Mode.TRAIN).output();
        double mean0 = 3, var0 = (4 + 1 + 0 + 9) / 4.0; // biased
        assertEquals((1 - mean0) / Math.sqrt(var0 + BatchNorm.EPS), y.get(0, 0), 1e-12);
        double s = 0, sq = 0;
        for (int r = 0; r < 4; r++) {
            s += y.get(r, 1);
            sq += y.get(r, 1) * y.get(r, 1);
        }
        assertEquals(0, s / 4, 1e-12);
        assertEquals(1, sq / 4, 1e-5, "variance 1 up to ε");
        List<Buffer> buf = bn.buffers();
        assertEquals("running_mean", buf.get(0).name());
        assertEquals(0.9 * 0 + 0.1 * mean0, buf.get(0).value().get(0), 1e-12);
        assertEquals(0.9 * 1 + 0.1 * var0 * 4 / 3, buf.get(1).value().get(0), 1e-12, "unbiased in the running variance");
        Tensor e = bn.forward(Tensor.of(new double[] {3, 25}, 1, 2), Mode.EVAL).output();
        double rm = 0.1 * mean0;
        double rv = 0.9 + 0.1 * var0 * 4 / 3;
        assertEquals((3 - rm) / Math.sqrt(rv + BatchNorm.EPS), e.get(0), 1e-12);
        assertEquals(0.1 * mean0, buf.get(0).value().get(0), 1e-12, "evaluation changes nothing");
    }

    @Test
    void batchNormRefusesOneValuePerChannelInTraining() {
        BatchNorm bn = new BatchNorm(3, D);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> bn.forward(Tensor.zeros(D, 1, 3), Mode.TRAIN));
        assertEquals("BatchNorm(3): training needs more than one value per channel (batch of 1 with 1 values per "
                + "channel); use a larger batch or evaluation mode", e.getMessage());
        bn.forward(Tensor.zeros(D, 1, 3), Mode.EVAL);
        bn.forward(Tensor.zeros(D, 1, 3, 2, 1), Mode.TRAIN); // 2 values per channel from one image
    }

    /** Conv2d against the definition y[o,y,x] = b_o + Σ_{c,u,v} W[o,c,u,v]·x[c, y·s−q+u, x·s−q+v]. */
    @Test
    void convolutionMatchesTheDirectSum() {
        for (Precision p : Precision.values()) {
            SplittableRandom rnd = new SplittableRandom(3);
            int c = 2, co = 3, k = 3, s = 2, q = 1, h = 7, w = 6;
            Conv2d conv = new Conv2d(c, co, k, s, q, true, p, rnd);
            Tensor x = GradCheck.random(p, rnd, 2, c, h, w);
            Tensor y = conv.forward(x, Mode.TRAIN).output();
            int[] o = conv.outputShape(c, h, w);
            assertArrayEquals(new int[] {3, 4, 3}, o);
            Tensor wt = conv.parameters().get(0).value();
            Tensor b = conv.parameters().get(1).value();
            double tol = p == Precision.FLOAT32 ? 1e-5 : 1e-13;
            for (int r = 0; r < 2; r++) {
                for (int oc = 0; oc < co; oc++) {
                    for (int yy = 0; yy < o[1]; yy++) {
                        for (int xx = 0; xx < o[2]; xx++) {
                            double sum = b.get(oc);
                            for (int ch = 0; ch < c; ch++) {
                                for (int u = 0; u < k; u++) {
                                    for (int v = 0; v < k; v++) {
                                        int iy = yy * s - q + u, ix = xx * s - q + v;
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            sum += wt.get(oc, (ch * k + u) * k + v) * x.get(r, (ch * h + iy) * w + ix);
                                        }
                                    }
                                }
                            }
                            assertEquals(sum, y.get(r, (oc * o[1] + yy) * o[2] + xx), tol, p + " " + r + "," + oc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void poolingKnownAnswers() {
        double[] img = {1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 7, 7, 9, 0, 7, 6}; // 1×4×4
        Tensor x = Tensor.of(img, 1, 1, 4, 4);
        assertArrayEquals(new double[] {5, 8, 9, 7}, Pool2d.max(2).forward(x, Mode.TRAIN).output().toDoubles());
        assertArrayEquals(new double[] {13 / 4.0, 11 / 4.0, 9 / 4.0, 27 / 4.0},
                Pool2d.average(2).forward(x, Mode.TRAIN).output().toDoubles());
        Pass p = Pool2d.max(2).forward(x, Mode.TRAIN);
        Tensor dx = p.backward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2));
        // the gradient goes to the first maximum of each window: 5 at (0,1), 8 at (1,2), 9 at (3,0), 7 at (2,2)
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 4, 0, 3, 0, 0, 0}, dx.toDoubles());
    }

    /** The float training path agrees with the double checking path to float accuracy. */
    @Test
    void floatAndDoubleNetworksAgree() {
        Sequential[] nets = new Sequential[2];
        Tensor[] outs = new Tensor[2];
        Tensor[] dxs = new Tensor[2];
        SplittableRandom data = new SplittableRandom(9);
        Tensor x = GradCheck.random(D, data, 16, 20);
        Tensor g = GradCheck.random(D, data, 16, 6);
        for (Precision p : Precision.values()) {
            int i = p.ordinal();
            SplittableRandom rnd = new SplittableRandom(4);
            nets[i] = new Sequential(Encoders.mlp(20, new int[] {32, 24}, p, rnd), Encoders.projector(24, 32, 6, p, rnd));
            Pass pass = nets[i].forward(x.to(p), Mode.TRAIN);
            outs[i] = pass.output();
            dxs[i] = pass.backward(g.to(p));
        }
        assertClose(outs[1], outs[0], 1e-4, "outputs");
        assertClose(dxs[1], dxs[0], 1e-4, "input gradients");
        List<Parameter> pf = nets[0].parameters();
        List<Parameter> pd = nets[1].parameters();
        for (int k = 0; k < pf.size(); k++) {
            assertEquals(pd.get(k).name(), pf.get(k).name());
            assertClose(pd.get(k).grad(), pf.get(k).grad(), 1e-4, pf.get(k).name());
        }
    }

    /** max |a − b| ≤ tol · max |a|. */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        double scale = 0, err = 0;
        for (int k = 0; k < expected.size(); k++) {
            scale = Math.max(scale, Math.abs(expected.get(k)));
            err = Math.max(err, Math.abs(expected.get(k) - actual.get(k)));
        }
        assertTrue(err <= tol * scale, what + ": max error " + err + " against scale " + scale);
    }

    @Test
    void twoOpenPassesAccumulateTheirGradients() {
        SplittableRandom rnd = new SplittableRandom(5);
        Sequential net = Encoders.projector(4, 6, 3, D, rnd);
        Tensor x1 = GradCheck.random(D, rnd, 5, 4);
        Tensor x2 = GradCheck.random(D, rnd, 5, 4);
        Tensor g1 = GradCheck.random(D, rnd, 5, 3);
        Tensor g2 = GradCheck.random(D, rnd, 5, 3);
        net.zeroGrad();
        net.forward(x1, Mode.TRAIN).backward(g1);
        Tensor only1 = net.parameters().get(0).grad().copy();
        net.zeroGrad();
        net.forward(x2, Mode.TRAIN).backward(g2);
        Tensor only2 = net.parameters().get(0).grad().copy();
        net.zeroGrad();
        Pass p1 = net.forward(x1, Mode.TRAIN);
        Pass p2 = net.forward(x2, Mode.TRAIN);
        assertNull(p2.backward(g2, false), "no input gradient when not asked");
        p1.backward(g1, false);
        Tensor both = net.parameters().get(0).grad();
        for (int k = 0; k < both.size(); k++) {
            assertEquals(only1.get(k) + only2.get(k), both.get(k), 1e-12);
        }
    }

    @Test
    void misuseGivesOneLineErrors() {
        SplittableRandom rnd = new SplittableRandom(6);
        Linear l = new Linear(3, 2, true, D, rnd);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> l.forward(Tensor.zeros(D, 4, 5), Mode.TRAIN));
        assertEquals("Linear(3→2): input has shape [4, 5] but [m, 3] is required", e.getMessage());
        InvalidInputException f = assertThrows(InvalidInputException.class,
                () -> l.forward(Tensor.zeros(Precision.FLOAT32, 4, 3), Mode.TRAIN));
        assertEquals("Linear(3→2): input is FLOAT32 but the layer is FLOAT64", f.getMessage());
        Pass p = l.forward(Tensor.zeros(D, 4, 3), Mode.TRAIN);
        InvalidInputException g = assertThrows(InvalidInputException.class, () -> p.backward(Tensor.zeros(D, 4, 3)));
        assertEquals("Linear(3→2): output gradient has shape [4, 3] (FLOAT64) but the output has [4, 2] (FLOAT64)",
                g.getMessage());
        p.backward(Tensor.zeros(D, 4, 2));
        assertThrows(IllegalStateException.class, () -> p.backward(Tensor.zeros(D, 4, 2)));
        InvalidInputException h = assertThrows(InvalidInputException.class,
                () -> Encoders.cnn(D, rnd).forward(Tensor.zeros(D, 2, 784), Mode.TRAIN));
        assertEquals("Conv2d(1→32, 3×3, s1, q1, no bias) takes samples [1, H, W], not [784]", h.getMessage());
    }

    @Test
    void networksNameTheirParametersAndShapes() {
        SplittableRandom rnd = new SplittableRandom(7);
        Sequential proj = Encoders.projector(8, 16, 4, Precision.FLOAT32, rnd);
        List<String> names = proj.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("0.weight", "1.gamma", "1.beta", "3.weight", "4.gamma", "4.beta", "6.weight", "6.bias"),
                names);
        assertEquals(List.of(Parameter.Kind.WEIGHT, Parameter.Kind.NORM_SCALE, Parameter.Kind.NORM_SHIFT,
                Parameter.Kind.WEIGHT, Parameter.Kind.NORM_SCALE, Parameter.Kind.NORM_SHIFT, Parameter.Kind.WEIGHT,
                Parameter.Kind.BIAS), proj.parameters().stream().map(Parameter::kind).toList());
        assertEquals(4, proj.buffers().size());
        assertArrayEquals(new int[] {4}, proj.outputShape(8));
        assertArrayEquals(new int[] {128}, Encoders.cnn(Precision.FLOAT32, rnd).outputShape(1, 28, 28));
        assertEquals(8L * 16 + 2 * 16 + 16L * 16 + 2 * 16 + 16L * 4 + 4, proj.parameterCount());
    }
}
