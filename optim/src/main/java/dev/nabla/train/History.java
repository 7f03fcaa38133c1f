package dev.nabla.train;

import dev.nabla.nn.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch results of a training run, in epoch order, with a CSV form and a PNG chart.
 *
 * <p>CSV columns: {@code epoch, train_loss, val_loss, <metrics...>, lr, seconds}; numbers are
 * written with {@link Double#toString(double)}, which reads back to the same double, so a
 * history saved in a checkpoint and read back is identical.
 */
public final class History {

    private final List<EpochResult> epochs = new ArrayList<>();

    /** Makes an empty history. */
    public History() {
    }

    /**
     * Appends an epoch's results.
     *
     * @param result the results; its metric names must be those of the epochs already held
     * @throws IllegalArgumentException if the metric names differ from the earlier epochs'
     */
    public void add(EpochResult result) {
        if (!epochs.isEmpty() && !epochs.get(0).metrics().keySet().equals(result.metrics().keySet())) {
            throw new IllegalArgumentException("History.add: metrics " + result.metrics().keySet()
                    + " differ from the earlier epochs' " + epochs.get(0).metrics().keySet());
        }
        epochs.add(result);
    }

    /** @return the epochs' results, in order (an unmodifiable view) */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** @return the number of epochs held */
    public int size() {
        return epochs.size();
    }

    /**
     * @param name a column name (see {@link EpochResult#value(String)})
     * @return that column's values, one per epoch
     * @throws IllegalArgumentException if there is no such column
     */
    public double[] column(String name) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).value(name);
        }
        return out;
    }

    /** @return the column names of {@link #toCsv()} */
    public List<String> columns() {
        List<String> names = new ArrayList<>(List.of(EpochResult.EPOCH, EpochResult.TRAIN_LOSS, EpochResult.VAL_LOSS));
        if (!epochs.isEmpty()) {
            names.addAll(epochs.get(0).metrics().keySet());
        }
        names.add(EpochResult.LR);
        names.add(EpochResult.SECONDS);
        return names;
    }

    /** @return the history as CSV: a header line, then one line per epoch, each ending in {@code \n} */
    public String toCsv() {
        List<String> names = columns();
        StringBuilder sb = new StringBuilder(String.join(",", names)).append('\n');
        for (EpochResult r : epochs) {
            for (int c = 0; c < names.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(c == 0 ? Integer.toString(r.epoch()) : Double.toString(r.value(names.get(c))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses what {@link #toCsv()} wrote.
     *
     * @param csv the text
     * @return the history
     * @throws IllegalArgumentException if the header lacks a fixed column or a line is malformed
     */
    public static History fromCsv(String csv) {
        String[] lines = csv.split("\n");
        String[] names = lines[0].split(",", -1);
        List<String> fixed = List.of(EpochResult.EPOCH, EpochResult.TRAIN_LOSS, EpochResult.VAL_LOSS,
                EpochResult.LR, EpochResult.SECONDS);
        if (!List.of(names).containsAll(fixed)) {
            throw new IllegalArgumentException("History.fromCsv: expected the columns " + fixed + ", got "
                    + lines[0]);
        }
        History h = new History();
        for (int l = 1; l < lines.length; l++) {
            if (lines[l].isEmpty()) {
                continue;
            }
            String[] cells = lines[l].split(",", -1);
            if (cells.length != names.length) {
                throw new IllegalArgumentException("History.fromCsv: line " + (l + 1) + " has " + cells.length
                        + " cells, expected " + names.length);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int c = 0; c < names.length; c++) {
                double v;
                try {
                    v = Double.parseDouble(cells[c]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("History.fromCsv: line " + (l + 1) + ", column " + names[c]
                            + ": not a number: '" + cells[c] + "'", e);
                }
                (fixed.contains(names[c]) ? values : metrics).put(names[c], v);
            }
            h.add(new EpochResult((int) (double) values.get(EpochResult.EPOCH), values.get(EpochResult.TRAIN_LOSS),
                    values.get(EpochResult.VAL_LOSS), metrics, values.get(EpochResult.LR),
                    values.get(EpochResult.SECONDS)));
        }
        return h;
    }

    /**
     * Writes {@link #toCsv()} to a file, atomically (a temporary file renamed into place).
     *
     * @param file the destination; replaced
     * @throws IOException if writing fails (the destination is then as it was)
     */
    public void writeCsv(Path file) throws IOException {
        byte[] bytes = toCsv().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, (java.io.OutputStream out) -> out.write(bytes));
    }

    /**
     * Draws the losses, and below them the metrics if there are any, against the epoch, as a
     * PNG image (no display needed: AWT runs headless).
     *
     * @param file the destination; replaced atomically
     * @param width the image width in pixels, {@code >= 100}
     * @param height the image height in pixels, {@code >= 100}
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if a size is below 100
     */
    public void plot(Path file, int width, int height) throws IOException {
        HistoryChart.write(this, file, width, height);
    }
}
