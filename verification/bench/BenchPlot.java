import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * The scaling plot of verification/bench/run.sh: one log-log panel per line title of the TSV
 * (title, x name, x, Java seconds, PyTorch seconds), Java and PyTorch as two lines.
 * Usage: java BenchPlot.java scaling.tsv scaling.png
 */
public class BenchPlot {
    public static void main(String[] args) throws Exception {
        Map<String, TreeMap<Double, double[]>> panels = new LinkedHashMap<>();
        Map<String, String> xName = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t");
            if (f.length < 5) {
                continue;
            }
            panels.computeIfAbsent(f[0], k -> new TreeMap<>()).put(Double.parseDouble(f[2]),
                    new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
            xName.put(f[0], f[1]);
        }
        int pw = 420, ph = 340, n = Math.max(1, panels.size());
        BufferedImage img = new BufferedImage(pw * n, ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, pw * n, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int p = 0;
        for (Map.Entry<String, TreeMap<Double, double[]>> e : panels.entrySet()) {
            int x0 = p * pw + 60, x1 = p * pw + pw - 15, y0 = ph - 45, y1 = 30;
            TreeMap<Double, double[]> pts = e.getValue();
            double xmin = Math.log10(pts.firstKey()), xmax = Math.log10(pts.lastKey());
            double ymin = Double.MAX_VALUE, ymax = -Double.MAX_VALUE;
            for (double[] v : pts.values()) {
                for (double y : v) {
                    ymin = Math.min(ymin, Math.log10(y));
                    ymax = Math.max(ymax, Math.log10(y));
                }
            }
            ymin = Math.floor(ymin * 2) / 2;
            ymax = Math.ceil(ymax * 2) / 2;
            if (xmax == xmin) {
                xmax = xmin + 1;
            }
            if (ymax == ymin) {
                ymax = ymin + 1;
            }
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), x0, 18);
            g.drawRect(x0, y1, x1 - x0, y0 - y1);
            for (double x : pts.keySet()) {
                int px = (int) (x0 + (Math.log10(x) - xmin) / (xmax - xmin) * (x1 - x0));
                g.setColor(new Color(0xdddddd));
                g.drawLine(px, y0, px, y1);
                g.setColor(Color.BLACK);
                String s = String.valueOf((long) x);
                g.drawString(s, px - 3 * s.length(), y0 + 14);
            }
            for (double ly = ymin; ly <= ymax + 1e-9; ly += 0.5) {
                int py = (int) (y0 - (ly - ymin) / (ymax - ymin) * (y0 - y1));
                g.setColor(new Color(0xdddddd));
                g.drawLine(x0, py, x1, py);
                g.setColor(Color.BLACK);
                g.drawString(String.format("%.3g s", Math.pow(10, ly)), p * pw + 4, py + 4);
            }
            g.drawString(xName.get(e.getKey()) + " (log)", (x0 + x1) / 2 - 20, ph - 12);
            Color[] colors = {new Color(0xd62728), new Color(0x1f77b4)};
            String[] names = {"Java", "PyTorch"};
            for (int s = 0; s < 2; s++) {
                g.setColor(colors[s]);
                g.setStroke(new BasicStroke(2f));
                int lx = -1, ly = -1;
                for (Map.Entry<Double, double[]> q : pts.entrySet()) {
                    int px = (int) (x0 + (Math.log10(q.getKey()) - xmin) / (xmax - xmin) * (x1 - x0));
                    int py = (int) (y0 - (Math.log10(q.getValue()[s]) - ymin) / (ymax - ymin) * (y0 - y1));
                    g.fillOval(px - 3, py - 3, 7, 7);
                    if (lx >= 0) {
                        g.drawLine(lx, ly, px, py);
                    }
                    lx = px;
                    ly = py;
                }
                g.drawString(names[s], x0 + 8, y1 + 16 + 14 * s);
            }
            p++;
        }
        ImageIO.write(img, "png", new File(args[1]));
    }
}
