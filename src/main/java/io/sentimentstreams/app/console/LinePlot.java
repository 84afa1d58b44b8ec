package io.sentimentstreams.app.console;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG line charts drawn with JFreeChart: one panel, or panels stacked over a shared x axis. */
public final class LinePlot {

    /**
     * One curve: a name and its y values at x = 1, 2, ...; non-finite values leave a gap. With {@code points}, each
     * value is drawn as a dot, not joined: for marks of single events.
     */
    public record Series(String name, double[] y, boolean points) {
        public Series(final String name, final double[] y) {
            this(name, y, false);
        }
    }

    /** One panel: its y-axis label, its curves, and whether the y axis is logarithmic. */
    public record Panel(String yLabel, List<Series> series, boolean logY) {
    }

    /** Colours that stay apart on white (matplotlib's first five). */
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};
    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 500;

    private LinePlot() {
    }

    /**
     * Draws a chart and encodes it as PNG in memory, so that Java2D and its fonts are loaded now: they register shutdown hooks of their
     * own when first used, which the JVM refuses once a signal has started its shutdown (the demo writes its report
     * after Ctrl-C).
     */
    public static void prepare() {
        final JFreeChart chart = new JFreeChart("", JFreeChart.DEFAULT_TITLE_FONT,
                plot(new Panel("", List.of(new Series("", new double[] {1, 2})), false)), true);
        try {
            ChartUtils.writeChartAsPNG(OutputStream.nullOutputStream(), chart, 64, 64);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot draw a chart: " + e.getMessage(), e);
        }
    }

    public static void write(final Path file, final String title, final String xLabel, final String yLabel,
                      final List<Series> series, final boolean logY) {
        writeStacked(file, title, xLabel, List.of(new Panel(yLabel, series, logY)));
    }

    public static void writeStacked(final Path file, final String title, final String xLabel, final List<Panel> panels) {
        final NumberAxis xAxis = new NumberAxis(xLabel);              // x is the point's number: 1, 2, ...
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        xAxis.setAutoRangeIncludesZero(false);
        final CombinedDomainXYPlot combined = new CombinedDomainXYPlot(xAxis);
        combined.setGap(12);
        panels.forEach(panel -> combined.add(plot(panel)));
        final JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, 60 + PANEL_HEIGHT * panels.size());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static XYPlot plot(final Panel panel) {
        final XYSeriesCollection data = new XYSeriesCollection();
        for (final Series s : panel.series()) {
            final XYSeries curve = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.y().length; i++) {
                final double y = s.y()[i];
                curve.add(i + 1, Double.isFinite(y) && (!panel.logY() || y > 0) ? (Number) y : null);
            }
            data.addSeries(curve);
        }
        final ValueAxis yAxis = panel.logY() ? new LogAxis(panel.yLabel()) : new NumberAxis(panel.yLabel());
        if (yAxis instanceof NumberAxis linear) {
            linear.setAutoRangeIncludesZero(false);
        }
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < panel.series().size(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            renderer.setSeriesPaint(s, COLORS[s % COLORS.length]);
            if (panel.series().get(s).points()) {
                renderer.setSeriesLinesVisible(s, false);
                renderer.setSeriesShapesVisible(s, true);
                renderer.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
            }
        }
        final XYPlot plot = new XYPlot(data, null, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
