package dev.nabla.train;

/**
 * Thrown by {@link Trainer#fit} when a batch's loss is NaN or infinite. The loss is checked
 * before the backward pass, so the weights and the optimizer state are those after the last
 * good step, and no checkpoint is written with the bad step.
 */
public final class NonFiniteLossException extends ArithmeticException {

    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    private final long step;

    /**
     * @param step the step (from 1) whose loss was not finite
     * @param epoch the epoch number, from 0
     * @param batch the batch index in the epoch, from 0
     * @param loss the loss value
     */
    public NonFiniteLossException(long step, int epoch, int batch, double loss) {
        super("Trainer: the loss is " + loss + " at step " + step + " (epoch " + epoch + ", batch " + batch
                + "); training stopped before that step changed the weights, so they and the last checkpoint"
                + " hold the last good state");
        this.step = step;
    }

    /** @return the step (from 1) whose loss was not finite */
    public long step() {
        return step;
    }
}
