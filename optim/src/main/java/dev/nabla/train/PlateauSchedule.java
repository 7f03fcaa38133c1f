package dev.nabla.train;

import dev.nabla.optim.schedule.ReduceLrOnPlateau;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Drives a {@link ReduceLrOnPlateau} from a {@link Trainer}: after every epoch it passes the
 * monitored value (e.g. {@code val_loss}) to {@link ReduceLrOnPlateau#step(double)}, which
 * lowers the learning rates when the value has stopped improving. Its state (best value, bad
 * epochs, cool-down) is stored in checkpoints, and the rates with the optimizer's, so a resumed
 * run continues it.
 */
public final class PlateauSchedule implements Callback {

    private final ReduceLrOnPlateau plateau;
    private final String monitor;

    /**
     * @param plateau the schedule, built on the trainer's optimizer
     * @param monitor the epoch value to watch, e.g. {@link EpochResult#VAL_LOSS}
     */
    public PlateauSchedule(ReduceLrOnPlateau plateau, String monitor) {
        this.plateau = Objects.requireNonNull(plateau, "PlateauSchedule: plateau is null");
        this.monitor = Objects.requireNonNull(monitor, "PlateauSchedule: monitor is null");
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        plateau.step(result.value(monitor));
    }

    /** @return the schedule's state dict, each value as the exact text of its double */
    @Override
    public Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        plateau.stateDict().forEach((k, v) -> out.put(k, Double.toString(v)));
        return out;
    }

    @Override
    public void loadState(Map<String, String> state) {
        if (state.isEmpty()) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        state.forEach((k, v) -> values.put(k, Double.parseDouble(v)));
        plateau.loadStateDict(values);
    }

    /** @return the schedule this callback drives */
    public ReduceLrOnPlateau plateau() {
        return plateau;
    }
}
