package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state dict: PyTorch's nested {@code {"state": ..., "param_groups": ...}}
 * flattened into string keys. Parameters are numbered {@code 0, 1, ...} across all groups in
 * order.
 *
 * <ul>
 *   <li>{@code tensors}: per-parameter buffers, {@code state.<i>.<buffer>} (for example
 *       {@code state.0.exp_avg}), each of its parameter's shape;</li>
 *   <li>{@code scalars}: per-parameter step counts {@code state.<i>.step}, and per group
 *       {@code param_groups.<g>.lr}, {@code param_groups.<g>.params} (the number of
 *       parameters in the group) and every other hyper-parameter by its PyTorch name
 *       ({@code param_groups.<g>.weight_decay}, {@code param_groups.<g>.betas.0}, ...).</li>
 * </ul>
 * Scalars are doubles, so learning rates and step counts round-trip exactly.
 *
 * @param tensors buffers by name; copied, unmodifiable, in insertion order
 * @param scalars step counts and hyper-parameters by name; copied, unmodifiable, in insertion order
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Double> scalars) {

    /**
     * Copies both maps (the tensors themselves are not copied).
     *
     * @param tensors as described for the record
     * @param scalars as described for the record
     */
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }
}
