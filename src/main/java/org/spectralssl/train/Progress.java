package org.spectralssl.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr: work done of total, throughput and ETA. On a terminal the line is
 * redrawn in place at most every {@link #REDRAW_NANOS}; otherwise (a log file) a line is printed at
 * most every {@link #LOG_NANOS}. {@link #finish} always prints the final line.
 */
final class Progress {
    static final long REDRAW_NANOS = 250_000_000L;
    static final long LOG_NANOS = 15_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final String what;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private long lastDraw = Long.MIN_VALUE / 2;

    /** @param out where to draw, or null for silence */
    Progress(PrintStream out, String what, long total, String unit) {
        this.out = out;
        this.terminal = System.console() != null;
        this.what = what;
        this.total = total;
        this.unit = unit;
    }

    /** Reports {@code done} units and a short status such as the current loss. */
    void update(long done, String status) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < (terminal ? REDRAW_NANOS : LOG_NANOS)) {
            return;
        }
        lastDraw = now;
        draw(done, status, false);
    }

    void finish(long done, String status) {
        if (out != null) {
            draw(done, status, true);
        }
    }

    private void draw(long done, String status, boolean last) {
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        double frac = total > 0 ? (double) done / total : 1;
        int width = 24;
        int filled = (int) Math.round(frac * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String eta = rate > 0 && done < total ? clock((total - done) / rate) : "0:00";
        String line = String.format(Locale.ROOT, "%s [%s] %3.0f%% %,d/%,d %s  %.0f %s/s  elapsed %s  ETA %s  %s", what,
                bar, 100 * frac, done, total, unit, rate, unit, clock(secs), eta, status);
        if (terminal) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Seconds as m:ss or h:mm:ss. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
