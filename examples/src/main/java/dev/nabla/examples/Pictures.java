package dev.nabla.examples;

import dev.nabla.nn.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The examples' pictures, drawn headless and written as PNG files atomically: a grid of images
 * with captions, a confusion matrix, line charts, and paths over a filled contour plot.
 */
final class Pictures {

    /** Distinct colours for series, in order (the "tableau 10" palette). */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // no display is needed to draw a PNG
        }
    }

    private Pictures() {
    }

    /**
     * Draws images in a grid, each with a caption of one or two lines below it.
     *
     * @param images each image's pixels in [0, 1], {@code channels * height * width} floats in
     *     (C, H, W) order; 1 channel is grey, 3 are red, green, blue
     * @param channels 1 or 3
     * @param height image height in pixels
     * @param width image width in pixels
     * @param captions one per image; a {@code '\n'} splits it into two lines
     * @param columns images per row
     * @param file the PNG to write
     * @throws IOException if the file cannot be written
     */
    static void imageGrid(List<float[]> images, int channels, int height, int width, List<String> captions,
                          int columns, Path file) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("imageGrid: expected 1 or 3 channels, got " + channels);
        }
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException("imageGrid: " + captions.size() + " captions for " + images.size()
                    + " images");
        }
        int scale = Math.max(1, 84 / Math.max(height, width));
        int cellW = Math.max(width * scale, 104) + 8;
        int cellH = height * scale + 38;
        int rows = Math.max(1, (images.size() + columns - 1) / columns);
        BufferedImage canvas = new BufferedImage(columns * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(canvas);
        for (int k = 0; k < images.size(); k++) {
            int x0 = (k % columns) * cellW + (cellW - width * scale) / 2;
            int y0 = (k / columns) * cellH + 4;
            float[] px = images.get(k);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    g.setColor(pixel(px, channels, height * width, y * width + x));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            g.setColor(Color.DARK_GRAY);
            String[] lines = captions.get(k).split("\n", 2);
            for (int l = 0; l < lines.length; l++) {
                centred(g, lines[l], (k % columns) * cellW + cellW / 2, y0 + height * scale + 15 + 14 * l);
            }
        }
        g.dispose();
        writePng(canvas, file);
    }

    /**
     * Draws a confusion matrix: row {@code t}, column {@code p} holds how many examples of true
     * class {@code t} were predicted as {@code p}; cells are shaded by their share of the row.
     *
     * @param counts a square matrix of counts, indexed [true][predicted]
     * @param classes the class names, one per row
     * @param title the title above the matrix
     * @param file the PNG to write
     * @throws IOException if the file cannot be written
     */
    static void confusionMatrix(long[][] counts, List<String> classes, String title, Path file) throws IOException {
        int k = counts.length;
        if (classes.size() != k) {
            throw new IllegalArgumentException("confusionMatrix: " + classes.size() + " names for " + k + " classes");
        }
        int cell = 46;
        int left = 110;
        int top = 60;
        BufferedImage canvas = new BufferedImage(left + k * cell + 20, top + k * cell + 70, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(canvas);
        g.setColor(Color.BLACK);
        centred(g, title, canvas.getWidth() / 2, 20);
        centred(g, "predicted", left + k * cell / 2, top + k * cell + 55);
        for (int t = 0; t < k; t++) {
            long rowSum = 0;
            for (long c : counts[t]) {
                rowSum += c;
            }
            for (int p = 0; p < k; p++) {
                double share = rowSum == 0 ? 0 : (double) counts[t][p] / rowSum;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                centred(g, Long.toString(counts[t][p]), left + p * cell + cell / 2, top + t * cell + cell / 2 + 5);
            }
            g.setColor(Color.BLACK);
            g.drawString(shorten(classes.get(t), 14), 6, top + t * cell + cell / 2 + 5);
            centred(g, shorten(classes.get(t), 6), left + t * cell + cell / 2, top + k * cell + 18);
        }
        g.drawString("true", 6, top - 8);
        g.dispose();
        writePng(canvas, file);
    }

    /**
     * Draws curves against a common x axis with JFreeChart.
     *
     * @param title the chart title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param series the curves by name, each as {x values, y values}; non-finite points are skipped
     * @param logY whether the y axis is logarithmic (then non-positive points are skipped too)
     * @param file the PNG to write
     * @throws IOException if the file cannot be written
     */
    static void lineChart(String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logY,
                          Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(ys[i]) && (!logY || ys[i] > 0)) {
                    s.add(xs[i], ys[i]);
                }
            }
            data.addSeries(s);
        }
        ValueAxis yAxis = logY ? new LogarithmicAxis(yLabel) : new NumberAxis(yLabel);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, new NumberAxis(xLabel), yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(file, (OutputStream out) -> ChartUtils.writeChartAsPNG(out, chart, 900, 560));
    }

    /**
     * Draws paths over a filled contour plot of {@code f}: the plane is coloured in bands of
     * equal {@code log(1 + f - min)}, so the bands are level sets; each path is a polyline with
     * a dot at its start and its name in the legend.
     *
     * @param f the function of (x, y)
     * @param xMin left edge
     * @param xMax right edge
     * @param yMin bottom edge
     * @param yMax top edge
     * @param paths named paths, each a list of (x, y) points
     * @param mark a point to mark with a cross (e.g. the minimum), or {@code null}
     * @param title the title drawn at the top left
     * @param file the PNG to write
     * @throws IOException if the file cannot be written
     */
    static void contourPaths(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax,
                             Map<String, List<double[]>> paths, double[] mark, String title, Path file)
            throws IOException {
        int w = 800;
        int h = (int) Math.round(w * (yMax - yMin) / (xMax - xMin));
        double[] levels = new double[w * h];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double v = f.applyAsDouble(xMin + (i + 0.5) * (xMax - xMin) / w, yMax - (j + 0.5) * (yMax - yMin) / h);
                levels[j * w + i] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double top = Math.log1p(hi - lo);
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int bands = 14;
        for (int p = 0; p < levels.length; p++) {
            int band = (int) Math.min(bands - 1, bands * Math.log1p(levels[p] - lo) / top);
            float t = (float) band / (bands - 1);
            canvas.setRGB(p % w, p / w, new Color(0.93f - 0.45f * (1 - t), 0.93f - 0.25f * (1 - t), 0.96f).getRGB());
        }
        Graphics2D g = start(canvas, false);
        drawGrid(g, w, h, xMin, xMax, yMin, yMax);
        int s = 0;
        int legendY = 20;
        for (Map.Entry<String, List<double[]>> e : paths.entrySet()) {
            g.setColor(PALETTE[s++ % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            List<double[]> pts = e.getValue();
            int[] xs = new int[pts.size()];
            int[] ys = new int[pts.size()];
            for (int k = 0; k < pts.size(); k++) {
                xs[k] = (int) Math.round((pts.get(k)[0] - xMin) / (xMax - xMin) * w);
                ys[k] = (int) Math.round((yMax - pts.get(k)[1]) / (yMax - yMin) * h);
            }
            g.drawPolyline(xs, ys, xs.length);
            if (xs.length > 0) {
                g.fillOval(xs[0] - 4, ys[0] - 4, 8, 8);
            }
            g.fillRect(w - 170, legendY - 9, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), w - 145, legendY - 3);
            legendY += 18;
        }
        g.setColor(Color.BLACK);
        if (mark != null) {
            int mx = (int) Math.round((mark[0] - xMin) / (xMax - xMin) * w);
            int my = (int) Math.round((yMax - mark[1]) / (yMax - yMin) * h);
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(mx - 7, my - 7, mx + 7, my + 7);
            g.drawLine(mx - 7, my + 7, mx + 7, my - 7);
        }
        g.setFont(FONT.deriveFont(Font.BOLD, 14f));
        g.drawString(title, 10, 20);
        g.dispose();
        writePng(canvas, file);
    }

    /** Light grid lines at whole coordinates, labelled along the bottom and left edges. */
    private static void drawGrid(Graphics2D g, int w, int h, double xMin, double xMax, double yMin, double yMax) {
        g.setStroke(new BasicStroke(1f));
        for (long x = (long) Math.floor(xMin) + 1; x < xMax; x++) {
            int px = (int) Math.round((x - xMin) / (xMax - xMin) * w);
            g.setColor(new Color(255, 255, 255, 160));
            g.drawLine(px, 0, px, h);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Long.toString(x), px + 3, h - 5);
        }
        for (long y = (long) Math.floor(yMin) + 1; y < yMax; y++) {
            int py = (int) Math.round((yMax - y) / (yMax - yMin) * h);
            g.setColor(new Color(255, 255, 255, 160));
            g.drawLine(0, py, w, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Long.toString(y), 4, py - 3);
        }
    }

    /**
     * Draws a two-class probability map with labelled points over it: each pixel is blended
     * between the colours of class 0 and class 1 by the probability of class 1 there, the
     * level 0.5 (the decision boundary) is drawn dark, and each point is a dot in its class's
     * colour.
     *
     * @param probability maps the pixel centres, {@code (x, y)} pairs of all pixels row by row,
     *     to the probability of class 1 at each, in [0, 1] (one call, so a model can take them as
     *     one batch)
     * @param xMin left edge
     * @param xMax right edge
     * @param yMin bottom edge
     * @param yMax top edge
     * @param points the points' coordinates, (x, y) pairs
     * @param labels each point's class, 0 or 1
     * @param title the title drawn at the top left
     * @param file the PNG to write
     * @throws IOException if the file cannot be written
     */
    static void probabilityMap(UnaryOperator<float[]> probability, double xMin, double xMax, double yMin,
                               double yMax, float[] points, int[] labels, String title, Path file)
            throws IOException {
        if (points.length != 2 * labels.length) {
            throw new IllegalArgumentException("probabilityMap: " + points.length + " coordinates for "
                    + labels.length + " labels; expected two per label");
        }
        int w = 800;
        int h = (int) Math.round(w * (yMax - yMin) / (xMax - xMin));
        Color[] classColour = {PALETTE[0], PALETTE[1]};
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] centres = new float[2 * w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                centres[2 * (j * w + i)] = (float) (xMin + (i + 0.5) * (xMax - xMin) / w);
                centres[2 * (j * w + i) + 1] = (float) (yMax - (j + 0.5) * (yMax - yMin) / h);
            }
        }
        float[] probabilities = probability.apply(centres);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double p = probabilities[j * w + i];
                Color c = Math.abs(p - 0.5) < 0.01 ? Color.DARK_GRAY : blend(classColour[0], classColour[1], p);
                canvas.setRGB(i, j, c.getRGB());
            }
        }
        Graphics2D g = start(canvas, false);
        drawGrid(g, w, h, xMin, xMax, yMin, yMax);
        for (int k = 0; k < labels.length; k++) {
            int px = (int) Math.round((points[2 * k] - xMin) / (xMax - xMin) * w);
            int py = (int) Math.round((yMax - points[2 * k + 1]) / (yMax - yMin) * h);
            g.setColor(classColour[labels[k]].darker());
            g.fillOval(px - 4, py - 4, 8, 8);
            g.setColor(Color.WHITE);
            g.drawOval(px - 4, py - 4, 8, 8);
        }
        g.setColor(Color.BLACK);
        g.setFont(FONT.deriveFont(Font.BOLD, 14f));
        g.drawString(title, 10, 20);
        g.dispose();
        writePng(canvas, file);
    }

    /** A pale mix of {@code a} (at t = 0) and {@code b} (at t = 1). */
    private static Color blend(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(a.getRed() * (1 - u) + b.getRed() * u);
        int gr = (int) Math.round(a.getGreen() * (1 - u) + b.getGreen() * u);
        int bl = (int) Math.round(a.getBlue() * (1 - u) + b.getBlue() * u);
        return new Color((r + 2 * 255) / 3, (gr + 2 * 255) / 3, (bl + 2 * 255) / 3);
    }

    private static Graphics2D start(BufferedImage canvas) {
        return start(canvas, true);
    }

    private static Graphics2D start(BufferedImage canvas, boolean clear) {
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        if (clear) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        }
        return g;
    }

    private static Color pixel(float[] px, int channels, int plane, int at) {
        if (channels == 1) {
            int v = level(px[at]);
            return new Color(v, v, v);
        }
        return new Color(level(px[at]), level(px[plane + at]), level(px[2 * plane + at]));
    }

    private static int level(float v) {
        return (int) Math.round(255 * Math.max(0f, Math.min(1f, v)));
    }

    private static void centred(Graphics2D g, String text, int cx, int baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, cx - m.stringWidth(text) / 2, baseline);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + ".";
    }

    private static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, (OutputStream out) -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
