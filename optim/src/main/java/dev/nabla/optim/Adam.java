package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), as PyTorch's {@code torch.optim.Adam}, with optional AMSGrad.
 *
 * <p>Adam keeps exponential moving averages of the gradient ({@code exp_avg}, {@code m}) and of
 * its square ({@code exp_avg_sq}, {@code v}), both starting at 0. At a parameter's step
 * {@code t = 1, 2, ...}:
 * <pre>
 *   d    = g + weightDecay * w                      (L2 penalty folded into the gradient)
 *   m    = beta1 * m + (1 - beta1) * d
 *   v    = beta2 * v + (1 - beta2) * d^2
 *   vmax = max(vmax, v);  use vmax for v below     (AMSGrad only; {@code max_exp_avg_sq})
 *   mHat = m / (1 - beta1^t)
 *   vHat = v / (1 - beta2^t)
 *   w    = w - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 * (computed, as PyTorch does, as {@code w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}).
 *
 * <p><b>Bias correction.</b> The first moment is divided by {@code 1 - beta1^t} and the
 * second by {@code 1 - beta2^t}, each by the correction of its own decay rate; some notes
 * print them swapped, which is wrong. Unrolled, {@code m_t = (1 - beta1) sum_{k<=t}
 * beta1^(t-k) g_k}, so for gradients of stationary mean {@code E[m_t] = (1 - beta1^t) E[g]}:
 * a zero-initialised average is biased towards 0 by exactly the factor {@code 1 - beta1^t},
 * and dividing by it removes the bias. The same argument with {@code beta2} and {@code g^2}
 * gives {@code E[v_t] = (1 - beta2^t) E[g^2]}. With these corrections the first step is
 * {@code lr * g / (|g| + eps)}: of size about {@code lr} whatever the scale of the gradient.
 * With weight decay, use {@link AdamW} unless the L2 coupling is wanted.
 */
public final class Adam extends Optimizer<Adam.Options> {

    private static final String NAME = "Adam";

    /**
     * Adam's hyper-parameters; PyTorch's defaults are those of {@link #defaults()}.
     *
     * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
     * names the optimizer and the bad value.
     *
     * @param lr learning rate, {@code >= 0} (default 1e-3)
     * @param beta1 decay rate of the first moment, in [0, 1) (default 0.9)
     * @param beta2 decay rate of the second moment, in [0, 1) (default 0.999)
     * @param eps added to the denominator for stability, {@code > 0} (default 1e-8)
     * @param weightDecay L2 coefficient added to the gradient, {@code >= 0} (default 0)
     * @param amsgrad use the running maximum of the second moment (default false)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements OptimizerOptions {

        /**
         * Checks every value.
         *
         * @param lr as described for the record
         * @param beta1 as described for the record
         * @param beta2 as described for the record
         * @param eps as described for the record
         * @param weightDecay as described for the record
         * @param amsgrad as described for the record
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            Checks.nonNegative(NAME, "lr", lr);
            Checks.fraction(NAME, "beta1", beta1);
            Checks.fraction(NAME, "beta2", beta2);
            Checks.positive(NAME, "eps", eps);
            Checks.nonNegative(NAME, "weight_decay", weightDecay);
        }

        /** @return PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no AMSGrad */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false);
        }

        /**
         * @param lr the learning rate
         * @return a copy with it
         */
        public Options withLr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /**
         * @param beta1 the first moment's decay
         * @param beta2 the second's
         * @return a copy with them
         */
        public Options withBetas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /**
         * @param eps the stabiliser
         * @return a copy with it
         */
        public Options withEps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /**
         * @param weightDecay the weight decay
         * @return a copy with it
         */
        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /**
         * @param amsgrad whether to use AMSGrad
         * @return a copy with it
         */
        public Options withAmsgrad(boolean amsgrad) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        @Override
        public Map<String, Double> hyperParameters() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("betas.0", beta1);
            m.put("betas.1", beta2);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("amsgrad", Checks.flag(amsgrad));
            return Collections.unmodifiableMap(m);
        }
    }

    /**
     * One group of parameters with the same options.
     *
     * @param params leaf tensors that require grad; updated in place by {@link #step()}
     * @param options the hyper-parameters
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public Adam(List<Tensor> params, Options options) {
        this(oneGroup(params, options));
    }

    /**
     * Several groups, each with its own options.
     *
     * @param groups the parameter groups
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public Adam(List<ParamGroup<Options>> groups) {
        super(NAME, groups);
    }

    @Override
    List<String> bufferNames(Options o) {
        return AdamRule.bufferNames(o.amsgrad());
    }

    @Override
    void update(ParamState state, float[] w, float[] g, Options o, double lr, int from, int to) {
        AdamRule.update(state, w, g, lr, o.beta1(), o.beta2(), o.eps(), o.weightDecay(), 0, from, to);
    }
}
