package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A multi-layer LSTM over sequences (PyTorch's {@code nn.LSTM}, without projections): each
 * layer and direction applies the equations of {@link LstmCell} at every step (gates i, f, g,
 * o). Parameters, layout, dropout and directions as described in {@link RecurrentLayer}, with
 * four gates: {@code weight_ih_l0} is {@code (4H, I)}.
 */
public final class Lstm extends RecurrentLayer {

    /**
     * A one-layer, time-first LSTM with biases.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param rng the generator of the initial parameters
     * @throws IllegalArgumentException if a size is below 1 or rng is null
     */
    public Lstm(int inputSize, int hiddenSize, Rng rng) {
        this(RecurrentConfig.of(inputSize, hiddenSize), rng);
    }

    /**
     * @param config sizes and options
     * @param rng the generator of the initial parameters (drawn in registration order) and,
     *     kept, of the dropout masks between layers
     * @throws IllegalArgumentException if config or rng is null
     */
    public Lstm(RecurrentConfig config, Rng rng) {
        super(config, 4, rng);
    }

    /**
     * Runs a sequence from the zero state.
     *
     * @param x the input, {@code (T, N, I)}, or {@code (N, T, I)} if batch-first
     * @return the output sequence, as {@link LstmOutput#output()}
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
     * @param initial (h0, c0), each {@code (layers * D, N, H)}, or null for zeros; not modified
     * @return the output at every step and the final hidden and cell states
     * @throws IllegalArgumentException if x, h0 or c0 has the wrong shape (the message names the
     *     layer and the expected shape)
     */
    public LstmOutput forward(Tensor x, LstmState initial) {
        Tensor[] init = initial == null ? new Tensor[2] : new Tensor[] {initial.h(), initial.c()};
        Tensor[] r = run(x, init, new String[] {"h0", "c0"});
        return new LstmOutput(r[0], r[1], r[2]);
    }

    @Override
    Tensor[] step(Tensor xw, Tensor[] state, Tensor weightHh, Tensor biasHh) {
        LstmState next = Steps.lstm(xw, new LstmState(state[0], state[1]), weightHh, biasHh);
        return new Tensor[] {next.h(), next.c()};
    }
}
