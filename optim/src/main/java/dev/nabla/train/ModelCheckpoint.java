package dev.nabla.train;

import dev.nabla.nn.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link Checkpoint}s into a directory: {@value #LAST} after every epoch (and, if asked,
 * every {@code everySteps} optimizer steps), and {@value #BEST} after each epoch whose monitored
 * value is the best so far. Each file is replaced atomically, so a crash during a write leaves
 * the previous one intact. The files carry the monitored value and epoch in their metadata
 * ({@code user.monitor}, {@code user.best}, {@code user.epoch}).
 */
public final class ModelCheckpoint implements Callback {

    /** The file name of the latest checkpoint. */
    public static final String LAST = "last.safetensors";
    /** The file name of the best checkpoint. */
    public static final String BEST = "best.safetensors";

    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoint.class);

    /**
     * @param directory where to write (created if missing)
     * @param monitor the {@link History} column that decides the best, e.g. {@code "val_loss"}
     * @param mode whether smaller or larger is better
     * @param everySteps also write {@value #LAST} every this many steps; 0 for epoch ends only
     */
    public record Options(Path directory, String monitor, Mode mode, long everySteps) {

        /**
         * @param directory as described for the record
         * @param monitor as described for the record
         * @param mode as described for the record
         * @param everySteps as described for the record
         * @throws IllegalArgumentException if {@code everySteps < 0}
         */
        public Options {
            Objects.requireNonNull(directory, "ModelCheckpoint: directory is null");
            Objects.requireNonNull(monitor, "ModelCheckpoint: monitor is null");
            Objects.requireNonNull(mode, "ModelCheckpoint: mode is null");
            if (everySteps < 0) {
                throw new IllegalArgumentException("ModelCheckpoint: expected everySteps >= 0, got " + everySteps);
            }
        }
    }

    private final Options options;
    private double best = Double.NaN;

    /** @param options where, what to monitor and how often */
    public ModelCheckpoint(Options options) {
        this.options = Objects.requireNonNull(options, "ModelCheckpoint: options is null");
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        try {
            Files.createDirectories(options.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot create " + options.directory(), e);
        }
        Path bestFile = options.directory().resolve(BEST);
        if (Double.isNaN(best) && Files.exists(bestFile)) {
            // A resumed run: the best so far is the one recorded with the existing best file, so
            // that a worse first epoch after resuming does not replace it.
            try {
                Map<String, String> meta = SafeTensors.read(bestFile).metadata();
                if (options.monitor().equals(meta.get("user.monitor")) && meta.containsKey("user.best")) {
                    best = Double.parseDouble(meta.get("user.best"));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("ModelCheckpoint: cannot read the best value from {} ({}); it will be replaced",
                        bestFile, e.toString());
            }
        }
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult batch) {
        if (options.everySteps() > 0 && batch.step() % options.everySteps() == 0) {
            write(trainer, LAST, batch.epoch());
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        if (options.mode().improves(result.value(options.monitor()), best, 0)) {
            best = result.value(options.monitor());
            write(trainer, BEST, result.epoch());
        }
        write(trainer, LAST, result.epoch());
    }

    private void write(Trainer trainer, String name, int epoch) {
        Path file = options.directory().resolve(name);
        try {
            trainer.saveCheckpoint(file, Map.of("monitor", options.monitor(), "best", Double.toString(best),
                    "epoch", Integer.toString(epoch)));
            LOG.debug("wrote {} at step {}", file, trainer.step());
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot write " + file, e);
        }
    }

    /** @return the best monitored value so far, NaN before the first epoch */
    public double best() {
        return best;
    }

    /** @return the path of the latest checkpoint */
    public Path lastFile() {
        return options.directory().resolve(LAST);
    }

    /** @return the path of the best checkpoint */
    public Path bestFile() {
        return options.directory().resolve(BEST);
    }
}
