package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reduces every group's learning rate by a factor when a monitored metric stops improving, as
 * PyTorch's {@code ReduceLROnPlateau}. Unlike the other schedules it depends on the history of
 * the metric, so it is stateful: call {@link #step(double)} once per evaluation (usually per
 * epoch) with the metric's value.
 *
 * <p>A value {@code a} improves on the best so far {@code b} when, in mode min,
 * {@code a < b (1 - threshold)} (relative) or {@code a < b - threshold} (absolute), and in mode
 * max {@code a > b (1 + threshold)} or {@code a > b + threshold}. After more than
 * {@code patience} evaluations in a row without improvement each group's rate becomes
 * {@code max(lr * factor, minLr)} (unchanged if that moves it by {@code eps} or less), and the
 * next {@code cooldown} evaluations are not counted as bad.
 *
 * <p>The rate is thus a function of the metric history alone: {@link #lr(Options, double,
 * double...)} gives it for a history without any optimizer or side effect (to plot it, say),
 * with the same code that {@link #step(double)} runs.
 */
public final class ReduceLrOnPlateau {

    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    /** Whether the metric should go down (a loss) or up (an accuracy). */
    public enum Mode {
        /** Lower is better. */
        MIN,
        /** Higher is better. */
        MAX
    }

    /** How {@code threshold} is compared. */
    public enum ThresholdMode {
        /** A relative change: a fraction of the best value. */
        REL,
        /** An absolute change, in the metric's units. */
        ABS
    }

    /**
     * The policy; PyTorch's defaults are those of {@link #defaults()}.
     *
     * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
     * names the class and the bad value.
     *
     * @param mode min or max (default min)
     * @param factor the factor applied to the rates, in (0, 1) (default 0.1)
     * @param patience evaluations without improvement tolerated before reducing, {@code >= 0} (default 10)
     * @param threshold the least change that counts as an improvement, {@code >= 0} (default 1e-4)
     * @param thresholdMode relative or absolute (default relative)
     * @param cooldown evaluations after a reduction during which bad ones are not counted, {@code >= 0} (default 0)
     * @param minLr the smallest rate for every group, {@code >= 0} (default 0)
     * @param eps reductions smaller than this are skipped, {@code >= 0} (default 1e-8)
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                          int cooldown, double minLr, double eps) {

        /**
         * Checks every value.
         *
         * @param mode as described for the record
         * @param factor as described for the record
         * @param patience as described for the record
         * @param threshold as described for the record
         * @param thresholdMode as described for the record
         * @param cooldown as described for the record
         * @param minLr as described for the record
         * @param eps as described for the record
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(thresholdMode, "thresholdMode");
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("ReduceLrOnPlateau: factor must be in (0, 1), got " + factor);
            }
            Checks.atLeast("ReduceLrOnPlateau", "patience", patience, 0);
            Checks.nonNegative("ReduceLrOnPlateau", "threshold", threshold);
            Checks.atLeast("ReduceLrOnPlateau", "cooldown", cooldown, 0);
            Checks.nonNegative("ReduceLrOnPlateau", "minLr", minLr);
            Checks.nonNegative("ReduceLrOnPlateau", "eps", eps);
        }

        /** @return PyTorch's defaults: min, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0, eps 1e-8 */
        public static Options defaults() {
            return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
        }
    }

    private final Optimizer<?> optimizer;
    private final Options options;
    private double best;
    private int badEvaluations;
    private int cooldownLeft;
    private long evaluations;

    /**
     * @param optimizer the optimizer whose group rates to reduce
     * @param options the policy
     */
    public ReduceLrOnPlateau(Optimizer<?> optimizer, Options options) {
        this(options, Objects.requireNonNull(optimizer, "optimizer"));
    }

    /** With {@code optimizer} null: bookkeeping only, for {@link #lr(Options, double, double...)}. */
    private ReduceLrOnPlateau(Options options, Optimizer<?> optimizer) {
        this.optimizer = optimizer;
        this.options = Objects.requireNonNull(options, "options");
        this.best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * The learning rate after a history of evaluations, for a rate that starts at
     * {@code initialLr}: what a group's rate would be after {@link #step(double)} was called
     * with each value in turn. Pure: nothing is changed or logged.
     *
     * @param options the policy
     * @param initialLr the rate before the first evaluation, finite and {@code >= 0}
     * @param metrics the metric's values, in order (none: {@code initialLr})
     * @return the rate after the last of them
     * @throws IllegalArgumentException for a negative or non-finite {@code initialLr}
     */
    public static double lr(Options options, double initialLr, double... metrics) {
        if (!(initialLr >= 0) || Double.isInfinite(initialLr)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau.lr: initialLr must be finite and >= 0, got "
                    + initialLr);
        }
        ReduceLrOnPlateau replay = new ReduceLrOnPlateau(options, null);
        double lr = initialLr;
        for (double m : metrics) {
            if (replay.observe(m)) {
                lr = replay.reduced(lr);
            }
        }
        return lr;
    }

    /**
     * Records one evaluation of the metric and reduces the rates if it has plateaued.
     *
     * @param metric the metric's value (a NaN never counts as an improvement)
     * @return whether the rates were reduced
     */
    public boolean step(double metric) {
        if (!observe(metric)) {
            return false;
        }
        for (int g = 0; g < optimizer.groupCount(); g++) {
            double old = optimizer.lr(g);
            double lr = reduced(old);
            if (lr != old) {
                optimizer.setLr(g, lr);
                LOG.info("ReduceLrOnPlateau: evaluation {}: learning rate of group {} reduced from {} to {}",
                        evaluations, g, old, lr);
            }
        }
        return true;
    }

    /** Counts one evaluation; returns whether the rates are due for a cut (and starts the cooldown then). */
    private boolean observe(double metric) {
        evaluations++;
        if (improves(metric)) {
            best = metric;
            badEvaluations = 0;
        } else {
            badEvaluations++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEvaluations = 0;
        }
        if (badEvaluations > options.patience()) {
            cooldownLeft = options.cooldown();
            badEvaluations = 0;
            return true;
        }
        return false;
    }

    /** A rate after a cut: {@code max(lr * factor, minLr)}, or {@code lr} itself if that moves it by eps or less. */
    private double reduced(double lr) {
        double cut = Math.max(lr * options.factor(), options.minLr());
        return lr - cut > options.eps() ? cut : lr;
    }

    private boolean improves(double a) {
        double t = options.threshold();
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        if (options.mode() == Mode.MIN) {
            return a < (rel ? best * (1 - t) : best - t);
        }
        return a > (rel ? best * (1 + t) : best + t);
    }

    /** @return the best metric value so far (infinite before the first evaluation) */
    public double best() {
        return best;
    }

    /** @return evaluations in a row without improvement, as counted towards the patience */
    public int badEvaluations() {
        return badEvaluations;
    }

    /** @return the policy */
    public Options options() {
        return options;
    }

    /**
     * @return {@code best}, {@code num_bad_epochs}, {@code cooldown_counter} and {@code last_epoch}
     *     (PyTorch's names), for checkpoints; the rates themselves live in the optimizer's state
     */
    public Map<String, Double> stateDict() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("best", best);
        m.put("num_bad_epochs", (double) badEvaluations);
        m.put("cooldown_counter", (double) cooldownLeft);
        m.put("last_epoch", (double) evaluations);
        return m;
    }

    /**
     * Restores a state from {@link #stateDict()}.
     *
     * @param state the saved state; not modified
     * @throws IllegalArgumentException if the keys differ or a count is not a whole number
     *     {@code >= 0}; nothing changes then
     */
    public void loadStateDict(Map<String, Double> state) {
        Set<String> keys = stateDict().keySet();
        if (!state.keySet().equals(keys)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau.loadStateDict: expected keys " + keys + ", got "
                    + state.keySet());
        }
        for (String k : new String[] {"num_bad_epochs", "cooldown_counter", "last_epoch"}) {
            double v = state.get(k);
            if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE && !k.equals("last_epoch")) {
                throw new IllegalArgumentException("ReduceLrOnPlateau.loadStateDict: " + k
                        + " must be a whole number >= 0, got " + v);
            }
        }
        best = state.get("best");
        badEvaluations = (int) (double) state.get("num_bad_epochs");
        cooldownLeft = (int) (double) state.get("cooldown_counter");
        evaluations = (long) (double) state.get("last_epoch");
    }
}
