package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * {@code y = 1 / (1 + e^-x)} (PyTorch's {@code nn.Sigmoid}).
 * Elementwise: the output has the input's shape; any shape is accepted.
 */
public class Sigmoid extends Module {

    /** Creates the module (it has no parameters). */
    public Sigmoid() {
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
