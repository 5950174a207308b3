package org.spectralssl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.IntlLossF32;
import org.spectralssl.loss.LossResult;
import org.spectralssl.linalg.ComputeDevice;
import org.spectralssl.linalg.CpuDevice;
import org.spectralssl.nn.Mode;
import org.spectralssl.nn.Pass;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;

/**
 * One training step's forward and backward, without the optimiser: each view through encoder and
 * projector (TRAIN mode, so batch normalisation uses that view's own statistics, as the official
 * code forwards views separately), the objective in double on the projector outputs, and the
 * gradients back into the parameters. The float32 projector output is widened to double for the
 * loss and dL/dZ is rounded back to float32; in FLOAT64 mode nothing is rounded, which is what
 * the finite-difference test of the whole step uses.
 */
public final class Step {
    private Step() {}

    /**
     * Clears the gradients, runs the step and leaves dL/dθ in every parameter's gradient.
     *
     * @param views V batches, each m × (model input shape), in the model's precision. Not modified.
     */
    public static Method.Evaluation run(Model model, List<Tensor> views, Method method, Method.Settings settings) {
        return run(model, views, method, settings, 1);
    }

    /** As {@link #run(Model, List, Method, Method.Settings)}, the loss's views on up to {@code threads} threads. */
    public static Method.Evaluation run(Model model, List<Tensor> views, Method method, Method.Settings settings,
            int threads) {
        return run(model, null, views, method, settings, threads);
    }

    /**
     * As {@link #run(Model, List, Method, Method.Settings, int)}; for a method that
     * {@linkplain Method#usesTarget() uses a target}, view 0 goes through {@code target} (TRAIN mode,
     * no backward) and the other views through {@code model}. A null target means {@code model}
     * itself with its output for view 0 held constant (a stop-gradient).
     */
    public static Method.Evaluation run(Model model, Model target, List<Tensor> views, Method method,
            Method.Settings settings, int threads) {
        return run(model, target, views, method, settings, threads, CpuDevice.INSTANCE);
    }

    /**
     * As {@link #run(Model, Model, List, Method, Method.Settings, int)}, the objective's matrix work on
     * {@code device} (see {@link Method#evaluate(List, Method.Settings, int, ComputeDevice)}); the
     * encoder and projector run on the CPU.
     */
    public static Method.Evaluation run(Model model, Model target, List<Tensor> views, Method method,
            Method.Settings settings, int threads, ComputeDevice device) {
        model.zeroGrad();
        List<Pass> enc = new ArrayList<>();
        List<Pass> proj = new ArrayList<>();
        List<DMatrixRMaj> z = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            Model net = v == 0 && method.usesTarget() && target != null ? target : model;
            Pass e = net.encoder().forward(views.get(v), Mode.TRAIN);
            Pass p = net.projector().forward(e.output(), Mode.TRAIN);
            enc.add(e);
            proj.add(p);
            if (!settings.float32Loss()) {
                z.add(toMatrix(p.output()));
            }
        }
        if (settings.float32Loss()) {
            return float32Loss(model, views.size(), proj, enc, method, settings, device);
        }
        Method.Evaluation ev = method.evaluate(z, settings, threads, device);
        for (int v = method.usesTarget() ? 1 : 0; v < views.size(); v++) {
            Tensor dz = fromMatrix(ev.loss().gradient(v), model.precision());
            Tensor dh = proj.get(v).backward(dz, true);
            enc.get(v).backward(dh, false);
        }
        return ev;
    }

    /**
     * The rest of the step with the loss in float32 ({@link IntlLossF32}: INTL, or IterNorm alone
     * when β is 0), straight on the projector's float outputs: no widening to double and back. The
     * evaluation carries the same terms as the float64 path (align, trace0 … trace(V−1), beta) and
     * the gradients widened to double (exact), but no whitening reports.
     */
    private static Method.Evaluation float32Loss(Model model, int nViews, List<Pass> proj, List<Pass> enc,
            Method method, Method.Settings settings, ComputeDevice device) {
        if (method != Method.INTL && method != Method.ITERNORM) {
            throw new InvalidInputException("loss-precision = float32 applies to intl and iternorm, not " + method.id());
        }
        if (device.kind() != ComputeDevice.Kind.CPU || model.precision() != Precision.FLOAT32) {
            throw new InvalidInputException("loss-precision = float32 needs the float32 network on the CPU");
        }
        int m = proj.get(0).output().rows();
        int d = proj.get(0).output().cols();
        List<float[]> z = new ArrayList<>();
        for (Pass p : proj) {
            z.add(p.output().floats());
        }
        IntlLoss.Params params = IntlLoss.Params.DEFAULTS
                .withMode(settings.mode() != null ? settings.mode() : method.defaultMode())
                .withIterations(settings.iterations());
        if (settings.beta().isPresent()) {
            params = params.withBeta(settings.beta().getAsDouble());
        } else if (method == Method.ITERNORM) {
            params = params.withBeta(0);
        }
        IntlLossF32.Result r = IntlLossF32.compute(z, m, d, params);
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("align", r.align());
        for (int v = 0; v < nViews; v++) {
            terms.put("trace" + v, r.traces()[v]);
        }
        terms.put("beta", r.beta());
        List<DMatrixRMaj> grads = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            float[] g = r.gradients().get(v);
            Tensor dh = proj.get(v).backward(Tensor.of(g, m, d), true);
            enc.get(v).backward(dh, false);
            DMatrixRMaj gd = new DMatrixRMaj(m, d);
            for (int k = 0; k < g.length; k++) {
                gd.data[k] = g[k];
            }
            grads.add(gd);
        }
        return new Method.Evaluation(new LossResult(r.value(), terms, grads), List.of());
    }

    /** An m×d tensor as an m×d double matrix (a copy). */
    static DMatrixRMaj toMatrix(Tensor t) {
        return new DMatrixRMaj(t.rows(), t.cols(), true, t.toDoubles());
    }

    /** An m×d matrix as a tensor of precision p (a copy, rounded for FLOAT32). */
    static Tensor fromMatrix(DMatrixRMaj a, Precision p) {
        if (p == Precision.FLOAT64) {
            return Tensor.of(java.util.Arrays.copyOf(a.data, a.numRows * a.numCols), a.numRows, a.numCols);
        }
        float[] f = new float[a.numRows * a.numCols];
        for (int k = 0; k < f.length; k++) {
            f[k] = (float) a.data[k];
        }
        return Tensor.of(f, a.numRows, a.numCols);
    }
}
