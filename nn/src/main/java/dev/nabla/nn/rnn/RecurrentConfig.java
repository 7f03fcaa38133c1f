package dev.nabla.nn.rnn;

/**
 * The configuration of a recurrent layer ({@link Rnn}, {@link Lstm}, {@link Gru}), with
 * PyTorch's meanings and defaults. Start from {@link #of(int, int)} and change fields with the
 * {@code with...} methods.
 *
 * @param inputSize I, the number of input features, at least 1
 * @param hiddenSize H, the number of hidden features, at least 1
 * @param numLayers the number of stacked layers, at least 1; layer k > 0 reads layer k - 1's output
 * @param bias whether the layer has the biases {@code b_ih} and {@code b_hh}
 * @param batchFirst whether inputs and outputs are {@code (N, T, F)} rather than {@code (T, N, F)}
 *     (the states are {@code (layers * directions, N, H)} either way)
 * @param dropout the probability, in {@code [0, 1)}, of zeroing each element of a layer's output
 *     before the next layer reads it, in training mode only; never applied after the last layer
 * @param bidirectional whether each layer also runs over the sequence backwards
 */
public record RecurrentConfig(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
        float dropout, boolean bidirectional) {

    /**
     * Checks the values; the meaning of each is given on the record.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @param numLayers the number of stacked layers, at least 1
     * @param bias whether to have biases
     * @param batchFirst whether inputs and outputs are batch-first
     * @param dropout the dropout probability between layers, in {@code [0, 1)}
     * @param bidirectional whether to run both directions
     * @throws IllegalArgumentException if a size is below 1 or dropout is outside {@code [0, 1)}
     */
    public RecurrentConfig {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException("RecurrentConfig: expected inputSize, hiddenSize and numLayers >= 1, got "
                    + inputSize + ", " + hiddenSize + " and " + numLayers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("RecurrentConfig: expected dropout in [0, 1), got " + dropout);
        }
    }

    /**
     * PyTorch's defaults: one layer, with biases, time-first, no dropout, one direction.
     *
     * @param inputSize I, at least 1
     * @param hiddenSize H, at least 1
     * @return the configuration
     * @throws IllegalArgumentException if a size is below 1
     */
    public static RecurrentConfig of(int inputSize, int hiddenSize) {
        return new RecurrentConfig(inputSize, hiddenSize, 1, true, false, 0f, false);
    }

    /**
     * A copy with another number of stacked layers.
     *
     * @param n the number of layers, at least 1
     * @return a copy with {@code numLayers = n}
     * @throws IllegalArgumentException if n is below 1
     */
    public RecurrentConfig withNumLayers(int n) {
        return new RecurrentConfig(inputSize, hiddenSize, n, bias, batchFirst, dropout, bidirectional);
    }

    /**
     * A copy with or without the biases.
     *
     * @param b whether to have biases
     * @return a copy with {@code bias = b}
     */
    public RecurrentConfig withBias(boolean b) {
        return new RecurrentConfig(inputSize, hiddenSize, numLayers, b, batchFirst, dropout, bidirectional);
    }

    /**
     * A copy with the other layout of inputs and outputs.
     *
     * @param b whether inputs are {@code (N, T, I)}
     * @return a copy with {@code batchFirst = b}
     */
    public RecurrentConfig withBatchFirst(boolean b) {
        return new RecurrentConfig(inputSize, hiddenSize, numLayers, bias, b, dropout, bidirectional);
    }

    /**
     * A copy with another dropout probability between layers.
     *
     * @param p the dropout probability between layers, in {@code [0, 1)}
     * @return a copy with {@code dropout = p}
     * @throws IllegalArgumentException if p is outside {@code [0, 1)}
     */
    public RecurrentConfig withDropout(float p) {
        return new RecurrentConfig(inputSize, hiddenSize, numLayers, bias, batchFirst, p, bidirectional);
    }

    /**
     * A copy with one or two directions.
     *
     * @param b whether to run both directions
     * @return a copy with {@code bidirectional = b}
     */
    public RecurrentConfig withBidirectional(boolean b) {
        return new RecurrentConfig(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, b);
    }

    /** @return the number of directions D: 2 if bidirectional, else 1 */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
