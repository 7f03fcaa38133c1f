package dev.nabla.nn.rnn;

import dev.nabla.core.Dropout;
import dev.nabla.core.Joining;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * What the three sequence layers share: the stacked, optionally bidirectional parameters with
 * PyTorch's names, the checks of input and state shapes, and the loop over layers, directions
 * and time steps.
 *
 * <p><b>Parameters</b>, for each layer k and direction (suffix {@code ""} forward,
 * {@code "_reverse"} backward), registered in this order as PyTorch's:
 * {@code weight_ih_l{k}{suffix}} {@code (G * H, I_k)}, {@code weight_hh_l{k}{suffix}}
 * {@code (G * H, H)}, {@code bias_ih_l{k}{suffix}} and {@code bias_hh_l{k}{suffix}}
 * {@code (G * H)}, where G is the number of gates (1 for {@link Rnn}, 4 for {@link Lstm}, 3 for
 * {@link Gru}), {@code I_0 = I} and {@code I_k = D * H} above. All start from
 * U(-1/sqrt(H), 1/sqrt(H)), as PyTorch's.
 *
 * <p><b>Computation.</b> For each layer and direction, the input projection
 * {@code x W_ih^T + b_ih} of all T steps is one matmul; each step then adds only
 * {@code h W_hh^T + b_hh} and applies the gates. The reverse direction reads the steps from
 * T - 1 down to 0 and writes its output at the step it read. Between layers, in training mode
 * only, dropout with probability {@code config.dropout()} is applied to the layer's output,
 * with masks drawn from the generator given to the constructor.
 */
public abstract sealed class RecurrentLayer extends Module permits Rnn, Lstm, Gru {

    private final RecurrentConfig config;
    private final Rng rng;
    /** Indexed [layer * D + direction]. */
    private final Tensor[] weightIh;
    private final Tensor[] weightHh;
    private final Tensor[] biasIh;
    private final Tensor[] biasHh;

