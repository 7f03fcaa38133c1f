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
    public CallbackState state() {
        Map<String, String> out = new LinkedHashMap<>();
        plateau.stateDict().forEach((k, v) -> out.put(k, Double.toString(v)));
        return CallbackState.of(out);
    }

    /**
     * Restores the schedule's state dict; an empty state changes nothing.
     *
     * @throws IllegalArgumentException if a value is not a number or the schedule rejects the
     *     state (see {@link ReduceLrOnPlateau#loadStateDict}); nothing changes then
     */
    @Override
    public void loadState(Trainer trainer, CallbackState state) {
        if (state.isEmpty()) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            state.values().forEach((k, v) -> values.put(k, Double.parseDouble(v)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PlateauSchedule.loadState: malformed value in " + state.values(), e);
        }
        plateau.loadStateDict(values);
    }

    /** @return the schedule this callback drives */
    public ReduceLrOnPlateau plateau() {
        return plateau;
    }
}
