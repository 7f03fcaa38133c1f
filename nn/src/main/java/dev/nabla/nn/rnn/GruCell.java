package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A gated recurrent unit cell (PyTorch's {@code nn.GRUCell}). With the rows of the parameters in
 * the gate order r, z, n, and {@code W_i*}, {@code W_h*}, {@code b_i*}, {@code b_h*} the blocks
 * of H rows for each gate:
 * <pre>
 * r  = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
 * z  = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
 * n  = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
 * h' = (1 - z) * n + z * h
 * </pre>
 * Note that {@code b_hn} sits inside the reset product, as in PyTorch (and cuDNN). Parameters
 * as {@link RecurrentCell} with three gates: {@code weight_ih (3H, I)}, {@code weight_hh (3H, H)},
 * {@code bias_ih (3H)}, {@code bias_hh (3H)}.
 */
public final class GruCell extends RecurrentCell {

    /**
     * A cell with biases.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param rng the generator of the initial parameters
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public GruCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    /**
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param bias whether to have {@code bias_ih} and {@code bias_hh}
     * @param rng the generator of the initial parameters, drawn in registration order
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public GruCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super(inputSize, hiddenSize, 3, bias, rng);
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
        return Steps.gru(xw, stateOrZeros(h, "h", x.size(0)), weightHh(), biasHh());
    }
}
