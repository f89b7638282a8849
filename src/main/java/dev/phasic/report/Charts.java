package dev.phasic.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** PNG charts with JFreeChart: curves over training, the Berkes scatter, comparison bars. Written atomically. */
public final class Charts {
    private Charts() {}

    /** One line per series; each series is a list of (x, y) points. */
    public static void lines(Path png, String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name, false, true);
            for (double[] p : points) if (Double.isFinite(p[1])) s.add(p[0], p[1]);
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        style(chart);
        save(chart, png, 720, 360);
    }

    /**
     * Curves over seeds: per series the mean as a line and its 95% interval as a shaded band;
     * each point is {x, mean, low, high} (a point without an interval draws its mean alone).
     */
    public static void bands(Path png, String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
            throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.forEach((name, points) -> {
            YIntervalSeries s = new YIntervalSeries(name, false, true);
            for (double[] p : points) {
                if (!Double.isFinite(p[1])) continue;
                boolean band = Double.isFinite(p[2]) && Double.isFinite(p[3]);
                s.add(p[0], p[1], band ? p[2] : p[1], band ? p[3] : p[1]);
            }
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.2f);
        chart.getXYPlot().setRenderer(r);
        for (int i = 0; i < data.getSeriesCount(); i++) r.setSeriesFillPaint(i, r.lookupSeriesPaint(i));   // each band in its line's colour
        style(chart);
        save(chart, png, 720, 360);
    }

    /** Log–log scatter of pattern frequencies with the identity line (docs/DESIGN.md §4). */
    private static JFreeChart scatterChart(String title, String xLabel, String yLabel, double[] x, double[] y, double min) {
        XYSeries points = new XYSeries("patterns", false, true);
        for (int i = 0; i < x.length; i++) points.add(Math.max(x[i], min), Math.max(y[i], min));
        XYSeries identity = new XYSeries("equal frequency", false, true);
        identity.add(min, min);
        identity.add(1.0, 1.0);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(identity);
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis xAxis = new LogAxis(xLabel);
        LogAxis yAxis = new LogAxis(yLabel);
        xAxis.setRange(min / 1.5, 1.0);
        yAxis.setRange(min / 1.5, 1.0);
        xAxis.setTickUnit(new NumberTickUnit(1.0)); // one tick per power of ten
        yAxis.setTickUnit(new NumberTickUnit(1.0));
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesPaint(0, new Color(31, 119, 180, 140));
        r.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesPaint(1, Color.GRAY);
        plot.setRenderer(r);
        style(chart);
        return chart;
    }

    /**
     * Log–log scatters side by side, one panel per entry ({@code xy[0]} against {@code xy[1]}),
     * each with the identity line, on shared axes from {@code min} to 1; up to three panels a row.
     */
    public static void logLogPanels(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> panels,
                                    double min) throws IOException {
        int columns = Math.min(3, panels.size()), rows = (panels.size() + columns - 1) / columns;
        int w = 360, h = 360, top = 36;
        BufferedImage img = new BufferedImage(columns * w, top + rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 12, 24);
        int i = 0;
        for (Map.Entry<String, double[][]> e : panels.entrySet()) {
            JFreeChart chart = scatterChart(e.getKey(), xLabel, yLabel, e.getValue()[0], e.getValue()[1], min);
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            chart.removeLegend();
            chart.draw(g, new Rectangle2D.Double((i % columns) * w, top + (i / columns) * h, w, h));
            i++;
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Grouped bars: one group per metric, one bar per run. */
    public static void bars(Path png, String title, Map<String, Map<String, Double>> valuesByRun) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        valuesByRun.forEach((run, metrics) -> metrics.forEach((metric, v) -> {
            if (v != null && Double.isFinite(v)) data.addValue(v, run, metric);
        }));
        JFreeChart chart = ChartFactory.createBarChart(title, "metric", "value", data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, png, 900, 420);
    }

    /**
     * Grouped bars with error bars: one group per metric, one bar per group of runs, each
     * {mean, half-width of its interval} (a half-width of NaN draws no bar).
     */
    public static void errorBars(Path png, String title, Map<String, Map<String, double[]>> meanAndHalfByGroup) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        meanAndHalfByGroup.forEach((group, metrics) -> metrics.forEach((metric, v) -> {
            if (Double.isFinite(v[0])) data.add(v[0], Double.isFinite(v[1]) ? v[1] : 0, group, metric);
        }));
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("metric"), new NumberAxis("mean, 95% interval"), new StatisticalBarRenderer());
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, png, 900, 420);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(new Color(250, 250, 250));
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (plot.getRenderer() instanceof XYLineAndShapeRenderer r && !(plot.getRangeAxis() instanceof LogAxis)) {
            for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) r.setSeriesStroke(i, new BasicStroke(1.6f));
        }
    }

    private static void save(JFreeChart chart, Path png, int width, int height) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height);
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
