package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/** {@code y = x} for {@code x > 0}, else {@code slope x} (PyTorch's {@code nn.LeakyReLU}); elementwise, any shape. */
public class LeakyRelu extends Module {

    private final float negativeSlope;

    /** With PyTorch's default slope 0.01. */
    public LeakyRelu() {
        this(0.01f);
    }

    /**
     * @param negativeSlope the slope for negative inputs, finite
     * @throws IllegalArgumentException if the slope is not finite
     */
    public LeakyRelu(float negativeSlope) {
        if (!Float.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyRelu: expected a finite slope, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + negativeSlope;
    }
}
