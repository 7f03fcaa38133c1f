package dev.nabla.train;

import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Callback} keeps in a checkpoint so that a resumed run continues it: short
 * values as text (counters, a best score written with {@link Double#toString(double)}, which
 * reads back exactly) and tensors (fp32, stored bit for bit in the checkpoint file, for
 * example the best weights early stopping restores).
 *
 * @param values text values by key; copied, unmodifiable, in insertion order
 * @param tensors tensors by key; the map is copied (not the tensors), unmodifiable, in insertion order
 */
public record CallbackState(Map<String, String> values, Map<String, Tensor> tensors) {

    /** No state: what a callback without any keeps. */
    public static final CallbackState EMPTY = new CallbackState(Map.of(), Map.of());

    /**
     * Copies both maps.
     *
     * @param values as described for the record
     * @param tensors as described for the record
     * @throws NullPointerException if a map, a key or a value is null
     */
    public CallbackState {
        values = copy(values, "value");
        tensors = copy(tensors, "tensor");
    }

    private static <V> Map<String, V> copy(Map<String, V> map, String what) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(Objects.requireNonNull(k, "CallbackState: a " + what + " key is null"),
                Objects.requireNonNull(v, "CallbackState: the " + what + " of '" + k + "' is null")));
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param values text values by key
     * @return a state with those values and no tensors
     */
    public static CallbackState of(Map<String, String> values) {
        return new CallbackState(values, Map.of());
    }

    /** @return whether there is neither a value nor a tensor */
    public boolean isEmpty() {
        return values.isEmpty() && tensors.isEmpty();
    }
}
