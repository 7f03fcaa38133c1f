package dev.nabla.nn.layers;

import dev.nabla.core.Activations;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * The Gaussian error linear unit (PyTorch's {@code nn.GELU}): exact, {@code y = x Phi(x)}, or
 * with the tanh approximation {@code y = x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2}
 * (PyTorch's {@code approximate='tanh'}); elementwise, any shape.
 */
public class Gelu extends Module {

    private final boolean tanhApproximation;

    /** The exact GELU (PyTorch's default). */
    public Gelu() {
        this(false);
    }

    /**
     * @param tanhApproximation use the tanh approximation instead of the exact form
     */
    public Gelu(boolean tanhApproximation) {
        this.tanhApproximation = tanhApproximation;
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return Activations.gelu(x, tanhApproximation);
    }

    @Override
    protected String extraRepr() {
        return "approximate=" + (tanhApproximation ? "tanh" : "none");
    }
}
