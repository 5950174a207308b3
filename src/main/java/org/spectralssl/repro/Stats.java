package org.spectralssl.repro;

import java.util.List;
import java.util.Locale;

/** Mean and sample standard deviation of the finite values of a list. */
public record Stats(double mean, double sd, int n) {

    public static Stats of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new Stats(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double ss = 0;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Stats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n);
    }

    /** Standard error of the mean, sd/√n. */
    public double se() {
        return n > 0 ? sd / Math.sqrt(n) : Double.NaN;
    }

    /** "0.7830 ± 0.0045" with the given decimals; "n/a" without values. */
    public String format(int decimals) {
        if (n == 0) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " ± " + f, mean, sd);
    }

    /**
     * How mean a − mean b compares with its noise: +1 when a − b &gt; 2·√(se_a² + se_b²), −1 when
     * a − b &lt; −2·√(se_a² + se_b²), 0 otherwise (a tie within seed noise).
     */
    public static int compare(Stats a, Stats b) {
        double diff = a.mean - b.mean;
        double noise = 2 * Math.sqrt(a.se() * a.se() + b.se() * b.se());
        if (!Double.isFinite(diff)) {
            return 0;
        }
        if (diff > noise) {
            return 1;
        }
        return diff < -noise ? -1 : 0;
    }
}
