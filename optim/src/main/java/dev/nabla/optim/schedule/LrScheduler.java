package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Drives an optimizer's learning rates with a {@link Schedule}: each group's rate is set to
 * {@code schedule.lr(base_g, count)}, where {@code base_g} is the group's rate when the
 * driver was made and {@code count} the number of times it has been advanced (PyTorch's
 * {@code last_epoch}). The rates for count 0 are set at construction.
 *
 * <p>Advance it per optimizer step or per epoch: call {@link #step()} directly, or let a
 * training loop call both {@link #afterBatch()} and {@link #afterEpoch()} and the
 * {@link Interval} chosen here decide which one counts.
 */
public final class LrScheduler {

    /** What one count of the schedule is. */
    public enum Interval {
        /** One optimizer step (a batch). */
        STEP,
        /** One epoch. */
        EPOCH
    }

    private final Optimizer<?> optimizer;
    private final Schedule schedule;
    private final Interval interval;
    private final double[] baseLrs;
    private long count;

    /**
     * Records the groups' current rates as their bases and sets the rates for count 0.
     *
     * @param optimizer the optimizer whose group rates to set
     * @param schedule the schedule
     * @param interval what one count is
     * @throws IllegalArgumentException if the schedule rejects step 0 or gives a negative or non-finite rate
     */
    public LrScheduler(Optimizer<?> optimizer, Schedule schedule, Interval interval) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.baseLrs = new double[optimizer.groupCount()];
        for (int g = 0; g < baseLrs.length; g++) {
            baseLrs[g] = optimizer.lr(g);
        }
        apply();
    }

    /** Advances the count by one and sets the group rates for it. */
    public void step() {
        count++;
        apply();
    }

    /** Advances if the interval is {@link Interval#STEP}; call after every optimizer step. */
    public void afterBatch() {
        if (interval == Interval.STEP) {
            step();
        }
    }

    /** Advances if the interval is {@link Interval#EPOCH}; call after every epoch. */
    public void afterEpoch() {
        if (interval == Interval.EPOCH) {
            step();
        }
    }

    private void apply() {
        for (int g = 0; g < baseLrs.length; g++) {
            optimizer.setLr(g, schedule.lr(baseLrs[g], count));
        }
    }

    /** @return how many times the driver has advanced */
    public long count() {
        return count;
    }

    /** @return the schedule */
    public Schedule schedule() {
        return schedule;
    }

    /** @return what one count is */
    public Interval interval() {
        return interval;
    }

    /**
     * @param group a group index
     * @return the group's base rate
     * @throws IndexOutOfBoundsException for a bad index
     */
    public double baseLr(int group) {
        return baseLrs[Objects.checkIndex(group, baseLrs.length)];
    }

    /** @return the count as {@code last_epoch} and the bases as {@code base_lrs.<g>}, for checkpoints */
    public Map<String, Double> stateDict() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("last_epoch", (double) count);
        for (int g = 0; g < baseLrs.length; g++) {
            m.put("base_lrs." + g, baseLrs[g]);
        }
        return m;
    }

    /**
     * Restores a state from {@link #stateDict()} and sets the group rates for it.
     *
     * @param state the saved state; not modified
     * @throws IllegalArgumentException if a key is missing or unknown, the count is not a whole
     *     number {@code >= 0}, or a base rate is negative; nothing changes then
     */
    public void loadStateDict(Map<String, Double> state) {
        Map<String, Double> expected = stateDict();
        if (!state.keySet().equals(expected.keySet())) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: expected keys " + expected.keySet()
                    + ", got " + state.keySet());
        }
        double c = state.get("last_epoch");
        if (!(c >= 0) || c != Math.rint(c) || c > 1L << 53) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: last_epoch must be a whole number >= 0, got " + c);
        }
        double[] bases = new double[baseLrs.length];
        for (int g = 0; g < bases.length; g++) {
            bases[g] = state.get("base_lrs." + g);
            if (!(bases[g] >= 0) || Double.isInfinite(bases[g])) {
                throw new IllegalArgumentException("LrScheduler.loadStateDict: base_lrs." + g
                        + " must be finite and >= 0, got " + bases[g]);
            }
            schedule.lr(bases[g], (long) c);
        }
        System.arraycopy(bases, 0, baseLrs, 0, bases.length);
        count = (long) c;
        apply();
    }
}
