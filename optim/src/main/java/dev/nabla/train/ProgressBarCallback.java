package dev.nabla.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch (on standard error), drawn by the
 * <a href="https://github.com/ctongfei/progressbar">progressbar</a> library: batches done out of
 * the epoch's, the elapsed time and the ETA (the library's, from the batches still to run at the
 * pace of those done), then the epoch's running mean loss and the throughput in examples per
 * second (the examples of the batches this bar has seen over the wall time since it started).
 * A {@link Trainer} adds one unless {@link Trainer.Options#progressBar()} is off.
 *
 * <p>When a run resumes inside an epoch, the bar starts at the batch reached, and the ETA and
 * throughput count only the batches run since.
 */
public final class ProgressBarCallback implements Callback {

    /** The width of the lines drawn on a given stream, in characters. */
    static final int STREAM_WIDTH = 120;

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private ProgressBar bar;
    private long startNanos;
    private long examples;

    /** Draws on standard error, in place when it is a terminal (the library decides). */
    public ProgressBarCallback() {
        this(null, System::nanoTime);
    }

    /**
     * Draws on the given stream, one line of at most {@value #STREAM_WIDTH} characters per
     * update (no terminal control).
     *
     * @param out where to draw the bars
     */
    public ProgressBarCallback(PrintStream out) {
        this(Objects.requireNonNull(out, "ProgressBarCallback: out is null"), System::nanoTime);
    }

    /** Draws on {@code out} (standard error if null), timing the throughput with {@code nanoTime}. */
    ProgressBarCallback(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = Objects.requireNonNull(nanoTime, "ProgressBarCallback: nanoTime is null");
    }

    @Override
    public void onEpochBegin(Trainer trainer) {
        close();
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("epoch " + (trainer.epoch() + 1) + "/" + trainer.epochs())
                .setInitialMax(trainer.batchCount())
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" batches", 1)
                .startsFrom(trainer.batch(), Duration.ZERO)
                .setUpdateIntervalMillis(250);
        if (out != null) {
            builder.setConsumer(new ConsoleProgressBarConsumer(out, STREAM_WIDTH));
        }
        bar = builder.build();
        startNanos = nanoTime.getAsLong();
        examples = 0;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult batch) {
        if (bar != null) {
            examples += batch.examples();
            bar.stepTo(batch.batch() + 1L);
            bar.setExtraMessage(message(trainer.epochLoss(), examples, nanoTime.getAsLong() - startNanos));
            if (batch.batch() + 1 >= trainer.batchCount()) {
                // The epoch's training is done: finish the bar's line now, so that the validation
                // and the trainer's log line for the epoch start on a line of their own.
                close();
            }
        }
    }

    /**
     * The text after the bar: {@code " loss 0.1234, 512 ex/s"} (examples per second).
     *
     * @param loss the epoch's running mean loss
     * @param examples the examples trained on since the bar started
     * @param nanos the wall time since the bar started, in nanoseconds
     * @return the text; the throughput is left out until some time has passed
     */
    static String message(double loss, long examples, long nanos) {
        String text = String.format(Locale.ROOT, " loss %.4f", loss);
        return nanos <= 0 ? text : text + String.format(Locale.ROOT, ", %.0f ex/s", examples * 1e9 / nanos);
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
