package dev.nabla.train;

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

    private ProgressBar bar;

    /** Makes the callback; bars are created as epochs start. */
    public ProgressBarCallback() {
    }

    @Override
    public void onEpochBegin(Trainer trainer) {
        close();
        bar = new ProgressBarBuilder()
                .setTaskName("epoch " + (trainer.epoch() + 1) + "/" + trainer.epochs())
                .setInitialMax(trainer.batchCount())
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" batches", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
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
