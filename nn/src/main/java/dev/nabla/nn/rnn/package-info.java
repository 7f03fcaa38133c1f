/**
 * Recurrent networks with PyTorch's semantics, gate orders and parameter names, so that state
 * dicts move both ways: the cells {@link dev.nabla.nn.rnn.RnnCell}, {@link dev.nabla.nn.rnn.LstmCell}
 * and {@link dev.nabla.nn.rnn.GruCell}, which advance a state by one time step, and the layers
 * {@link dev.nabla.nn.rnn.Rnn}, {@link dev.nabla.nn.rnn.Lstm} and {@link dev.nabla.nn.rnn.Gru},
 * which run whole sequences through several stacked, optionally bidirectional layers and return
 * a typed record of the outputs and the final states.
 *
 * <p>Shapes use T for time steps, N for the batch, I for the input size and H for the hidden
 * size. Truncated backpropagation through time is done by calling {@code detach()} on the
 * state carried from one chunk of a sequence to the next.
 */
package dev.nabla.nn.rnn;
