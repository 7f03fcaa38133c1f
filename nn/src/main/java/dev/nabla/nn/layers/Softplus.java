package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * {@code y = ln(1 + e^(beta x)) / beta} (PyTorch's {@code nn.Softplus}); elementwise, any
 * shape. PyTorch switches to {@code y = x} where {@code beta x > threshold} (20) for numerical
 * stability; core's softplus is computed without overflow everywhere, and the two differ there
 * by less than {@code e^-20 / beta}, so no threshold is needed.
 */
public class Softplus extends Module {

    private final float beta;

    /** With PyTorch's default {@code beta = 1}. */
    public Softplus() {
        this(1f);
    }

    /**
     * @param beta the sharpness, finite and {@code > 0}
     * @throws IllegalArgumentException if beta is not finite and positive
     */
    public Softplus(float beta) {
        if (!(beta > 0) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("Softplus: expected a finite beta > 0, got " + beta);
        }
        this.beta = beta;
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return beta == 1f ? x.softplus() : x.mul(beta).softplus().div(beta);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta;
    }
}
