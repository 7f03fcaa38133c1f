package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * {@code y = tanh x} (PyTorch's {@code nn.Tanh}).
 * Elementwise: the output has the input's shape; any shape is accepted.
 */
public class Tanh extends Module {

    /** Creates the module (it has no parameters). */
    public Tanh() {
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
