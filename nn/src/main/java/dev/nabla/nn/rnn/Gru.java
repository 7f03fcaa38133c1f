package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A multi-layer GRU over sequences (PyTorch's {@code nn.GRU}): each layer and direction
 * applies the equations of {@link GruCell} at every step (gates r, z, n; {@code b_hn} inside
 * the reset product). Parameters, layout, dropout and directions as described in
 * {@link RecurrentLayer}, with three gates: {@code weight_ih_l0} is {@code (3H, I)}.
 */
public final class Gru extends RecurrentLayer {

    /**
     * A one-layer, time-first GRU with biases.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param rng the generator of the initial parameters
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public Gru(int inputSize, int hiddenSize, Rng rng) {
        this(RecurrentConfig.of(inputSize, hiddenSize), rng);
    }

    /**
     * @param config sizes and options
     * @param rng the generator of the initial parameters (drawn in registration order) and,
     *     kept, of the dropout masks between layers
     * @throws IllegalArgumentException if config or rng is null
     */
    public Gru(RecurrentConfig config, Rng rng) {
        super(config, 3, rng);
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
        return new Tensor[] {Steps.gru(xw, state[0], weightHh, biasHh)};
    }
}
