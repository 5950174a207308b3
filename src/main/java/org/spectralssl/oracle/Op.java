package org.spectralssl.oracle;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.loss.IntlLoss;
import org.spectralssl.loss.WmseLoss;
import org.spectralssl.spectral.WhiteningMode;

/** The operations a case can ask for (FORMAT.md §2), with the inputs each one takes. */
public enum Op {
    /** Spectral transformation of both views, then alignment (+ β·trace losses, β = 0 by default). */
    ST("st", 2, true, "g", "p", "a", "eps", "floor_ulps", "beta"),
    /** IterNorm of both views, then alignment (+ β·trace losses, β = 0 by default). */
    ITERNORM("iternorm", 2, true, "T", "beta"),
    /** INTL: IterNorm, alignment + β·trace losses, β by the official rule by default. */
    INTL("intl", 2, true, "T", "beta"),
    /** The trace loss of one already transformed view. */
    TRACE_LOSS("trace_loss", 1, true),
    /** The alignment loss of two views as given. */
    ALIGNMENT("alignment", 2, false),
    /** W-MSE: Cholesky whitening of each view, then alignment (E14). */
    WMSE("wmse", 2, true, "eps"),
    /** Barlow Twins on the views as given (E15). */
    BARLOW_TWINS("barlow_twins", 2, false, "lambda", "bn_eps"),
    /** VICReg on the views as given (E16). */
    VICREG("vicreg", 2, false, "sim_coeff", "std_coeff", "cov_coeff", "std_eps");

    private final String id;
    private final int views;
    private final boolean usesCovariance;
    private final List<String> params;

    Op(String id, int views, boolean usesCovariance, String... params) {
        this.id = id;
        this.views = views;
        this.usesCovariance = usesCovariance;
        this.params = List.of(params);
    }

    /** The name in case files. */
    public String id() {
        return id;
    }

    /** 1 or 2: whether the case has z2. */
    public int views() {
        return views;
    }

    /** Whether {@code mode} and {@code divisor} apply. */
    public boolean usesCovariance() {
        return usesCovariance;
    }

    /**
     * The default mode: the official INTL code's (samples) for the spectral ops, W-MSE's own
     * (features) for wmse; each taken from the core's defaults. Null for ops without a covariance.
     */
    public WhiteningMode defaultMode() {
        if (!usesCovariance) {
            return null;
        }
        return this == WMSE ? WmseLoss.Params.DEFAULTS.mode() : IntlLoss.Params.DEFAULTS.mode();
    }

    /** The keys {@code params} may hold. */
    public List<String> params() {
        return params;
    }

    public static Op parse(String s) {
        for (Op op : values()) {
            if (op.id.equals(s)) {
                return op;
            }
        }
        throw new InvalidInputException("unknown op '" + s + "'; known ops: " + known());
    }

    static String known() {
        return Arrays.stream(values()).map(Op::id).collect(Collectors.joining(", "));
    }
}
