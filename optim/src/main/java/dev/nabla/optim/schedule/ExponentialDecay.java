package dev.nabla.optim.schedule;

/**
 * Decay by {@code gamma} every step, as PyTorch's {@code ExponentialLR}:
 * {@code lr(t) = base * gamma^t}.
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param gamma the factor per step, {@code >= 0}
 */
public record ExponentialDecay(double gamma) implements Schedule {

    /**
     * Checks every value.
     *
     * @param gamma as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public ExponentialDecay {
        Checks.nonNegative("ExponentialDecay", "gamma", gamma);
    }

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("ExponentialDecay", step);
        return baseLr * Math.pow(gamma, step);
    }
}
