package dev.nabla.optim.schedule;

/**
 * Decay by {@code gamma} every step, as PyTorch's {@code ExponentialLR}:
 * {@code lr(t) = base * gamma^t}.
 *
 * @param gamma the factor per step, {@code >= 0}
 */
public record ExponentialDecay(double gamma) implements Schedule {

    /**
     * Validates.
     *
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
