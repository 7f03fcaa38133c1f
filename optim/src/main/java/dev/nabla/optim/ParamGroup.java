package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A group of parameters updated with the same hyper-parameters.
 *
 * @param params the parameters: leaf tensors that require grad, not modified here; the list is
 *     copied
 * @param options the group's hyper-parameters, learning rate included
 * @param <O> the optimizer's options type
 */
public record ParamGroup<O extends OptimizerOptions>(List<Tensor> params, O options) {

    /**
     * Copies the list and checks that nothing is null.
     *
     * @param params as described for the record
     * @param options as described for the record
     * @throws NullPointerException if the list, an element or the options are null
     */
    public ParamGroup {
        params = List.copyOf(params);
        Objects.requireNonNull(options, "options");
    }
}
