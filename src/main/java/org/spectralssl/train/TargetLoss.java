package org.spectralssl.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.AlignmentLoss;
import org.spectralssl.loss.LossResult;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;

/**
 * The INTL loss with a target view (METHOD.md §4, the EMA variant): view 0 is the output of the
 * EMA target network and is a constant; views 1..V−1 come from the online network.
 *
 * <pre>
 *   L = 1/(V−1) · Σ_{v≥1} [ L_align(Ẑ_v, Ẑ_0) + β·TL(Ẑ_v) ]
 * </pre>
 *
 * with every view whitened by the same whitener (IterNorm), Ẑ_0 included. The trace loss acts on
 * the online views only and dL/dZ_0 is zero (the target gets no gradient; it moves by EMA). Each
 * view's whitening runs on its own thread when {@code threads > 1}; the arithmetic does not depend
 * on the number of threads.
 */
final class TargetLoss {
    private TargetLoss() {}

    static WhiteningLoss.Result compute(List<DMatrixRMaj> views, Whitener whitener, double beta, int threads) {
        int nViews = views.size();
        if (nViews < 2) {
            throw new InvalidInputException("a target loss needs the target view and at least one online view, got "
                    + nViews + " views");
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new InvalidInputException("beta must be a finite number >= 0, got " + beta);
        }
        int m = views.get(0).numRows;
        int d = views.get(0).numCols;
        for (int v = 1; v < nViews; v++) {
            if (views.get(v).numRows != m || views.get(v).numCols != d) {
                throw new InvalidInputException("view " + v + " has another shape than view 0");
            }
        }
        Whitening[] out = new Whitening[nViews];
        List<Runnable> fwd = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            int vv = v;
            fwd.add(() -> out[vv] = whitener.forward(views.get(vv)));
        }
        Features.Parallel.run(fwd, threads);
        double scale = 1.0 / (nViews - 1);
        List<DMatrixRMaj> gradOut = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            gradOut.add(new DMatrixRMaj(m, d));
        }
        double align = 0;
        double traceSum = 0;
        Map<String, Double> traces = new LinkedHashMap<>();
        for (int v = 1; v < nViews; v++) {
            LossResult a = AlignmentLoss.compute(out[v].output(), out[0].output());
            align += a.value();
            Mat.addInPlace(gradOut.get(v), scale, a.gradient(0));
            LossResult t = TraceLoss.compute(out[v].output(), whitener.mode(), whitener.divisor());
            traces.put("trace" + v, t.value());
            traceSum += t.value();
            if (beta != 0) {
                Mat.addInPlace(gradOut.get(v), beta * scale, t.gradient(0));
            }
        }
        align *= scale;
        double loss = align + beta * scale * traceSum;
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("align", align);
        terms.putAll(traces);
        terms.put("beta", beta);
        DMatrixRMaj[] grads = new DMatrixRMaj[nViews];
        grads[0] = new DMatrixRMaj(m, d);
        List<Runnable> bwd = new ArrayList<>();
        for (int v = 1; v < nViews; v++) {
            int vv = v;
            bwd.add(() -> grads[vv] = out[vv].backward(gradOut.get(vv)));
        }
        Features.Parallel.run(bwd, threads);
        return new WhiteningLoss.Result(new LossResult(loss, terms, List.of(grads)), List.of(out), beta);
    }
}
