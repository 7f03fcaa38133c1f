package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019), as PyTorch's {@code torch.optim.AdamW}: {@link Adam}
 * with weight decay decoupled from the gradient, with optional AMSGrad.
 *
 * <p>At a parameter's step {@code t = 1, 2, ...}, with {@code m}, {@code v} (and {@code vmax})
 * as in {@link Adam}:
 * <pre>
 *   w    = w * (1 - lr * weightDecay)               (decay the weights, not the gradient)
 *   m    = beta1 * m + (1 - beta1) * g
 *   v    = beta2 * v + (1 - beta2) * g^2
 *   vmax = max(vmax, v);  use vmax for v below     (AMSGrad only)
 *   w    = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * The first moment is divided by {@code 1 - beta1^t} and the second by {@code 1 - beta2^t};
 * see {@link Adam} for why. Because the decay does not pass through the adaptive
 * denominator, every weight decays at the same relative rate {@code lr * weightDecay}.
 */
public final class AdamW extends Optimizer<Adam.Options> {

    private static final String NAME = "AdamW";

    /**
     * PyTorch's defaults for AdamW: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01,
     * no AMSGrad. AdamW takes {@link Adam.Options}; here {@code weightDecay} is the decoupled
     * decay per unit learning rate.
     *
     * @return the defaults
     */
    public static Adam.Options defaults() {
        return Adam.Options.defaults().withWeightDecay(0.01);
    }

    /**
     * One group of parameters with the same options.
     *
     * @param params leaf tensors that require grad; updated in place by {@link #step()}
     * @param options the hyper-parameters
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public AdamW(List<Tensor> params, Adam.Options options) {
        this(oneGroup(params, options));
    }

    /**
     * Several groups, each with its own options.
     *
     * @param groups the parameter groups
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public AdamW(List<ParamGroup<Adam.Options>> groups) {
        super(NAME, groups);
    }

    @Override
    List<String> bufferNames(Adam.Options o) {
        return AdamRule.bufferNames(o.amsgrad());
    }

    @Override
    void update(ParamState state, float[] w, float[] g, Adam.Options o, double lr, int from, int to) {
        AdamRule.update(state, w, g, lr, o.beta1(), o.beta2(), o.eps(), 0, o.weightDecay(), from, to);
    }
}
