package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A long short-term memory cell (PyTorch's {@code nn.LSTMCell}). With
 * {@code a = x W_ih^T + b_ih + h W_hh^T + b_hh}, {@code (N, 4H)}, cut into four blocks of H
 * features in the order i, f, g, o:
 * <pre>
 * i = sigmoid(a_i)   f = sigmoid(a_f)   g = tanh(a_g)   o = sigmoid(a_o)
 * c' = f * c + i * g
 * h' = o * tanh(c')
 * </pre>
 * Parameters as {@link RecurrentCell} with four gates: {@code weight_ih (4H, I)},
 * {@code weight_hh (4H, H)}, {@code bias_ih (4H)}, {@code bias_hh (4H)}, rows in gate order.
 */
public final class LstmCell extends RecurrentCell {

    /**
     * A cell with biases.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param rng the generator of the initial parameters
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public LstmCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    /**
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param bias whether to have {@code bias_ih} and {@code bias_hh}
     * @param rng the generator of the initial parameters, drawn in registration order
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public LstmCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super(inputSize, hiddenSize, 4, bias, rng);
    }

    /**
     * One step from the zero state, returning only h'.
     *
     * @param x the input, {@code (N, I)}
     * @return h', {@code (N, H)}
     * @throws IllegalArgumentException if x is not {@code (N, I)}
     */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /**
     * One step.
     *
     * @param x the input, {@code (N, I)}; not modified
     * @param state (h, c), each {@code (N, H)}, or null for zeros; not modified
     * @return (h', c'), each {@code (N, H)}
     * @throws IllegalArgumentException if x is not {@code (N, I)} or the state is not {@code (N, H)}
     */
    public LstmState forward(Tensor x, LstmState state) {
        Tensor xw = inputProjection(x);
        int n = x.size(0);
        LstmState s = state == null ? new LstmState(stateOrZeros(null, "h", n), stateOrZeros(null, "c", n))
                : new LstmState(stateOrZeros(state.h(), "h", n), stateOrZeros(state.c(), "c", n));
        return Steps.lstm(xw, s, weightHh(), biasHh());
    }
}
