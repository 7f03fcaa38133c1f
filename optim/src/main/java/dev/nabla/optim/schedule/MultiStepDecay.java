package dev.nabla.optim.schedule;

import java.util.List;

/**
 * Decay by {@code gamma} at each milestone, as PyTorch's {@code MultiStepLR}:
 * {@code lr(t) = base * gamma^(number of milestones m with m <= t)}.
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param milestones the steps at which to decay, strictly increasing, each {@code >= 1}; copied
 * @param gamma the factor per milestone, {@code >= 0} (PyTorch's default 0.1)
 */
public record MultiStepDecay(List<Long> milestones, double gamma) implements Schedule {

    /**
     * Checks every value.
     *
     * @param milestones as described for the record
     * @param gamma as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public MultiStepDecay {
        milestones = List.copyOf(milestones);
        for (int i = 0; i < milestones.size(); i++) {
            long m = milestones.get(i);
            if (m < 1 || (i > 0 && m <= milestones.get(i - 1))) {
                throw new IllegalArgumentException("MultiStepDecay: milestones must be >= 1 and strictly increasing, got "
                        + milestones);
            }
        }
        Checks.nonNegative("MultiStepDecay", "gamma", gamma);
    }

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("MultiStepDecay", step);
        int passed = 0;
        while (passed < milestones.size() && milestones.get(passed) <= step) {
            passed++;
        }
        return baseLr * Math.pow(gamma, passed);
    }
}
