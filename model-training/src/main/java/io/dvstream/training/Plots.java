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
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int h = 360;
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int maxEpoch = points.stream().mapToInt(Point::epoch).max().orElse(1);
        double maxLoss = points.stream().mapToDouble(Point::trainLoss).filter(Double::isFinite).max().orElse(1);
        panel(g, 50, 30, 380, 280, "training loss", maxEpoch, 0, Math.max(1e-9, maxLoss * 1.05), "%.2f");
        series(g, 50, 30, 380, 280, points, maxEpoch, 0, Math.max(1e-9, maxLoss * 1.05), Point::trainLoss, new Color(0x1f77b4));
        panel(g, 500, 30, 380, 280, "accuracy % (blue train, red test)", maxEpoch, 0, 100, "%.0f");
        series(g, 500, 30, 380, 280, points, maxEpoch, 0, 100, p -> 100 * p.trainAccuracy(), new Color(0x1f77b4));
        series(g, 500, 30, 380, 280, points, maxEpoch, 0, 100, p -> 100 * p.testAccuracy(), new Color(0xd62728));
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
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
        System.setProperty("java.awt.headless", "true");
        int k = classes.size();
        int cell = 40;
        int left = 210;
        int top = 40;
        int w = left + k * cell + 20;
        int h = top + k * cell + 40;
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
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
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
