package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.List;

/**
 * Weight penalties as differentiable scalar terms to add to a loss. Both are recorded by
 * autograd, so their gradients reach the parameters through {@code backward()}.
 *
 * <p>Relation to weight decay: {@link #l2} with coefficient {@code lambda} has gradient
 * {@code 2 lambda w}, the same as {@code weightDecay = 2 lambda} in {@link Sgd}, {@link Adam},
 * {@link AdaGrad} or {@link RmsProp}; it is not the same as {@link AdamW}'s decoupled decay.
 */
public final class Penalties {

    private Penalties() {
    }

    /**
     * {@code lambda * sum_p sum_i |p_i|}; gradient {@code lambda * sign(p)} (0 at 0).
     *
     * @param params the tensors to penalise, any shapes; not modified
     * @param lambda the coefficient, {@code >= 0}
     * @return a scalar tensor
     * @throws IllegalArgumentException for no tensors or a negative or non-finite coefficient
     */
    public static Tensor l1(List<Tensor> params, double lambda) {
        check("l1", params, lambda);
        Tensor sum = null;
        for (Tensor p : params) {
            Tensor term = p.abs().sum();
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul((float) lambda);
    }

    /**
     * {@code lambda * sum_p sum_i p_i^2}; gradient {@code 2 lambda p}.
     *
     * @param params the tensors to penalise, any shapes; not modified
     * @param lambda the coefficient, {@code >= 0}
     * @return a scalar tensor
     * @throws IllegalArgumentException for no tensors or a negative or non-finite coefficient
     */
    public static Tensor l2(List<Tensor> params, double lambda) {
        check("l2", params, lambda);
        Tensor sum = null;
        for (Tensor p : params) {
            Tensor term = p.square().sum();
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul((float) lambda);
    }

    private static void check(String name, List<Tensor> params, double lambda) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name + ": got no tensors to penalise");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException(name + ": the coefficient must be finite and >= 0, got " + lambda);
        }
    }
}
