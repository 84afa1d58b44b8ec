package io.sentimentstreams.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A small PNG line chart (log-scale y optional) drawn with Java2D; no plotting library needed. */
final class LinePlot {

    /** One curve: a name and its y values at x = 1, 2, ... */
    record Series(String name, double[] y) {
    }

    private static final Color[] COLORS = {new Color(0xd62728), new Color(0xff7f0e), new Color(0x1f77b4),
            new Color(0x2ca02c), new Color(0x9467bd)};

    private LinePlot() {
    }

    static void write(final Path file, final String title, final String xLabel, final String yLabel,
                      final List<Series> series, final boolean logY) {
        final int width = 900;
        final int height = 560;
        final int left = 110;
        final int right = 200;
        final int top = 50;
        final int bottom = 60;
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int points = 1;
        for (final Series s : series) {
            points = Math.max(points, s.y().length);
            for (final double v : s.y()) {
                if (Double.isFinite(v) && (!logY || v > 0)) {
                    min = Math.min(min, logY ? Math.log10(v) : v);
                    max = Math.max(max, logY ? Math.log10(v) : v);
                }
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        if (logY) {
            min = Math.floor(min);
            max = Math.ceil(max);
        }
        final int plotW = width - left - right;
        final int plotH = height - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, plotW, plotH);
        final int ticks = logY ? (int) (max - min) : 5;
        for (int i = 0; i <= ticks; i++) {
            final double v = min + (max - min) * i / ticks;
            final int y = top + plotH - (int) (plotH * (v - min) / (max - min));
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, left + plotW - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(logY ? String.format(Locale.ROOT, "1e%d", Math.round(v))
                    : String.format(Locale.ROOT, "%.3g", v), 45, y + 4);
        }
        for (int i = 0; i <= 5; i++) {
            final int x = left + plotW * i / 5;
            g.drawString(String.valueOf(1 + (points - 1) * i / 5), x - 8, top + plotH + 18);
        }
        g.drawString(xLabel, left + plotW / 2 - 60, height - 15);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + plotH / 2 + 60), 20);
        g.rotate(Math.PI / 2);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            final double[] y = series.get(s).y();
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < y.length; i++) {
                if (!Double.isFinite(y[i]) || (logY && y[i] <= 0)) {
                    prevX = -1;
                    continue;
                }
                final double v = logY ? Math.log10(y[i]) : y[i];
                final int px = left + (points == 1 ? 0 : plotW * i / (points - 1));
                final int py = top + plotH - (int) (plotH * (v - min) / (max - min));
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.fillRect(left + plotW + 15, top + 20 + 22 * s, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), left + plotW + 35, top + 26 + 22 * s);
        }
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
