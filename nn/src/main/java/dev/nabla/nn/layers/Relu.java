package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * {@code y = max(x, 0)} (PyTorch's {@code nn.ReLU}).
 * Elementwise: the output has the input's shape; any shape is accepted.
 */
public class Relu extends Module {

    /** Creates the module (it has no parameters). */
    public Relu() {
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
