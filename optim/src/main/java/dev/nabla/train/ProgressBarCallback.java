package dev.nabla.train;

import java.io.PrintStream;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch (on standard error), drawn by the
 * <a href="https://github.com/ctongfei/progressbar">progressbar</a> library: batches done out of
 * the epoch's, throughput in batches per second, the elapsed time and an ETA, and the epoch's
 * running mean loss. A {@link Trainer} adds one unless {@link Trainer.Options#progressBar()} is
 * off.
 */
public final class ProgressBarCallback implements Callback {

    private final PrintStream out;
    private ProgressBar bar;

    /** Draws on standard error, in place when it is a terminal (the library decides). */
    public ProgressBarCallback() {
        this.out = null;
    }

    /**
     * Draws on the given stream, one line per update (no terminal control).
     *
     * @param out where to draw the bars
     */
    public ProgressBarCallback(PrintStream out) {
        this.out = Objects.requireNonNull(out, "ProgressBarCallback: out is null");
    }

    @Override
    public void onEpochBegin(Trainer trainer) {
        close();
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("epoch " + (trainer.epoch() + 1) + "/" + trainer.epochs())
                .setInitialMax(trainer.batchCount())
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" batches", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250);
        if (out != null) {
            builder.setConsumer(new ConsoleProgressBarConsumer(out));
        }
        bar = builder.build();
        bar.stepTo(trainer.batch());
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult batch) {
        if (bar != null) {
            bar.stepTo(batch.batch() + 1L);
            bar.setExtraMessage(String.format(" loss %.4f", trainer.epochLoss()));
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        close();
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        close();
    }

    @Override
    public void onTrainFailed(Trainer trainer, RuntimeException error) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
