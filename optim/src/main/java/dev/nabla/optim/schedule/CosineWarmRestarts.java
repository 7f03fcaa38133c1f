package dev.nabla.optim.schedule;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter, 2017), as PyTorch's
 * {@code CosineAnnealingWarmRestarts}: cycle {@code i = 0, 1, ...} lasts
 * {@code T_i = t0 * tMult^i} steps and within it
 * {@code lr = etaMin + (base - etaMin) (1 + cos(pi T_cur / T_i)) / 2}, with {@code T_cur}
 * the steps since the cycle began; at each restart the rate jumps back to the base.
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param t0 length of the first cycle, {@code >= 1}
 * @param tMult growth factor of the cycle length, {@code >= 1} (default 1)
 * @param etaMin the smallest learning rate, {@code >= 0} (default 0)
 */
public record CosineWarmRestarts(long t0, long tMult, double etaMin) implements Schedule {

    /**
     * Checks every value.
     *
     * @param t0 as described for the record
     * @param tMult as described for the record
     * @param etaMin as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public CosineWarmRestarts {
        Checks.atLeast("CosineWarmRestarts", "t0", t0, 1);
        Checks.atLeast("CosineWarmRestarts", "tMult", tMult, 1);
        Checks.nonNegative("CosineWarmRestarts", "etaMin", etaMin);
    }

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("CosineWarmRestarts", step);
        long cycle = t0;
        long current = step;
        // Whole cycles in integers, so restarts land exactly on their steps.
        while (current >= cycle) {
            current -= cycle;
            if (tMult > 1 && cycle > Long.MAX_VALUE / tMult) {
                break;
            }
            cycle *= tMult;
        }
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * current / cycle)) / 2;
    }
}
