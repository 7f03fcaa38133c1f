package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/** {@code y_i = x_i - ln sum_j e^(x_j)} along one dimension (PyTorch's {@code nn.LogSoftmax(dim)}). */
public class LogSoftmax extends Module {

    private final int dim;

    /**
     * @param dim the dimension to normalise over; negative counts from the end (-1: the last)
     */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    /**
     * @param x the input, with {@code -rank <= dim < rank}
     * @return a tensor of x's shape
     * @throws IllegalArgumentException if x does not have the dimension
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || dim >= x.dim() || dim < -x.dim()) {
            throw badInput("a tensor with dimension " + dim + " (rank >= " + (dim >= 0 ? dim + 1 : -dim) + ")", x);
        }
        return x.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
