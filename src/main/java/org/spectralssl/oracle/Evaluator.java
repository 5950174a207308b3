package org.spectralssl.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;
import org.spectralssl.loss.AlignmentLoss;
import org.spectralssl.loss.BarlowTwinsLoss;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.LossResult;
import org.spectralssl.loss.TraceLoss;
import org.spectralssl.loss.VicregLoss;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.loss.WmseLoss;
import org.spectralssl.spectral.Covariance;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.Whitening;

/**
 * Evaluates a case on the reference path and returns its result (FORMAT.md §3). Every number
 * comes from the spectral core ({@code spectral}, {@code loss}): the oracle has no copy of the
 * maths, it only chooses what to call and names what comes back.
 *
 * <p>Errors: the core's {@link org.spectralssl.linalg.InvalidInputException} (for example the
 * β rule for n ≤ 8) and {@link org.spectralssl.linalg.NonFiniteException} pass through with their
 * one-line messages.
 */
public final class Evaluator {
    /** The format name of a result. */
    public static final String RESULT_FORMAT = "spectral-ssl-result/1";

    private Evaluator() {}

    /** The result of a case, as an ordered JSON object. Not modified: c. */
    public static Map<String, Object> evaluate(CaseSpec c) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", RESULT_FORMAT);
        if (c.id() != null) {
            r.put("id", c.id());
        }
        r.put("op", c.op().id());
        switch (c.op()) {
            case ST -> {
                CaseSpec.StParams p = (CaseSpec.StParams) c.params();
                Whitener st = new SpectralTransform(c.mode(), c.divisor(), p.function(), p.stabilisation());
                whitened(r, c, WhiteningLoss.compute(List.of(c.z1(), c.z2()), st, p.beta()));
            }
            case ITERNORM -> {
                CaseSpec.IterParams p = (CaseSpec.IterParams) c.params();
                Whitener in = new IterNorm(c.mode(), c.divisor(), p.iterations());
                whitened(r, c, WhiteningLoss.compute(List.of(c.z1(), c.z2()), in, p.beta().orElse(0)));
            }
            case INTL -> {
                CaseSpec.IterParams p = (CaseSpec.IterParams) c.params();
                IntlLoss.Params ip = new IntlLoss.Params(c.mode(), c.divisor(), p.iterations(), p.beta());
                whitened(r, c, IntlLoss.compute(c.z1(), c.z2(), ip));
            }
            case TRACE_LOSS -> {
                LossResult t = TraceLoss.compute(c.z1(), c.mode(), c.divisor());
                DMatrixRMaj cov = Covariance.ofBatch(c.z1(), c.mode(), c.divisor());
                r.put("cov_out1", NumericArray.json(cov));
                r.put("eig_out1", NumericArray.json(Mat.eigSymmetric(cov).values()));
                r.put("trace_loss1", t.value());
                r.put("loss", t.value());
                r.put("grad_z1", NumericArray.json(t.gradient(0)));
            }
            case ALIGNMENT -> {
                LossResult a = AlignmentLoss.compute(c.z1(), c.z2());
                r.put("align", a.value());
                r.put("loss", a.value());
                r.put("grad_z1", NumericArray.json(a.gradient(0)));
                r.put("grad_z2", NumericArray.json(a.gradient(1)));
            }
            case WMSE -> {
                WmseLoss.Params p = ((CaseSpec.WmseParams) c.params()).core(c.mode(), c.divisor());
                LossResult w = WmseLoss.compute(c.z1(), c.z2(), p);
                DMatrixRMaj zhat1 = WmseLoss.whiten(c.z1(), p);
                DMatrixRMaj cov = Covariance.ofBatch(c.z1(), c.mode(), c.divisor());
                DMatrixRMaj covOut = Covariance.ofBatch(zhat1, c.mode(), c.divisor());
                r.put("zhat1", NumericArray.json(zhat1));
                r.put("zhat2", NumericArray.json(WmseLoss.whiten(c.z2(), p)));
                r.put("cov_in1", NumericArray.json(cov));
                r.put("eig_in1", NumericArray.json(Mat.eigSymmetric(cov).values()));
                r.put("cov_out1", NumericArray.json(covOut));
                r.put("eig_out1", NumericArray.json(Mat.eigSymmetric(covOut).values()));
                r.put("align", w.terms().get("align"));
                putLoss(r, w, false);
            }
            case BARLOW_TWINS -> putLoss(r,
                    BarlowTwinsLoss.compute(c.z1(), c.z2(), ((CaseSpec.BarlowTwinsParams) c.params()).core()), true);
            case VICREG -> putLoss(r,
                    VicregLoss.compute(c.z1(), c.z2(), ((CaseSpec.VicregParams) c.params()).core()), true);
            default -> throw new IllegalStateException("op " + c.op() + " has no evaluator");
        }
        return r;
    }

    /** loss, optionally terms, and both gradients of a two-view loss. */
    private static void putLoss(Map<String, Object> r, LossResult l, boolean terms) {
        r.put("loss", l.value());
        if (terms) {
            r.put("terms", new LinkedHashMap<String, Object>(l.terms()));
        }
        r.put("grad_z1", NumericArray.json(l.gradient(0)));
        r.put("grad_z2", NumericArray.json(l.gradient(1)));
    }

    /** The fields of a two-view whitening loss (E13): view 0 of the core is z1, view 1 is z2. */
    private static void whitened(Map<String, Object> r, CaseSpec c, WhiteningLoss.Result w) {
        Whitening v1 = w.views().get(0);
        Whitening v2 = w.views().get(1);
        LossResult loss = w.loss();
        r.put("zhat1", NumericArray.json(v1.output()));
        r.put("zhat2", NumericArray.json(v2.output()));
        r.put("transform1", NumericArray.json(v1.transform()));
        r.put("cov_in1", NumericArray.json(v1.covarianceIn()));
        r.put("eig_in1", NumericArray.json(v1.report().eigenvaluesIn()));
        r.put("cov_out1", NumericArray.json(Covariance.ofBatch(v1.output(), c.mode(), c.divisor())));
        r.put("eig_out1", NumericArray.json(v1.report().eigenvaluesOut()));
        r.put("trace_loss1", loss.terms().get("trace0"));
        r.put("trace_loss2", loss.terms().get("trace1"));
        r.put("align", loss.terms().get("align"));
        r.put("beta", w.beta());
        r.put("loss", loss.value());
        r.put("grad_z1", NumericArray.json(loss.gradient(0)));
        r.put("grad_z2", NumericArray.json(loss.gradient(1)));
        List<String> notes = new ArrayList<>();
        for (String a : v1.report().actions()) {
            notes.add("view 1: " + a);
        }
        for (String a : v2.report().actions()) {
            notes.add("view 2: " + a);
        }
        if (!notes.isEmpty()) {
            r.put("notes", notes);
        }
    }
}
