package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * {@code y = x}, returned as is (PyTorch's {@code nn.Identity}); a placeholder in containers.
 * Elementwise: the output has the input's shape; any shape is accepted.
 */
public class Identity extends Module {

    /** Creates the module (it has no parameters). */
    public Identity() {
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
