package dev.nabla.train;

import dev.nabla.nn.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws a {@link History} with JFreeChart: losses on top, metrics (if any) below, epochs across. */
final class HistoryChart {

    private HistoryChart() {
    }

    static void write(History history, Path file, int width, int height) throws IOException {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("History.plot: expected a size of at least 100 x 100 pixels, got "
                    + width + " x " + height);
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // no display is needed to draw a PNG
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(subplot(history, List.of(EpochResult.TRAIN_LOSS, EpochResult.VAL_LOSS), "loss"), 2);
        List<String> metrics = history.columns().subList(3, history.columns().size() - 2);
        if (!metrics.isEmpty()) {
            plot.add(subplot(history, metrics, "metric"), 1);
        }
        JFreeChart chart = new JFreeChart("Training history", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(file, (java.io.OutputStream out) -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    private static XYPlot subplot(History history, List<String> columns, String label) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : columns) {
            XYSeries series = new XYSeries(name);
            double[] values = history.column(name);
            for (int i = 0; i < values.length; i++) {
                if (Double.isFinite(values[i])) {
                    series.add(history.epochs().get(i).epoch() + 1, values[i]); // epochs counted from 1 on the chart
                }
            }
            if (series.getItemCount() > 0) {
                data.addSeries(series);
            }
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
