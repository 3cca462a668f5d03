package io.dvstream.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** PNG figures of a training run (loss and accuracy per epoch) and of a confusion matrix; headless AWT. */
public final class Plots {

    private Plots() {
    }

    /** One point of the training curves. */
    public record Point(int epoch, double trainLoss, double trainAccuracy, double testAccuracy) {
    }

    /** Left panel: training loss per epoch; right panel: training and test accuracy (%) per epoch. */
    public static void curves(List<Point> points, Path png) throws IOException {
        int w = 900;
        int h = 360;
        Canvas canvas = Canvas.white(w, h);
        Graphics2D g = canvas.g();
        int maxEpoch = points.stream().mapToInt(Point::epoch).max().orElse(1);
        double maxLoss = points.stream().mapToDouble(Point::trainLoss).filter(Double::isFinite).max().orElse(1);
        panel(g, 50, 30, 380, 280, "training loss", maxEpoch, 0, Math.max(1e-9, maxLoss * 1.05), "%.2f");
        series(g, 50, 30, 380, 280, points, maxEpoch, 0, Math.max(1e-9, maxLoss * 1.05), Point::trainLoss, new Color(0x1f77b4));
        panel(g, 500, 30, 380, 280, "accuracy % (blue train, red test)", maxEpoch, 0, 100, "%.0f");
        series(g, 500, 30, 380, 280, points, maxEpoch, 0, 100, p -> 100 * p.trainAccuracy(), new Color(0x1f77b4));
        series(g, 500, 30, 380, 280, points, maxEpoch, 0, 100, p -> 100 * p.testAccuracy(), new Color(0xd62728));
        canvas.save(png);
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, int maxEpoch, double lo, double hi,
                              String fmt) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, x, y - 10);
        g.drawRect(x, y, w, h);
        for (int i = 0; i <= 4; i++) {
            int yy = y + h - i * h / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(x + 1, yy, x + w - 1, yy);
            g.setColor(Color.BLACK);
            g.drawString(String.format(fmt, lo + (hi - lo) * i / 4), x - 40, yy + 4);
        }
        g.drawString("epoch 1", x, y + h + 16);
        g.drawString("epoch " + maxEpoch, x + w - 60, y + h + 16);
    }

    private static void series(Graphics2D g, int x, int y, int w, int h, List<Point> points, int maxEpoch, double lo,
                               double hi, java.util.function.ToDoubleFunction<Point> f, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (Point p : points) {
            double v = f.applyAsDouble(p);
            if (!Double.isFinite(v)) {
                continue;
            }
            int xx = x + (maxEpoch <= 1 ? w / 2 : (p.epoch() - 1) * w / (maxEpoch - 1));
            int yy = y + h - (int) Math.round((v - lo) / (hi - lo) * h);
            if (px >= 0) {
                g.drawLine(px, py, xx, yy);
            }
            g.fillOval(xx - 3, yy - 3, 6, 6);
            px = xx;
            py = yy;
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** Rows true class, columns predicted; cell shade = share of the row, with the count written in. */
    public static void confusion(ConfusionMatrix cm, List<String> classes, Path png) throws IOException {
        int k = classes.size();
        int cell = 40;
        int left = 210;
        int top = 40;
        int w = left + k * cell + 20;
        int h = top + k * cell + 40;
        Canvas canvas = Canvas.white(w, h);
        Graphics2D g = canvas.g();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(String.format("true (rows) vs predicted (columns), accuracy %.1f %% of %d", 100 * cm.accuracy(),
                cm.total()), 10, 20);
        for (int i = 0; i < k; i++) {
            long row = 0;
            for (int j = 0; j < k; j++) {
                row += cm.count(i, j);
            }
            g.setColor(Color.BLACK);
            g.drawString((i + 1) + " " + classes.get(i), 10, top + i * cell + cell / 2 + 4);
            g.drawString(Integer.toString(i + 1), left + i * cell + cell / 2 - 6, top + k * cell + 16);
            for (int j = 0; j < k; j++) {
                double share = row == 0 ? 0 : (double) cm.count(i, j) / row;
                int shade = 255 - (int) Math.round(share * 200);
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
                g.setColor(Color.GRAY);
                g.drawRect(left + j * cell, top + i * cell, cell, cell);
                if (cm.count(i, j) > 0) {
                    g.setColor(Color.BLACK);
                    g.drawString(Long.toString(cm.count(i, j)), left + j * cell + 12, top + i * cell + cell / 2 + 4);
                }
            }
        }
        canvas.save(png);
    }
    /** One named curve of {@link #lines}. */
    public record Series(String name, double[] y, Color color) {
    }

    /**
     * Curves over shared x values (y in [lo, hi]), a legend under the title; NaN points are skipped.
     * Used for the accuracy-vs-observation-time curve and the NSAD tables.
     */
    public static void lines(String title, String xLabel, double[] x, List<Series> series, double lo, double hi, Path png)
            throws IOException {
        int w = 720;
        int h = 420;
        int px = 70;
        int py = 60;
        int pw = 610;
        int ph = 300;
        Canvas canvas = Canvas.white(w, h);
        Graphics2D g = canvas.g();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, px, 18);
        int lx = px;
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(lx, 30, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), lx + 16, 41);
            lx += 24 + g.getFontMetrics().stringWidth(s.name());
        }
        g.drawRect(px, py, pw, ph);
        for (int i = 0; i <= 4; i++) {
            int yy = py + ph - i * ph / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(px + 1, yy, px + pw - 1, yy);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.2f", lo + (hi - lo) * i / 4), px - 45, yy + 4);
        }
        double x0 = x[0];
        double x1 = x[x.length - 1] == x0 ? x0 + 1 : x[x.length - 1];
        for (int i = 0; i < x.length; i += Math.max(1, x.length / 10)) {
            int xx = px + (int) Math.round((x[i] - x0) / (x1 - x0) * pw);
            g.drawString(String.format("%.0f", x[i]), xx - 10, py + ph + 16);
        }
        g.drawString(xLabel, px + pw / 2 - 40, py + ph + 34);
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            int qx = -1;
            int qy = -1;
            for (int i = 0; i < x.length && i < s.y().length; i++) {
                if (!Double.isFinite(s.y()[i])) {
                    qx = -1;
                    continue;
                }
                int xx = px + (int) Math.round((x[i] - x0) / (x1 - x0) * pw);
                int yy = py + ph - (int) Math.round((s.y()[i] - lo) / (hi - lo) * ph);
                if (qx >= 0) {
                    g.drawLine(qx, qy, xx, yy);
                }
                g.fillOval(xx - 3, yy - 3, 6, 6);
                qx = xx;
                qy = yy;
            }
        }
        canvas.save(png);
    }

    /** Horizontal bars, one per name, value written beside it (firing rates per layer). */
    public static void bars(String title, List<String> names, double[] values, String fmt, Path png) throws IOException {
        int row = 18;
        int left = 230;
        int bw = 420;
        int w = left + bw + 90;
        int h = 40 + names.size() * row + 10;
        Canvas canvas = Canvas.white(w, h);
        Graphics2D g = canvas.g();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 20);
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        for (int i = 0; i < names.size(); i++) {
            int y = 32 + i * row;
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), 10, y + 13);
            int len = max <= 0 ? 0 : (int) Math.round(values[i] / max * bw);
            g.setColor(new Color(0x1f77b4));
            g.fillRect(left, y + 3, len, row - 6);
            g.setColor(Color.BLACK);
            g.drawString(String.format(fmt, values[i]), left + len + 6, y + 13);
        }
        canvas.save(png);
    }

    /** A white antialiased image to draw a figure on, written once as PNG. */
    private record Canvas(BufferedImage image, Graphics2D g) {

        static Canvas white(int w, int h) {
            System.setProperty("java.awt.headless", "true");
            var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            return new Canvas(image, g);
        }

        void save(Path png) throws IOException {
            g.dispose();
            ImageIO.write(image, "png", png.toFile());
        }
    }
}
