package dev.nabla.optim.schedule;

import java.util.Objects;

/**
 * A linear warm-up followed by another schedule: for {@code t < warmupSteps},
 * {@code lr(t) = base * (startFactor + (1 - startFactor) t / warmupSteps)} (PyTorch's
 * {@code LinearLR} to factor 1); from then on {@code lr(t) = after.lr(base, t - warmupSteps)},
 * so the following schedule starts at its own step 0 (as in PyTorch's {@code SequentialLR}).
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param warmupSteps length of the warm-up, {@code >= 1}
 * @param startFactor fraction of the base rate at step 0, in [0, 1]
 * @param after the schedule after the warm-up
 */
public record LinearWarmup(long warmupSteps, double startFactor, Schedule after) implements Schedule {

    /**
     * Checks every value.
     *
     * @param warmupSteps as described for the record
     * @param startFactor as described for the record
     * @param after as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public LinearWarmup {
        Checks.atLeast("LinearWarmup", "warmupSteps", warmupSteps, 1);
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: startFactor must be in [0, 1], got " + startFactor);
        }
        Objects.requireNonNull(after, "LinearWarmup: after");
    }

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("LinearWarmup", step);
        if (step < warmupSteps) {
            return baseLr * (startFactor + (1 - startFactor) * step / warmupSteps);
        }
        return after.lr(baseLr, step - warmupSteps);
    }
}
