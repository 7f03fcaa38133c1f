package dev.nabla.optim.schedule;

/**
 * Decay by {@code gamma} every {@code stepSize} steps, as PyTorch's {@code StepLR}:
 * {@code lr(t) = base * gamma^floor(t / stepSize)}.
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param stepSize steps between decays, {@code >= 1}
 * @param gamma the factor per decay, {@code >= 0} (PyTorch's default 0.1)
 */
public record StepDecay(long stepSize, double gamma) implements Schedule {

    /**
     * Checks every value.
     *
     * @param stepSize as described for the record
     * @param gamma as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public StepDecay {
        Checks.atLeast("StepDecay", "stepSize", stepSize, 1);
        Checks.nonNegative("StepDecay", "gamma", gamma);
    }

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("StepDecay", step);
        return baseLr * Math.pow(gamma, step / stepSize);
    }
}
