package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011), as PyTorch's {@code torch.optim.Adagrad}: each
 * coordinate's step is divided by the root of the sum of its squared gradients, so its
 * effective learning rate {@code lr_t / (sqrt(s) + eps)} only ever decreases.
 *
 * <p>At a parameter's step {@code t = 1, 2, ...}, with {@code s} the accumulator ({@code sum},
 * starting at {@code initialAccumulator}):
 * <pre>
 *   d    = g + weightDecay * w
 *   lr_t = lr / (1 + (t - 1) * lrDecay)
 *   s    = s + d^2
 *   w    = w - lr_t * d / (sqrt(s) + eps)
 * </pre>
 */
public final class AdaGrad extends Optimizer<AdaGrad.Options> {

    private static final String NAME = "AdaGrad";
    private static final String SUM = "sum";

    /**
     * AdaGrad's hyper-parameters; PyTorch's defaults are those of {@link #defaults()}.
     *
     * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
     * names the optimizer and the bad value.
     *
     * @param lr learning rate, {@code >= 0} (default 0.01)
     * @param lrDecay decay of the learning rate per step, {@code >= 0} (default 0)
     * @param weightDecay L2 coefficient, {@code >= 0} (default 0)
     * @param initialAccumulator starting value of the accumulator, {@code >= 0} (default 0)
     * @param eps added to the root for stability, {@code > 0} (default 1e-10)
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps)
            implements OptimizerOptions {

        /**
         * Checks every value.
         *
         * @param lr as described for the record
         * @param lrDecay as described for the record
         * @param weightDecay as described for the record
         * @param initialAccumulator as described for the record
         * @param eps as described for the record
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            Checks.nonNegative(NAME, "lr", lr);
            Checks.nonNegative(NAME, "lr_decay", lrDecay);
            Checks.nonNegative(NAME, "weight_decay", weightDecay);
            Checks.nonNegative(NAME, "initial_accumulator_value", initialAccumulator);
            Checks.positive(NAME, "eps", eps);
        }

        /** @return PyTorch's defaults: lr 0.01, lr_decay 0, weight_decay 0, initial accumulator 0, eps 1e-10 */
        public static Options defaults() {
            return new Options(0.01, 0, 0, 0, 1e-10);
        }

        /**
         * @param lr the learning rate
         * @return a copy with it
         */
        public Options withLr(double lr) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulator, eps);
        }

        /**
         * @param lrDecay the learning-rate decay
         * @return a copy with it
         */
        public Options withLrDecay(double lrDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulator, eps);
        }

        /**
         * @param weightDecay the L2 coefficient
         * @return a copy with it
         */
        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulator, eps);
        }

        /**
         * @param initialAccumulator the accumulator's start
         * @return a copy with it
         */
        public Options withInitialAccumulator(double initialAccumulator) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulator, eps);
        }

        /**
         * @param eps the stabiliser
         * @return a copy with it
         */
        public Options withEps(double eps) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulator, eps);
        }

        @Override
        public Map<String, Double> hyperParameters() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("lr_decay", lrDecay);
            m.put("weight_decay", weightDecay);
            m.put("initial_accumulator_value", initialAccumulator);
            m.put("eps", eps);
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
    public AdaGrad(List<Tensor> params, Options options) {
        this(oneGroup(params, options));
    }

    /**
     * Several groups, each with its own options.
     *
     * @param groups the parameter groups
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public AdaGrad(List<ParamGroup<Options>> groups) {
        super(NAME, groups);
    }

    @Override
    List<String> bufferNames(Options o) {
        return List.of(SUM);
    }

    @Override
    float initialValue(String buffer, Options o) {
        return (float) o.initialAccumulator();
    }

    @Override
    void update(ParamState state, float[] w, float[] g, Options o, double lr, int from, int to) {
        float rate = (float) (lr / (1 + (state.step - 1) * o.lrDecay()));
        float decay = (float) o.weightDecay();
        float eps = (float) o.eps();
        float[] s = state.buffer(SUM);
        for (int i = from; i < to; i++) {
            float d = g[i] + decay * w[i];
            s[i] += d * d;
            float root = (float) Math.sqrt(s[i]) + eps;
            w[i] -= rate * (d / root);
        }
    }
}
