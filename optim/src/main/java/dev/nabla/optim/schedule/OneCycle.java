package dev.nabla.optim.schedule;

/**
 * The one-cycle policy (Smith and Topin, 2019), as PyTorch's {@code OneCycleLR} (learning
 * rate only; momentum is not cycled). The group's base rate is the peak {@code max}; with
 * {@code initial = max / divFactor} and {@code min = initial / finalDivFactor}, the rate
 * anneals from {@code initial} up to {@code max} over the first {@code pctStart} of the
 * steps, then down to {@code min} at step {@code totalSteps - 1}. Three-phase: up to
 * {@code max}, back down to {@code initial} over as many steps, then down to {@code min}.
 *
 * <p>Phase ends are PyTorch's: {@code pctStart * totalSteps - 1}, then
 * ({@code 2 pctStart * totalSteps - 2}, three-phase only) and {@code totalSteps - 1}. Within a
 * phase from {@code a} to {@code b} at fraction {@code p} of it, cosine annealing gives
 * {@code b + (a - b) (1 + cos(pi p)) / 2} and linear {@code a + (b - a) p}.
 *
 * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
 * names the schedule and the bad value.
 *
 * @param totalSteps the number of steps in the cycle, {@code >= 2}
 * @param pctStart the fraction of steps spent increasing, in (0, 1) (default 0.3)
 * @param cosine anneal along a cosine (default) rather than linearly
 * @param divFactor {@code initial = max / divFactor}, {@code > 0} (default 25)
 * @param finalDivFactor {@code min = initial / finalDivFactor}, {@code > 0} (default 1e4)
 * @param threePhase use the three-phase variant (default false)
 */
public record OneCycle(long totalSteps, double pctStart, boolean cosine, double divFactor, double finalDivFactor,
                       boolean threePhase) implements Schedule {

    /**
     * Checks every value.
     *
     * @param totalSteps as described for the record
     * @param pctStart as described for the record
     * @param cosine as described for the record
     * @param divFactor as described for the record
     * @param finalDivFactor as described for the record
     * @param threePhase as described for the record
     * @throws IllegalArgumentException naming the bad value
     */
    public OneCycle {
        Checks.atLeast("OneCycle", "totalSteps", totalSteps, 2);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("OneCycle: pctStart must be in (0, 1), got " + pctStart);
        }
        Checks.positive("OneCycle", "divFactor", divFactor);
        Checks.positive("OneCycle", "finalDivFactor", finalDivFactor);
        double[] ends = ends(totalSteps, pctStart, threePhase);
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] <= (i == 0 ? 0 : ends[i - 1])) {
                throw new IllegalArgumentException("OneCycle: with totalSteps " + totalSteps + " and pctStart "
                        + pctStart + " phase " + i + " would be empty (phase ends " + java.util.Arrays.toString(ends)
                        + ")");
            }
        }
    }

    /**
     * PyTorch's defaults for the given length: pctStart 0.3, cosine, divFactor 25,
     * finalDivFactor 1e4, two phases.
     *
     * @param totalSteps the number of steps in the cycle
     * @return the schedule
     */
    public static OneCycle of(long totalSteps) {
        return new OneCycle(totalSteps, 0.3, true, 25, 1e4, false);
    }

    private static double[] ends(long total, double pct, boolean three) {
        double up = pct * total - 1;
        return three ? new double[] {up, 2 * pct * total - 2, total - 1} : new double[] {up, total - 1};
    }

    /**
     * {@inheritDoc}
     *
     * @param baseLr the peak rate {@code max}
     * @throws IllegalArgumentException also for a step beyond {@code totalSteps}
     */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("OneCycle", step);
        if (step > totalSteps) {
            throw new IllegalArgumentException("OneCycle: step " + step + " is beyond the cycle's " + totalSteps
                    + " steps");
        }
        double initial = baseLr / divFactor;
        double min = initial / finalDivFactor;
        double[] ends = ends(totalSteps, pctStart, threePhase);
        double[] from = threePhase ? new double[] {initial, baseLr, initial} : new double[] {initial, baseLr};
        double[] to = threePhase ? new double[] {baseLr, initial, min} : new double[] {baseLr, min};
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (step <= ends[i] || i == ends.length - 1) {
                double p = (step - start) / (ends[i] - start);
                return cosine ? to[i] + (from[i] - to[i]) * (1 + Math.cos(Math.PI * p)) / 2
                        : from[i] + (to[i] - from[i]) * p;
            }
            start = ends[i];
        }
        throw new AssertionError("unreachable");
    }
}
