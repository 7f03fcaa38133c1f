package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * An Elman RNN cell (PyTorch's {@code nn.RNNCell}): {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)}
 * with act = tanh or relu. Parameters as {@link RecurrentCell} with one gate:
 * {@code weight_ih (H, I)}, {@code weight_hh (H, H)}, {@code bias_ih (H)}, {@code bias_hh (H)}.
 */
public final class RnnCell extends RecurrentCell {

    /** The nonlinearity of an Elman RNN. */
    public enum Nonlinearity {
        /** The hyperbolic tangent, PyTorch's default. */
        TANH,
        /** max(0, x). */
        RELU
    }

    private final Nonlinearity nonlinearity;

    /**
     * A tanh cell with biases.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param rng the generator of the initial parameters
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public RnnCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, true, rng);
    }

    /**
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param nonlinearity tanh or relu
     * @param bias whether to have {@code bias_ih} and {@code bias_hh}
     * @param rng the generator of the initial parameters, drawn in registration order
     * @throws IllegalArgumentException if a size is below 1, or nonlinearity or rng is null
     */
    public RnnCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity, boolean bias, Rng rng) {
        super(inputSize, hiddenSize, 1, bias, rng);
        if (nonlinearity == null) {
            throw new IllegalArgumentException("RnnCell: the nonlinearity must be given");
        }
        this.nonlinearity = nonlinearity;
    }

    /**
     * One step from the zero state.
     *
     * @param x the input, {@code (N, I)}
     * @return h', {@code (N, H)}
     * @throws IllegalArgumentException if x is not {@code (N, I)}
     */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * One step.
     *
     * @param x the input, {@code (N, I)}; not modified
     * @param h the hidden state, {@code (N, H)}, or null for zeros; not modified
     * @return h', {@code (N, H)}
     * @throws IllegalArgumentException if x is not {@code (N, I)} or h is not {@code (N, H)}
     */
    public Tensor forward(Tensor x, Tensor h) {
        Tensor xw = inputProjection(x);
        return Steps.rnn(xw, stateOrZeros(h, "h", x.size(0)), weightHh(), biasHh(),
                nonlinearity == Nonlinearity.RELU);
    }

    /** @return the nonlinearity */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}
