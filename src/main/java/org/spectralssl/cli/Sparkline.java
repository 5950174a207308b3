package org.spectralssl.cli;

/** A one-line text plot of a spectrum on a log scale, for terminals. */
final class Sparkline {
    private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();

    private Sparkline() {}

    /**
     * Eigenvalues, largest first, resampled to at most {@code width} columns, each drawn by the
     * height of log10 λ between the smallest positive and the largest; non-positive values as '·'.
     * The range is printed after the bars.
     */
    static String logSpectrum(double[] ascending, int width) {
        int n = ascending.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : ascending) {
            if (v > 0) {
                lo = Math.min(lo, Math.log10(v));
                hi = Math.max(hi, Math.log10(v));
            }
        }
        int cols = Math.min(width, n);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols; c++) {
            int idx = n - 1 - (int) ((long) c * n / cols);
            double v = ascending[idx];
            if (!(v > 0) || lo == Double.POSITIVE_INFINITY) {
                sb.append('·');
                continue;
            }
            double frac = hi > lo ? (Math.log10(v) - lo) / (hi - lo) : 1;
            sb.append(BARS[(int) Math.round(frac * (BARS.length - 1))]);
        }
        if (lo != Double.POSITIVE_INFINITY) {
            sb.append(String.format(java.util.Locale.ROOT, "  [1e%.1f … 1e%.1f]", lo, hi));
        }
        return sb.toString();
    }
}
