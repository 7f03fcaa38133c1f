package dev.nabla.train;

/**
 * Hooks into a {@link Trainer}'s loop. Every method does nothing by default; override the ones
 * needed. Callbacks run on the training thread, in the order they were given; a callback can
 * end training with {@link Trainer#requestStop()}.
 */
public interface Callback {

    /**
     * Called once when {@link Trainer#fit} starts (also when it resumes from a checkpoint).
     *
     * @param trainer the trainer
     */
    default void onTrainBegin(Trainer trainer) {
    }

    /**
     * Called before an epoch's first batch (or, when resuming inside an epoch, before its next batch).
     *
     * @param trainer the trainer; {@link Trainer#epoch()} is the epoch starting
     */
    default void onEpochBegin(Trainer trainer) {
    }

    /**
     * Called after every optimizer step.
     *
     * @param trainer the trainer; its counters already include this step
     * @param batch what the step did
     */
    default void onBatchEnd(Trainer trainer, BatchResult batch) {
    }

    /**
     * Called after an epoch's validation, once its result is in the history. The trainer's
     * counters already point at the next epoch, so a checkpoint written here resumes there.
     *
     * @param trainer the trainer
     * @param result what the epoch measured
     */
    default void onEpochEnd(Trainer trainer, EpochResult result) {
    }

    /**
     * Called once when {@link Trainer#fit} returns normally (after all epochs, or after a stop).
     *
     * @param trainer the trainer
     */
    default void onTrainEnd(Trainer trainer) {
    }

    /**
     * Called once when {@link Trainer#fit} is about to throw, instead of {@link #onTrainEnd}.
     *
     * @param trainer the trainer
     * @param error what went wrong
     */
    default void onTrainFailed(Trainer trainer, RuntimeException error) {
    }

    /**
     * The callback's own state, as text, to be stored in checkpoints so that a resumed run
     * continues it (an early-stopping counter, say). Empty by default.
     *
     * @return key-value pairs; keys without dots
     */
    default java.util.Map<String, String> state() {
        return java.util.Map.of();
    }

    /**
     * Restores what {@link #state()} returned, when a trainer resumes from a checkpoint.
     *
     * @param state the pairs stored in the checkpoint (empty if it held none for this callback)
     */
    default void loadState(java.util.Map<String, String> state) {
    }
}
