package dev.nabla.nn.rnn;

import dev.nabla.core.Tensor;

/**
 * The state an LSTM carries from one time step to the next: the hidden state h and the cell
 * state c, of one shape. For a cell both are {@code (N, H)}; for a layer both are
 * {@code (layers * directions, N, H)}, ordered as PyTorch's {@code (h_0, c_0)}.
 *
 * @param h the hidden state
 * @param c the cell state
 */
public record LstmState(Tensor h, Tensor c) {

    /**
     * Checks that both tensors are given and of one shape.
     *
     * @param h the hidden state; kept, not copied
     * @param c the cell state, of h's shape; kept, not copied
     * @throws IllegalArgumentException if a tensor is null or the shapes differ
     */
    public LstmState {
        if (h == null || c == null) {
            throw new IllegalArgumentException("LstmState: h and c must both be given");
        }
        if (!h.shape().equals(c.shape())) {
            throw new IllegalArgumentException("LstmState: h and c must have one shape, got " + h.shape() + " and "
                    + c.shape());
        }
    }

    /**
     * Cuts the state from the graph that computed it, for truncated backpropagation through
     * time: gradients of later losses stop here.
     *
     * @return a state with {@code h.detach()} and {@code c.detach()}; this one is not modified
     */
    public LstmState detach() {
        return new LstmState(h.detach(), c.detach());
    }
}
