package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSProp (Hinton), as PyTorch's {@code torch.optim.RMSprop}: each coordinate's step is
 * divided by the root of an exponential moving average of its squared gradients, so the
 * effective learning rate adapts to the recent gradient scale but, unlike AdaGrad's, does not
 * decay to zero.
 *
 * <p>With {@code v} the mean square ({@code square_avg}), {@code m} the mean gradient
 * ({@code grad_avg}, centred variant only) and {@code b} the momentum buffer
 * ({@code momentum_buffer}, when {@code momentum > 0}), all starting at 0:
 * <pre>
 *   d = g + weightDecay * w
 *   v = alpha * v + (1 - alpha) * d^2
 *   m = alpha * m + (1 - alpha) * d                       (centred)
 *   r = sqrt(v - m^2) + eps  (centred)   or   r = sqrt(v) + eps
 *   b = momentum * b + d / r;  w = w - lr * b             (momentum > 0)
 *   w = w - lr * d / r                                    (otherwise)
 * </pre>
 */
public final class RmsProp extends Optimizer<RmsProp.Options> {

    private static final String NAME = "RMSProp";
    private static final String SQUARE_AVG = "square_avg";
    private static final String MOMENTUM_BUFFER = "momentum_buffer";
    private static final String GRAD_AVG = "grad_avg";

    /**
     * RMSProp's hyper-parameters; PyTorch's defaults are those of {@link #defaults()}.
     *
     * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
     * names the optimizer and the bad value.
     *
     * @param lr learning rate, {@code >= 0} (default 0.01)
     * @param alpha smoothing constant of the averages, in [0, 1] (default 0.99)
     * @param eps added to the root for stability, {@code > 0} (default 1e-8)
     * @param weightDecay L2 coefficient, {@code >= 0} (default 0)
     * @param momentum momentum factor, {@code >= 0} (default 0)
     * @param centered divide by an estimate of the variance instead of the mean square (default false)
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements OptimizerOptions {

        /**
         * Checks every value.
         *
         * @param lr as described for the record
         * @param alpha as described for the record
         * @param eps as described for the record
         * @param weightDecay as described for the record
         * @param momentum as described for the record
         * @param centered as described for the record
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            Checks.nonNegative(NAME, "lr", lr);
            Checks.closedFraction(NAME, "alpha", alpha);
            Checks.positive(NAME, "eps", eps);
            Checks.nonNegative(NAME, "weight_decay", weightDecay);
            Checks.nonNegative(NAME, "momentum", momentum);
        }

        /** @return PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centred */
        public static Options defaults() {
            return new Options(0.01, 0.99, 1e-8, 0, 0, false);
        }

        /**
         * @param lr the learning rate
         * @return a copy with it
         */
        public Options withLr(double lr) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /**
         * @param alpha the smoothing constant
         * @return a copy with it
         */
        public Options withAlpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /**
         * @param eps the stabiliser
         * @return a copy with it
         */
        public Options withEps(double eps) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /**
         * @param weightDecay the L2 coefficient
         * @return a copy with it
         */
        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /**
         * @param momentum the momentum
         * @return a copy with it
         */
        public Options withMomentum(double momentum) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /**
         * @param centered whether to centre
         * @return a copy with it
         */
        public Options withCentered(boolean centered) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        @Override
        public Map<String, Double> hyperParameters() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("alpha", alpha);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("momentum", momentum);
            m.put("centered", Checks.flag(centered));
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
    public RmsProp(List<Tensor> params, Options options) {
        this(oneGroup(params, options));
    }

    /**
     * Several groups, each with its own options.
     *
     * @param groups the parameter groups
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public RmsProp(List<ParamGroup<Options>> groups) {
        super(NAME, groups);
    }

    @Override
    List<String> bufferNames(Options o) {
        List<String> names = new ArrayList<>(List.of(SQUARE_AVG));
        if (o.momentum() > 0) {
            names.add(MOMENTUM_BUFFER);
        }
        if (o.centered()) {
            names.add(GRAD_AVG);
        }
        return names;
    }

    @Override
    void update(ParamState state, float[] w, float[] g, Options o, double lr, int from, int to) {
        float rate = (float) lr;
        float decay = (float) o.weightDecay();
        float alpha = (float) o.alpha();
        float rest = (float) (1 - o.alpha());
        float eps = (float) o.eps();
        float mu = (float) o.momentum();
        float[] v = state.buffer(SQUARE_AVG);
        float[] b = state.buffer(MOMENTUM_BUFFER);
        float[] m = state.buffer(GRAD_AVG);
        for (int i = from; i < to; i++) {
            float d = g[i] + decay * w[i];
            v[i] = alpha * v[i] + rest * d * d;
            float r;
            if (m != null) {
                m[i] = alpha * m[i] + rest * d;
                r = (float) Math.sqrt(v[i] - m[i] * m[i]) + eps;
            } else {
                r = (float) Math.sqrt(v[i]) + eps;
            }
            if (b != null) {
                b[i] = mu * b[i] + d / r;
                w[i] -= rate * b[i];
            } else {
                w[i] -= rate * (d / r);
            }
        }
    }
}
