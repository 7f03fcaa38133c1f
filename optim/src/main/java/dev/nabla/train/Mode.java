package dev.nabla.train;

/** Whether a monitored value improves by going down (a loss) or up (an accuracy). */
public enum Mode {
    /** Smaller is better. */
    MIN,
    /** Larger is better. */
    MAX;

    /**
     * @param candidate the new value
     * @param best the best value so far (NaN when there is none yet)
     * @param minDelta the least change that counts as an improvement, {@code >= 0}
     * @return whether {@code candidate} beats {@code best} by more than {@code minDelta}; a NaN
     *     candidate never improves, and any other value improves on a NaN best
     */
    public boolean improves(double candidate, double best, double minDelta) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return this == MIN ? candidate < best - minDelta : candidate > best + minDelta;
    }
}
