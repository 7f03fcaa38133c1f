package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/** {@code y = x} for {@code x > 0}, else {@code alpha (e^x - 1)} (PyTorch's {@code nn.ELU}); elementwise, any shape. */
public class Elu extends Module {

    private final float alpha;

    /** With PyTorch's default {@code alpha = 1}. */
    public Elu() {
        this(1f);
    }

    /**
     * @param alpha the saturation value for negative inputs is {@code -alpha}; finite
     * @throws IllegalArgumentException if alpha is not finite
     */
    public Elu(float alpha) {
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("Elu: expected a finite alpha, got " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