    RecurrentLayer(RecurrentConfig config, int gates, Rng rng) {
        if (config == null || rng == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a config and an rng, got "
                    + (config == null ? "no config" : "no rng"));
        }
        this.config = config;
        this.rng = rng;
        int d = config.directions();
        int h = config.hiddenSize();
        int count = config.numLayers() * d;
        weightIh = new Tensor[count];
        weightHh = new Tensor[count];
        biasIh = new Tensor[count];
        biasHh = new Tensor[count];
        for (int k = 0; k < count; k++) {
            int layer = k / d;
            String suffix = "_l" + layer + (k % d == 1 ? "_reverse" : "");
            int in = layer == 0 ? config.inputSize() : d * h;
            weightIh[k] = registerParameter("weight_ih" + suffix, Steps.uniform(rng, h, gates * h, in));
            weightHh[k] = registerParameter("weight_hh" + suffix, Steps.uniform(rng, h, gates * h, h));
            if (config.bias()) {
                biasIh[k] = registerParameter("bias_ih" + suffix, Steps.uniform(rng, h, gates * h));
                biasHh[k] = registerParameter("bias_hh" + suffix, Steps.uniform(rng, h, gates * h));
            }
        }
    }

    /**
     * One time step of one layer and direction. {@code xw} is the step's input projection
     * {@code (N, G * H)}; {@code state} holds the carried tensors, each {@code (N, H)}, the
     * hidden state first; returns the new ones in the same order.
     */
    abstract Tensor[] step(Tensor xw, Tensor[] state, Tensor weightHh, Tensor biasHh);

    /**
     * Runs the whole stack over a sequence.
     *
     * @param x the input, {@code (T, N, I)} or, batch-first, {@code (N, T, I)}
     * @param initial the initial states, each {@code (layers * D, N, H)} or null for zeros
     * @param names the states' names for messages ({@code h0}, {@code c0})
     * @return the output (in the input's layout), then the final states, each {@code (layers * D, N, H)}
     */
    final Tensor[] run(Tensor x, Tensor[] initial, String[] names) {
        Tensor seq = timeMajor(x);
        int n = seq.size(1);
        int d = config.directions();
        Tensor[] init = new Tensor[initial.length];
        for (int s = 0; s < initial.length; s++) {
            init[s] = checkState(initial[s], names[s], n);
        }
        List<List<Tensor>> finals = new ArrayList<>();
        for (int s = 0; s < initial.length; s++) {
            finals.add(new ArrayList<>());
        }
        for (int layer = 0; layer < config.numLayers(); layer++) {
            if (layer > 0) {
                seq = Dropout.dropout(seq, config.dropout(), isTraining(), rng);
            }
            List<Tensor> outputs = new ArrayList<>(d);
            for (int dir = 0; dir < d; dir++) {
                int k = layer * d + dir;
                Tensor[] state = new Tensor[init.length];
                for (int s = 0; s < init.length; s++) {
                    state[s] = init[s].narrow(0, k, 1).reshape(n, config.hiddenSize());
                }
                outputs.add(direction(seq, k, dir == 1, state));
                for (int s = 0; s < init.length; s++) {
                    finals.get(s).add(state[s]);
                }
            }
            seq = d == 1 ? outputs.get(0) : Joining.cat(outputs, 2);
        }
        Tensor[] result = new Tensor[1 + init.length];
        result[0] = config.batchFirst() ? seq.transpose(0, 1) : seq;
        for (int s = 0; s < init.length; s++) {
            result[1 + s] = Joining.stack(finals.get(s), 0);
        }
        return result;
    }

    /**
     * One layer in one direction over seq (T, N, I_k); state is updated in place to the final
     * state. Returns the hidden state at every step, (T, N, H).
     */
    private Tensor direction(Tensor seq, int k, boolean reverse, Tensor[] state) {
        int t = seq.size(0);
        int n = seq.size(1);
        int g = weightIh[k].size(0);
        Tensor rows = seq.reshape(t * n, seq.size(2));
        Tensor xw = Steps.project(rows, weightIh[k], biasIh[k]).reshape(t, n, g);
        List<Tensor> steps = Steps.timeSteps(xw);
        Tensor[] hs = new Tensor[t];
        Tensor[] current = state.clone();
        for (int i = 0; i < t; i++) {
            int at = reverse ? t - 1 - i : i;
            current = step(steps.get(at), current, weightHh[k], biasHh[k]);
            hs[at] = current[0];
        }
        System.arraycopy(current, 0, state, 0, state.length);
        return Joining.stack(List.of(hs), 0);
    }

    /** Checks x's shape and returns it as (T, N, I). */
    private Tensor timeMajor(Tensor x) {
        String expected = (config.batchFirst() ? "(N, T, " : "(T, N, ") + config.inputSize() + ")";
        if (x == null) {
            throw new IllegalArgumentException(describe() + ": input must be " + expected + ", got null");
        }
        if (x.dim() != 3 || x.size(2) != config.inputSize() || x.size(0) < 1 || x.size(1) < 1) {
            throw badInput(expected + " with T, N >= 1", x);
        }
        return config.batchFirst() ? x.transpose(0, 1) : x;
    }

    /** A given initial state checked to be (layers * D, N, H), or zeros of that shape when null. */
    private Tensor checkState(Tensor state, String name, int n) {
        int rows = config.numLayers() * config.directions();
        int h = config.hiddenSize();
        if (state == null) {
            return Tensor.zeros(rows, n, h);
        }
        if (state.dim() != 3 || state.size(0) != rows || state.size(1) != n || state.size(2) != h) {
            throw new IllegalArgumentException(describe() + ": " + name + " must be (layers * directions, N, H) = ("
                    + rows + ", " + n + ", " + h + ") for an input of batch " + n + ", got " + state.shape());
        }
        return state;
    }

    /** @return the configuration */
    public RecurrentConfig config() {
        return config;
    }

    /**
     * @param layer the layer, in {@code [0, numLayers)}
     * @param reverse the reverse direction (only for a bidirectional layer)
     * @return {@code weight_ih_l{layer}[_reverse]}, {@code (G * H, I_layer)}; the parameter itself
     * @throws IllegalArgumentException if there is no such layer or direction
     */
    public Tensor weightIh(int layer, boolean reverse) {
        return weightIh[index(layer, reverse)];
    }

    /**
     * @param layer the layer, in {@code [0, numLayers)}
     * @param reverse the reverse direction (only for a bidirectional layer)
     * @return {@code weight_hh_l{layer}[_reverse]}, {@code (G * H, H)}; the parameter itself
     * @throws IllegalArgumentException if there is no such layer or direction
     */
    public Tensor weightHh(int layer, boolean reverse) {
        return weightHh[index(layer, reverse)];
    }

    /**
     * @param layer the layer, in {@code [0, numLayers)}
     * @param reverse the reverse direction (only for a bidirectional layer)
     * @return {@code bias_ih_l{layer}[_reverse]}, {@code (G * H)}, or null without biases; the parameter itself
     * @throws IllegalArgumentException if there is no such layer or direction
     */
    public Tensor biasIh(int layer, boolean reverse) {
        return biasIh[index(layer, reverse)];
    }

    /**
     * @param layer the layer, in {@code [0, numLayers)}
     * @param reverse the reverse direction (only for a bidirectional layer)
     * @return {@code bias_hh_l{layer}[_reverse]}, {@code (G * H)}, or null without biases; the parameter itself
     * @throws IllegalArgumentException if there is no such layer or direction
     */
    public Tensor biasHh(int layer, boolean reverse) {
        return biasHh[index(layer, reverse)];
    }

    private int index(int layer, boolean reverse) {
        if (layer < 0 || layer >= config.numLayers() || (reverse && !config.bidirectional())) {
            throw new IllegalArgumentException(describe() + ": no layer " + layer + (reverse ? " in reverse" : "")
                    + "; expected a layer in [0, " + config.numLayers() + ")"
                    + (config.bidirectional() ? "" : " and the forward direction"));
        }
        return layer * config.directions() + (reverse ? 1 : 0);
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(config.inputSize()).append(", ").append(config.hiddenSize());
        if (config.numLayers() != 1) {
            sb.append(", num_layers=").append(config.numLayers());
        }
        if (!config.bias()) {
            sb.append(", bias=false");
        }
        if (config.batchFirst()) {
            sb.append(", batch_first=true");
        }
        if (config.dropout() != 0) {
            sb.append(", dropout=").append(config.dropout());
        }
        if (config.bidirectional()) {
            sb.append(", bidirectional=true");
        }
        return sb.toString();
    }
}
