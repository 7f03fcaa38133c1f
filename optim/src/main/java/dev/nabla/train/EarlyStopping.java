package dev.nabla.train;

import dev.nabla.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored value has not improved for {@code patience} epochs, as
 * Keras's {@code EarlyStopping}: an epoch improves when its value beats the best so far by more
 * than {@code minDelta}. With {@code restoreBest}, the weights of the best epoch are copied into
 * the model when training ends, after this callback's stop or after the last epoch (not when
 * another callback interrupts the run inside an epoch, so that a checkpoint taken then resumes
 * from the weights the run actually had).
 *
 * <p>Its counters live in memory only; a checkpointed run resumed in a new process starts them
 * afresh.
 */
public final class EarlyStopping implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    /**
     * @param monitor the {@link History} column to watch, e.g. {@code "val_loss"}
     * @param mode whether smaller or larger is better
     * @param patience how many epochs without improvement end training, {@code >= 1}
     * @param minDelta the least change that counts as an improvement, {@code >= 0}
     * @param restoreBest whether to load the best epoch's weights when training ends
     */
    public record Options(String monitor, Mode mode, int patience, double minDelta, boolean restoreBest) {

        /**
         * @param monitor as described for the record
         * @param mode as described for the record
         * @param patience as described for the record
         * @param minDelta as described for the record
         * @param restoreBest as described for the record
         * @throws IllegalArgumentException if {@code patience < 1} or {@code minDelta} is negative or NaN
         */
        public Options {
            Objects.requireNonNull(monitor, "EarlyStopping: monitor is null");
            Objects.requireNonNull(mode, "EarlyStopping: mode is null");
            if (patience < 1 || !(minDelta >= 0)) {
                throw new IllegalArgumentException("EarlyStopping: expected patience >= 1 and minDelta >= 0, got "
                        + patience + " and " + minDelta);
            }
        }

        /**
         * @param patience how many epochs without improvement end training
         * @return options watching {@code val_loss} (smaller is better) with no minimum delta,
         *     restoring the best weights
         */
        public static Options valLoss(int patience) {
            return new Options(EpochResult.VAL_LOSS, Mode.MIN, patience, 0, true);
        }
    }

    private final Options options;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /** @param options what to watch and how patiently */
    public EarlyStopping(Options options) {
        this.options = Objects.requireNonNull(options, "EarlyStopping: options is null");
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        double v = result.value(options.monitor());
        if (options.mode().improves(v, best, options.minDelta())) {
            best = v;
            bestEpoch = result.epoch();
            wait = 0;
            if (options.restoreBest()) {
                bestWeights = new LinkedHashMap<>();
                trainer.model().stateDict().forEach((k, t) -> bestWeights.put(k, t.clone()));
            }
        } else if (++wait >= options.patience()) {
            stoppedEpoch = result.epoch();
            LOG.info("early stopping after epoch {}: {} has not improved on {} (epoch {}) for {} epochs",
                    result.epoch() + 1, options.monitor(), best, bestEpoch + 1, wait);
            trainer.requestStop();
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        boolean finished = stoppedEpoch >= 0 || trainer.epoch() >= trainer.epochs();
        if (finished && options.restoreBest() && bestWeights == null && bestEpoch >= 0
                && bestEpoch != trainer.history().size() - 1) {
            LOG.warn("early stopping: the best epoch ({}) ran before the run resumed; its weights were not kept"
                    + " (a ModelCheckpoint's best file holds them)", bestEpoch + 1);
        }
        if (finished && bestWeights != null && bestEpoch != trainer.history().size() - 1) {
            trainer.model().loadStateDict(bestWeights);
            LOG.info("restored the weights of epoch {} ({} = {})", bestEpoch + 1, options.monitor(), best);
        }
    }

    /**
     * The best value, its epoch and the epochs waited since, so that a resumed run keeps its
     * patience. The best weights are not part of it: after a resume, the weights restored at
     * the end are the best of the epochs run since (a warning says so if an earlier epoch was
     * better).
     */
    @Override
    public Map<String, String> state() {
        return Map.of("best", Double.toString(best), "bestEpoch", Integer.toString(bestEpoch),
                "wait", Integer.toString(wait));
    }

    @Override
    public void loadState(Map<String, String> state) {
        if (state.isEmpty()) {
            return;
        }
        double b = Double.parseDouble(state.get("best"));
        int e = Integer.parseInt(state.get("bestEpoch"));
        int w = Integer.parseInt(state.get("wait"));
        best = b;
        bestEpoch = e;
        wait = w;
        bestWeights = null;
    }

    /** @return the best monitored value so far, NaN before the first epoch */
    public double best() {
        return best;
    }

    /** @return the epoch (from 0) of the best value, -1 before the first epoch */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return the epoch (from 0) after which training was stopped, -1 if it was not */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
