package dev.nabla.nn.loss;

import dev.nabla.core.Tensor;

/**
 * How a loss turns its per-element values into the tensor it returns, as PyTorch's
 * {@code reduction} argument.
 */
public enum Reduction {
    /** No reduction: one loss value per element (or per sample, for class losses). */
    NONE,
    /** The mean of the per-element values (class losses: a weighted mean, see their docs). */
    MEAN,
    /** The sum of the per-element values. */
    SUM,
    /** The sum divided by the batch size {@code N = input.size(0)}; only {@code klDiv} accepts it. */
    BATCHMEAN;

    /**
     * Applies NONE, MEAN or SUM to per-element losses.
     *
     * @param op the loss name, for the error message
     * @param loss the per-element losses; not modified
     * @return {@code loss}, its mean (a scalar) or its sum (a scalar)
     * @throws IllegalArgumentException for BATCHMEAN, which only {@code klDiv} defines
     */
    Tensor apply(String op, Tensor loss) {
        return switch (this) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw notSupported(op);
        };
    }

    /** Throws unless this is NONE, MEAN or SUM. */
    void requireElementwise(String op) {
        if (this == BATCHMEAN) {
            throw notSupported(op);
        }
    }

    private IllegalArgumentException notSupported(String op) {
        return new IllegalArgumentException(op + ": reduction " + this
                + " is not supported, expected NONE, MEAN or SUM (BATCHMEAN is for klDiv)");
    }
}
