package dev.nabla.nn.rnn;

import dev.nabla.core.Tensor;

/**
 * What an {@link Lstm} returns for a sequence.
 *
 * @param output the last layer's hidden state at every time step, {@code (T, N, D * H)}, or
 *     {@code (N, T, D * H)} for a batch-first layer, with D = 2 for a bidirectional layer
 *     (forward direction in the first H features, reverse direction in the last H) and 1 otherwise
 * @param hN the final hidden state of every layer and direction, {@code (layers * D, N, H)},
 *     index {@code layer * D + direction}
 * @param cN the final cell state, laid out as {@code hN}
 */
public record LstmOutput(Tensor output, Tensor hN, Tensor cN) {

    /** @return {@code (hN, cN)} as a state, to pass on as the initial state of the next chunk */
    public LstmState state() {
        return new LstmState(hN, cN);
    }
}
