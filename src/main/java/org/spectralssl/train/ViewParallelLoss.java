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
 * {@link WhiteningLoss#compute} with each view's transformation (forward and backward) on its own
 * thread. Why: in the default INTL run the double-precision IterNorm of the two views costs more
 * than half of a step on one core, and the views are independent until the alignment term. The
 * arithmetic is the reference's, operation for operation and in the same order, so the result is
 * bit-identical to {@link WhiteningLoss#compute} (a test checks this); only the scheduling differs.
 */
final class ViewParallelLoss {
    private ViewParallelLoss() {}

    static WhiteningLoss.Result compute(List<DMatrixRMaj> views, Whitener whitener, double beta, int threads) {
        int nViews = views.size();
        if (threads <= 1 || nViews < 2) {
            return WhiteningLoss.compute(views, whitener, beta);
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new InvalidInputException("beta must be a finite number >= 0, got " + beta);
        }
        for (int v = 1; v < nViews; v++) {
            if (views.get(v).numRows != views.get(0).numRows || views.get(v).numCols != views.get(0).numCols) {
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
            gradOut.add(new DMatrixRMaj(views.get(0).numRows, views.get(0).numCols));
        }
        double align = 0;
        for (int v = 1; v < nViews; v++) {
            LossResult a = AlignmentLoss.compute(out[v].output(), out[0].output());
            align += a.value();
            Mat.addInPlace(gradOut.get(v), scale, a.gradient(0));
            Mat.addInPlace(gradOut.get(0), scale, a.gradient(1));
        }
        align *= scale;
        double traceSum = 0;
        List<Double> traces = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            LossResult t = TraceLoss.compute(out[v].output(), whitener.mode(), whitener.divisor());
            traces.add(t.value());
            double weight = v == 0 ? beta : beta * scale;
            traceSum += weight * t.value();
            if (weight != 0) {
                Mat.addInPlace(gradOut.get(v), weight, t.gradient(0));
            }
        }
        double loss = align + traceSum;
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("align", align);
        for (int v = 0; v < nViews; v++) {
            terms.put("trace" + v, traces.get(v));
        }
        terms.put("beta", beta);
        DMatrixRMaj[] grads = new DMatrixRMaj[nViews];
        List<Runnable> bwd = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            int vv = v;
            bwd.add(() -> grads[vv] = out[vv].backward(gradOut.get(vv)));
        }
        Features.Parallel.run(bwd, threads);
        return new WhiteningLoss.Result(new LossResult(loss, terms, List.of(grads)), List.of(out), beta);
    }
}
