package org.spectralssl.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Line charts as PNG, drawn with Java2D on an off-screen image (works headless). Deliberately
 * small: axes with ticks, optional log-scale y, a legend, optional horizontal reference lines.
 * Public for the reproduction reports (repro).
 */
public final class Plots {
    private Plots() {}

    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 210;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;

    /** One curve; points with a non-finite y (or y ≤ 0 on a log axis) are skipped. */
    public record Series(String name, double[] x, double[] y, Color color, boolean dashed) {
        public Series(String name, double[] x, double[] y, Color color) {
            this(name, x, y, color, false);
        }
    }

    /** A palette that stays readable for up to about 10 curves. */
    public static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
        new Color(0x17becf)};

    /** Colour t ∈ [0, 1] on a blue → red ramp (for "one curve per epoch"). */
    static Color ramp(double t) {
        t = Math.max(0, Math.min(1, t));
        return new Color((int) (30 + 200 * t), (int) (80 + 40 * (1 - Math.abs(2 * t - 1))), (int) (220 - 190 * t));
    }

    public static void lineChart(Path file, String title, String xLabel, String yLabel, List<Series> series, boolean logY)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double y = tr(s.y()[i], logY);
                if (Double.isFinite(y) && Double.isFinite(s.x()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (!Double.isFinite(x0)) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y0 -= 0.5;
            y1 += 0.5;
        }
        double pad = 0.04 * (y1 - y0);
        y0 -= pad;
        y1 += pad;
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, TOP - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // grid and ticks: x at five equal steps; y likewise, or on a log axis at whole decades
        double[] yTicks = logY ? logTicks(y0, y1) : evenTicks(y0, y1);
        for (double yv : yTicks) {
            int py = TOP + ph - (int) Math.round(ph * (yv - y0) / (y1 - y0));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, py, LEFT + pw, py);
            g.setColor(Color.DARK_GRAY);
            String lab = logY ? powerOfTen(yv) : tick(yv);
            g.drawString(lab, LEFT - 8 - g.getFontMetrics().stringWidth(lab), py + 4);
        }
        for (double xv : evenTicks(x0, x1)) {
            int px = LEFT + (int) Math.round(pw * (xv - x0) / (x1 - x0));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            String xl = tick(xv);
            g.drawString(xl, px - g.getFontMetrics().stringWidth(xl) / 2, TOP + ph + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString(xLabel, LEFT + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 14);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        String yl = yLabel + (logY ? " (log scale)" : "");
        gy.drawString(yl, -(TOP + ph / 2) - gy.getFontMetrics().stringWidth(yl) / 2, 18);
        gy.dispose();
        // curves
        int legendY = TOP + 10;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {7f, 5f}, 0f) : new BasicStroke(1.8f));
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            int points = 0;
            for (int i = 0; i < s.x().length; i++) {
                double y = tr(s.y()[i], logY);
                if (!Double.isFinite(y)) {
                    started = false;
                    continue;
                }
                double px = LEFT + pw * (s.x()[i] - x0) / (x1 - x0);
                double py = TOP + ph - ph * (y - y0) / (y1 - y0);
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
                points++;
            }
            g.draw(path);
            if (points == 1 || s.x().length <= 30) {
                for (int i = 0; i < s.x().length; i++) {
                    double y = tr(s.y()[i], logY);
                    if (Double.isFinite(y)) {
                        double px = LEFT + pw * (s.x()[i] - x0) / (x1 - x0);
                        double py = TOP + ph - ph * (y - y0) / (y1 - y0);
                        g.fillOval((int) px - 3, (int) py - 3, 6, 6);
                    }
                }
            }
            if (s.name() != null && legendY < HEIGHT - BOTTOM) {
                g.drawLine(LEFT + pw + 12, legendY - 4, LEFT + pw + 36, legendY - 4);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), LEFT + pw + 42, legendY);
                legendY += 18;
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /**
     * Ticks of a linear axis over [lo, hi]: multiples of a round step (1, 2 or 5 times a power of
     * ten) chosen so that there are about five, all inside the range.
     */
    static double[] evenTicks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
        java.util.List<Double> t = new java.util.ArrayList<>();
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
            t.add(k * step);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Ticks of a log axis, in log10 units, for the range [lo, hi] (log10 units too): whole decades,
     * every second or more when there are many, so at most seven; when the range holds fewer than
     * two whole decades, the values 1, 2 and 5 times a power of ten inside it; when it holds fewer
     * than two of those either, round steps of the exponent ({@link #evenTicks}).
     */
    static double[] logTicks(double lo, double hi) {
        int first = (int) Math.ceil(lo - 1e-9);
        int last = (int) Math.floor(hi + 1e-9);
        if (last - first >= 1) {
            int step = Math.max(1, (last - first + 6) / 7);
            java.util.List<Double> t = new java.util.ArrayList<>();
            for (int e = first; e <= last; e += step) {
                t.add((double) e);
            }
            return t.stream().mapToDouble(Double::doubleValue).toArray();
        }
        java.util.List<Double> t = new java.util.ArrayList<>();
        for (int e = (int) Math.floor(lo); e <= (int) Math.ceil(hi); e++) {
            for (double m : new double[] {1, 2, 5}) {
                double v = e + Math.log10(m);
                if (v >= lo - 1e-9 && v <= hi + 1e-9) {
                    t.add(v);
                }
            }
        }
        return t.size() >= 2 ? t.stream().mapToDouble(Double::doubleValue).toArray() : evenTicks(lo, hi);
    }

    /** The label of a log-axis tick at log10 value v: 0.01 … 1000 in full, else 1e-5, 2e6; other values to 3 digits. */
    static String powerOfTen(double v) {
        double x = Math.pow(10, v);
        long e = Math.round(Math.floor(v + 1e-9));
        double mant = x / Math.pow(10, e);
        boolean clean = Math.abs(mant - Math.rint(mant)) < 1e-6;
        if (!clean) {
            return String.format(Locale.ROOT, "%.3g", x);
        }
        long m = Math.round(mant);
        if (e >= -2 && e <= 3) {
            return e >= 0 ? Long.toString(m * (long) Math.pow(10, e)) : java.math.BigDecimal.valueOf(m, (int) -e).toPlainString();
        }
        return m + "e" + e;
    }

    private static double tr(double y, boolean log) {
        if (!Double.isFinite(y)) {
            return Double.NaN;
        }
        if (log) {
            return y > 0 ? Math.log10(y) : Double.NaN;
        }
        return y;
    }

    /** A linear-axis label: plain digits without trailing zeros (6 significant), else 2 significant in e-notation. */
    static String tick(double v) {
        double a = Math.abs(v);
        if (a < 1e-12) {
            return "0";
        }
        if (a < 1e-3 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }
}
