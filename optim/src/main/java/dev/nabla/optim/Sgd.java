package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2
 * weight decay, as PyTorch's {@code torch.optim.SGD}.
 *
 * <p>With {@code lambda} the weight decay, {@code mu} the momentum, {@code tau} the dampening
 * and {@code b} the momentum buffer ({@code momentum_buffer}, kept only when {@code mu != 0}):
 * <pre>
 *   d = g + lambda * w
 *   b = d                                  at a parameter's first step
 *   b = mu * b + (1 - tau) * d             afterwards
 *   d = d + mu * b  (Nesterov)   or   d = b  (classical momentum)     when mu != 0
 *   w = w - lr * d
 * </pre>
 */
public final class Sgd extends Optimizer<Sgd.Options> {

    private static final String NAME = "SGD";
    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    /**
     * SGD's hyper-parameters; PyTorch's defaults are those of {@link #of(double)}.
     *
     * <p>Values are checked when the record is made: an {@link IllegalArgumentException}
     * names the optimizer and the bad value.
     *
     * @param lr learning rate, {@code >= 0}
     * @param momentum momentum factor {@code mu}, {@code >= 0} (0: plain SGD)
     * @param dampening dampening {@code tau} of the gradient in the momentum buffer, {@code >= 0}
     * @param nesterov use Nesterov momentum (needs {@code momentum > 0} and {@code dampening = 0})
     * @param weightDecay L2 coefficient {@code lambda}, {@code >= 0}
     */
    public record Options(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
            implements OptimizerOptions {

        /**
         * Checks every value.
         *
         * @param lr as described for the record
         * @param momentum as described for the record
         * @param dampening as described for the record
         * @param nesterov as described for the record
         * @param weightDecay as described for the record
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            Checks.nonNegative(NAME, "lr", lr);
            Checks.nonNegative(NAME, "momentum", momentum);
            Checks.nonNegative(NAME, "dampening", dampening);
            Checks.nonNegative(NAME, "weight_decay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException(NAME + ": Nesterov momentum needs momentum > 0 and dampening = 0, got"
                        + " momentum " + momentum + " and dampening " + dampening);
            }
        }

        /**
         * @param lr the learning rate
         * @return plain SGD: no momentum, no dampening, no Nesterov, no weight decay
         */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, false, 0);
        }

        /**
         * @param lr the learning rate
         * @return a copy with it
         */
        public Options withLr(double lr) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        /**
         * @param momentum the momentum
         * @return a copy with it
         */
        public Options withMomentum(double momentum) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        /**
         * @param dampening the dampening
         * @return a copy with it
         */
        public Options withDampening(double dampening) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        /**
         * @param nesterov whether to use Nesterov momentum
         * @return a copy with it
         */
        public Options withNesterov(boolean nesterov) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        /**
         * @param weightDecay the L2 coefficient
         * @return a copy with it
         */
        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        @Override
        public Map<String, Double> hyperParameters() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("nesterov", Checks.flag(nesterov));
            m.put("weight_decay", weightDecay);
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
    public Sgd(List<Tensor> params, Options options) {
        this(oneGroup(params, options));
    }

    /**
     * Several groups, each with its own options.
     *
     * @param groups the parameter groups
     * @throws IllegalArgumentException as {@link Optimizer}
     */
    public Sgd(List<ParamGroup<Options>> groups) {
        super(NAME, groups);
    }

    @Override
    List<String> bufferNames(Options o) {
        return o.momentum() != 0 ? List.of(MOMENTUM_BUFFER) : List.of();
    }

    @Override
    void update(ParamState state, float[] w, float[] g, Options o, double lr, int from, int to) {
        float rate = (float) lr;
        float decay = (float) o.weightDecay();
        float mu = (float) o.momentum();
        float keep = (float) (1 - o.dampening());
        float[] b = state.buffer(MOMENTUM_BUFFER);
        boolean first = state.step == 1;
        boolean nesterov = o.nesterov();
        for (int i = from; i < to; i++) {
            float d = g[i] + decay * w[i];
            if (b != null) {
                b[i] = first ? d : mu * b[i] + keep * d;
                d = nesterov ? d + mu * b[i] : b[i];
            }
            w[i] -= rate * d;
        }
    }
}
