package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A multi-layer Elman RNN over sequences (PyTorch's {@code nn.RNN}): each layer and direction
 * computes {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} with act = tanh or
 * relu, as {@link RnnCell}. Parameters, layout, dropout and directions as described in
 * {@link RecurrentLayer}, with one gate: {@code weight_ih_l0} is {@code (H, I)}.
 */
public final class Rnn extends RecurrentLayer {

    private final RnnCell.Nonlinearity nonlinearity;

    /**
     * A one-layer, time-first tanh RNN with biases.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param rng the generator of the initial parameters
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public Rnn(int inputSize, int hiddenSize, Rng rng) {
        this(RecurrentConfig.of(inputSize, hiddenSize), RnnCell.Nonlinearity.TANH, rng);
    }

    /**
     * @param config sizes and options
     * @param nonlinearity tanh or relu
     * @param rng the generator of the initial parameters (drawn in registration order) and,
     *     kept, of the dropout masks between layers
     * @throws IllegalArgumentException if config, nonlinearity or rng is null
     */
    public Rnn(RecurrentConfig config, RnnCell.Nonlinearity nonlinearity, Rng rng) {
        super(config, 1, rng);
        if (nonlinearity == null) {
            throw new IllegalArgumentException("Rnn: the nonlinearity must be given");
        }
        this.nonlinearity = nonlinearity;
    }

    /**
     * Runs a sequence from the zero state.
     *
     * @param x the input, {@code (T, N, I)}, or {@code (N, T, I)} if batch-first
     * @return the output sequence, as {@link RnnOutput#output()}
     * @throws IllegalArgumentException if x has the wrong shape (the message names the layer and
     *     the expected shape)
     */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).output();
    }

    /**
     * Runs a sequence.
     *
     * @param x the input, {@code (T, N, I)}, or {@code (N, T, I)} if batch-first; not modified
     * @param h0 the initial hidden state, {@code (layers * D, N, H)}, or null for zeros; not modified
     * @return the output at every step and the final hidden states
     * @throws IllegalArgumentException if x or h0 has the wrong shape (the message names the
     *     layer and the expected shape)
     */
    public RnnOutput forward(Tensor x, Tensor h0) {
        Tensor[] r = run(x, new Tensor[] {h0}, new String[] {"h0"});
        return new RnnOutput(r[0], r[1]);
    }

    @Override
    Tensor[] step(Tensor xw, Tensor[] state, Tensor weightHh, Tensor biasHh) {
        return new Tensor[] {Steps.rnn(xw, state[0], weightHh, biasHh, nonlinearity == RnnCell.Nonlinearity.RELU)};
    }

    /** @return the nonlinearity */
    public RnnCell.Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == RnnCell.Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}
