package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * What the three cells share: the parameters {@code weight_ih} {@code (G * H, I)},
 * {@code weight_hh} {@code (G * H, H)}, {@code bias_ih} and {@code bias_hh} {@code (G * H)}
 * (registered in that order, as PyTorch's), where G is the number of gates (1 for
 * {@link RnnCell}, 4 for {@link LstmCell}, 3 for {@link GruCell}), each initialised from
 * U(-1/sqrt(H), 1/sqrt(H)) as PyTorch does; and the checks of the input and state shapes.
 */
public abstract sealed class RecurrentCell extends Module permits RnnCell, LstmCell, GruCell {

    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    RecurrentCell(int inputSize, int hiddenSize, int gates, boolean bias, Rng rng) {
        if (inputSize < 1 || hiddenSize < 1 || rng == null) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": expected inputSize and hiddenSize >= 1 and an rng, got " + inputSize + " and " + hiddenSize
                    + (rng == null ? " and no rng" : ""));
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int g = gates * hiddenSize;
        weightIh = registerParameter("weight_ih", Steps.uniform(rng, hiddenSize, g, inputSize));
        weightHh = registerParameter("weight_hh", Steps.uniform(rng, hiddenSize, g, hiddenSize));
        biasIh = bias ? registerParameter("bias_ih", Steps.uniform(rng, hiddenSize, g)) : null;
        biasHh = bias ? registerParameter("bias_hh", Steps.uniform(rng, hiddenSize, g)) : null;
    }

    /** Checks x is (N, I) and returns its input projection x W_ih^T + b_ih, (N, G * H). */
    final Tensor inputProjection(Tensor x) {
        if (x == null || x.dim() != 2 || x.size(1) != inputSize) {
            throw x == null ? new IllegalArgumentException(describe() + ": input must be (N, " + inputSize
                    + "), got null") : badInput("(N, " + inputSize + ")", x);
        }
        return Steps.project(x, weightIh, biasIh);
    }

    /** A given state checked to be (N, H), or zeros of that shape when null; {@code name} is for messages. */
    final Tensor stateOrZeros(Tensor state, String name, int batch) {
        if (state == null) {
            return Tensor.zeros(batch, hiddenSize);
        }
        if (state.dim() != 2 || state.size(0) != batch || state.size(1) != hiddenSize) {
            throw new IllegalArgumentException(describe() + ": " + name + " must be (N, H) = (" + batch + ", "
                    + hiddenSize + ") for an input of batch " + batch + ", got " + state.shape());
        }
        return state;
    }

    /** @return I, the input size */
    public int inputSize() {
        return inputSize;
    }

    /** @return H, the hidden size */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** @return {@code weight_ih}, {@code (G * H, I)}; the parameter itself */
    public Tensor weightIh() {
        return weightIh;
    }

    /** @return {@code weight_hh}, {@code (G * H, H)}; the parameter itself */
    public Tensor weightHh() {
        return weightHh;
    }

    /** @return {@code bias_ih}, {@code (G * H)}, or null without biases; the parameter itself */
    public Tensor biasIh() {
        return biasIh;
    }

    /** @return {@code bias_hh}, {@code (G * H)}, or null without biases; the parameter itself */
    public Tensor biasHh() {
        return biasHh;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=false" : "");
    }
}
