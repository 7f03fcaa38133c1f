package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * {@code y = x sigmoid(x)}, a.k.a. swish (PyTorch's {@code nn.SiLU}).
 * Elementwise: the output has the input's shape; any shape is accepted.
 */
public class Silu extends Module {

    /** Creates the module (it has no parameters). */
    public Silu() {
    }

    /**
     * @param x the input, any shape
     * @return the activation, of x's shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return x.silu();
    }
}
