package dev.nabla.nn.rnn;

import dev.nabla.core.Tensor;

/**
 * What an {@link Rnn} or a {@link Gru} returns for a sequence.
 *
 * @param output the last layer's hidden state at every time step, {@code (T, N, D * H)}, or
 *     {@code (N, T, D * H)} for a batch-first layer, with D = 2 for a bidirectional layer
 *     (forward direction in the first H features, reverse direction in the last H) and 1 otherwise
 * @param hN the final hidden state of every layer and direction, {@code (layers * D, N, H)},
 *     index {@code layer * D + direction}; for the reverse direction "final" means after step 0
 */
public record RnnOutput(Tensor output, Tensor hN) {
}
