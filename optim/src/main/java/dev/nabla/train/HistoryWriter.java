package dev.nabla.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keeps {@value #CSV} and {@value #PNG} in a directory up to date: after every epoch the
 * trainer's whole {@link History} is written as CSV and drawn as a chart, each file replaced
 * atomically, so a run stopped at any point leaves both files readable.
 */
public final class HistoryWriter implements Callback {

    /** The file name of the CSV history. */
    public static final String CSV = "history.csv";
    /** The file name of the chart. */
    public static final String PNG = "history.png";

    private final Path directory;
    private final int width;
    private final int height;

    /**
     * @param directory where to write (created if missing)
     * @param width the chart's width in pixels, {@code >= 100}
     * @param height the chart's height in pixels, {@code >= 100}
     * @throws IllegalArgumentException if a size is below 100
     */
    public HistoryWriter(Path directory, int width, int height) {
        this.directory = Objects.requireNonNull(directory, "HistoryWriter: directory is null");
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("HistoryWriter: expected a size of at least 100 x 100 pixels, got "
                    + width + " x " + height);
        }
        this.width = width;
        this.height = height;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        try {
            Files.createDirectories(directory);
            trainer.history().writeCsv(directory.resolve(CSV));
            trainer.history().plot(directory.resolve(PNG), width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("HistoryWriter: cannot write into " + directory, e);
        }
    }
}
