package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.nn.StateDicts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * <p>Its state (the best value and its epoch, the epochs waited and, with {@code restoreBest},
 * a copy of the best weights) is part of every checkpoint the trainer writes, so a run resumed
 * in a new process keeps its patience and still restores the best weights, even those of an
 * epoch that ran before the resume. The copy of the weights makes such a checkpoint about
 * twice the size of the model's.
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

    private static final String BEST = "best";
    private static final String BEST_EPOCH = "bestEpoch";
    private static final String WAIT = "wait";
    private static final String WEIGHTS = "weights.";

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
        if (finished && bestWeights != null && bestEpoch != trainer.history().size() - 1) {
            trainer.model().loadStateDict(bestWeights);
            LOG.info("restored the weights of epoch {} ({} = {})", bestEpoch + 1, options.monitor(), best);
        }
    }

    /**
     * The best value ({@code best}, its exact text), its epoch ({@code bestEpoch}), the epochs
     * waited since ({@code wait}) and, with {@code restoreBest} once there is a best epoch, its
     * weights: the model's state dict under {@code weights.<name>} (integer buffers as fp32,
     * exact up to 2^24).
     */
    @Override
    public CallbackState state() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(BEST, Double.toString(best));
        values.put(BEST_EPOCH, Integer.toString(bestEpoch));
        values.put(WAIT, Integer.toString(wait));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        if (bestWeights != null) {
            bestWeights.forEach((k, t) -> tensors.put(WEIGHTS + k, t));
        }
        return new CallbackState(values, tensors);
    }

    /**
     * Restores what {@link #state()} wrote; an empty state changes nothing.
     *
     * @throws IllegalArgumentException if a value is missing or malformed ({@code bestEpoch < -1},
     *     {@code wait < 0}), an unknown key is present, or the weights do not match the trainer's
     *     model (names and shapes); nothing changes then
     */
    @Override
    public void loadState(Trainer trainer, CallbackState state) {
        if (state.isEmpty()) {
            return;
        }
        Map<String, String> values = state.values();
        if (!values.keySet().equals(Set.of(BEST, BEST_EPOCH, WAIT))) {
            throw new IllegalArgumentException("EarlyStopping.loadState: expected the values " + List.of(BEST,
                    BEST_EPOCH, WAIT) + ", got " + values.keySet());
        }
        double b;
        int e;
        int w;
        try {
            b = Double.parseDouble(values.get(BEST));
            e = Integer.parseInt(values.get(BEST_EPOCH));
            w = Integer.parseInt(values.get(WAIT));
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException("EarlyStopping.loadState: malformed value in " + values, x);
        }
        if (e < -1 || w < 0) {
            throw new IllegalArgumentException("EarlyStopping.loadState: expected bestEpoch >= -1 and wait >= 0, got "
                    + e + " and " + w);
        }
        Map<String, Tensor> weights = bestWeightsIn(trainer, state.tensors());
        best = b;
        bestEpoch = e;
        wait = w;
        bestWeights = options.restoreBest() ? weights : null;
    }

    /** The weights stored in a state, copied and checked against the trainer's model; null if none. */
    private static Map<String, Tensor> bestWeightsIn(Trainer trainer, Map<String, Tensor> tensors) {
        if (tensors.isEmpty()) {
            return null;
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        tensors.forEach((k, t) -> {
            if (k.startsWith(WEIGHTS)) {
                weights.put(k.substring(WEIGHTS.length()), t);
            } else {
                foreign.add(k);
            }
        });
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("EarlyStopping.loadState: expected only tensors named '" + WEIGHTS
                    + "<name>', got " + foreign);
        }
        StateDicts.check("EarlyStopping.loadState (best weights)", trainer.model(), weights, true);
        weights.replaceAll((k, t) -> t.clone());
        return weights;
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
