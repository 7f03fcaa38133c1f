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
     * The callback's own state, stored in checkpoints so that a resumed run continues it (an
     * early-stopping counter and best weights, say). Called by {@link Trainer#checkpoint}; the
     * tensors returned must not change afterwards (return copies, or tensors never updated in
     * place). Empty by default.
     *
     * @return the state; keys may contain dots
     */
    default CallbackState state() {
        return CallbackState.EMPTY;
    }

    /**
     * Restores what {@link #state()} returned, when a trainer resumes from a checkpoint (after
     * the model, optimizer and scheduler are restored). Check everything before changing
     * anything: on an exception the trainer puts back what it had restored and rethrows.
     *
     * @param trainer the trainer resuming
     * @param state what the checkpoint held for this callback ({@link CallbackState#EMPTY} if
     *     nothing); its tensors belong to the checkpoint: copy what is kept
     * @throws IllegalArgumentException if the state does not fit this callback or the trainer
     */
    default void loadState(Trainer trainer, CallbackState state) {
    }
}
