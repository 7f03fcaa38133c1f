package dev.nabla.optim;

import java.util.Map;

/**
 * The hyper-parameters of one parameter group of an {@link Optimizer}: a small immutable
 * record per optimizer ({@link Sgd.Options}, {@link Adam.Options}, ...), validated when it is
 * made. Each group of an optimizer has its own options, so groups can override any of them.
 */
public interface OptimizerOptions {

    /** @return the initial learning rate of the group (units of the parameters per unit gradient) */
    double lr();

    /**
     * The hyper-parameters other than the learning rate, by their PyTorch names (booleans as
     * 0 and 1, pairs such as {@code betas} as {@code betas.0} and {@code betas.1}); written to
     * the optimizer's state dict as {@code param_groups.<g>.<name>}.
     *
     * @return an ordered, unmodifiable map
     */
    Map<String, Double> hyperParameters();
}
