package dev.nabla.optim.schedule;

/**
 * Cosine annealing from the base rate to {@code etaMin} over {@code tMax} steps, as the
 * closed form of PyTorch's {@code CosineAnnealingLR}:
 * {@code lr(t) = etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2}.
 * Past {@code tMax} the cosine continues, so the rate rises again (as PyTorch's); for
 * restarts from the top use {@link CosineWarmRestarts}.
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param tMax steps of one half-period, {@code >= 1}
 * @param etaMin the smallest learning rate, {@code >= 0} (default 0)
 */
public record CosineAnnealing(long tMax, double etaMin) implements Schedule {

    /**
     * Checks every value.
     *
     * @param tMax as described for the record
     * @param etaMin as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public CosineAnnealing {
        Checks.atLeast("CosineAnnealing", "tMax", tMax, 1);
        Checks.nonNegative("CosineAnnealing", "etaMin", etaMin);
    }

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("CosineAnnealing", step);
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
