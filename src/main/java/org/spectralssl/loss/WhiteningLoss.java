package org.spectralssl.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Checks;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.Mat;
import org.spectralssl.spec.Equation;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;

/**
 * The multi-view loss of E13 for any {@link Whitener}: each view is transformed separately, then
 * L = 1/(V−1)·Σ_{v≥1} [L_align(Ẑ_v, Ẑ_0) + β·(TL(Ẑ_v) + TL(Ẑ_0))]. With IterNorm this is INTL
 * ({@link IntlLoss}); with a spectral transformation and β = 0 it is the plain ST loss. For two
 * views it reduces to L_align(Ẑ_1, Ẑ_0) + β·(TL_1 + TL_0); the alignment loss is symmetric in
 * its two arguments, and no view is detached (no stop-gradient).
 */
@Equation("E13")
public final class WhiteningLoss {
    private WhiteningLoss() {}

    /**
     * The loss, its terms, the gradient for each view, and each view's transformation.
     *
     * @param loss value, terms ({@code align}, {@code trace0} … {@code trace(V−1)}, {@code beta}) and
     *     gradients
     * @param views the forward result of each view, in input order
     * @param beta the β used
     */
    public record Result(LossResult loss, List<Whitening> views, double beta) {
        public Result {
            views = List.copyOf(views);
        }
    }

    /**
     * Computes the loss.
     *
     * @param views V ≥ 2 batches of the same shape (m×d). Not modified.
     * @param whitener the transformation applied to each view
     * @param beta the trade-off β ≥ 0
     */
    @Equation("E13")
    public static Result compute(List<DMatrixRMaj> views, Whitener whitener, double beta) {
        if (views == null || views.size() < 2) {
            throw new InvalidInputException("a multi-view loss needs at least 2 views, got "
                    + (views == null ? 0 : views.size()));
        }
        Checks.atLeast("beta", beta, 0);
        for (int v = 0; v < views.size(); v++) {
            Checks.finiteMatrix("view " + v, views.get(v));
            Checks.sameShape("view " + v, views.get(v), "view 0", views.get(0));
        }
        int nViews = views.size();
        List<Whitening> out = new ArrayList<>();
        for (DMatrixRMaj z : views) {
            out.add(whitener.forward(z));
        }
        double scale = 1.0 / (nViews - 1);
        Map<String, Double> terms = new LinkedHashMap<>();
        List<DMatrixRMaj> gradOut = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            gradOut.add(new DMatrixRMaj(views.get(0).numRows, views.get(0).numCols));
        }
        double align = 0;
        for (int v = 1; v < nViews; v++) {
            LossResult a = AlignmentLoss.compute(out.get(v).output(), out.get(0).output());
            align += a.value();
            Mat.addInPlace(gradOut.get(v), scale, a.gradient(0));
            Mat.addInPlace(gradOut.get(0), scale, a.gradient(1));
        }
        align *= scale;
        double traceSum = 0;
        List<Double> traces = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            LossResult t = TraceLoss.compute(out.get(v).output(), whitener.mode(), whitener.divisor());
            traces.add(t.value());
            // TL_0 appears in each of the V−1 pairs, so it carries weight β; each other TL_v carries β/(V−1).
            double weight = v == 0 ? beta : beta * scale;
            traceSum += weight * t.value();
            if (weight != 0) {
                Mat.addInPlace(gradOut.get(v), weight, t.gradient(0));
            }
        }
        double loss = align + traceSum;
        terms.put("align", align);
        for (int v = 0; v < nViews; v++) {
            terms.put("trace" + v, traces.get(v));
        }
        terms.put("beta", beta);
        List<DMatrixRMaj> grads = new ArrayList<>();
        for (int v = 0; v < nViews; v++) {
            grads.add(out.get(v).backward(gradOut.get(v)));
        }
        return new Result(new LossResult(loss, terms, grads), out, beta);
    }
}
