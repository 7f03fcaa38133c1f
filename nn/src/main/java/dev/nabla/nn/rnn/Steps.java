package dev.nabla.nn.rnn;

import dev.nabla.core.Joining;
import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.Recurrent;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.init.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * The one implementation of each recurrence, shared by the cells and the layers. Every step
 * takes the input projection {@code xw = x W_ih^T + b_ih} already computed (the layers compute
 * it for all time steps with one matmul) and adds the hidden projection {@code h W_hh^T + b_hh}.
 * Everything is composed from core ops, so gradients of any order follow.
 */
final class Steps {

    private Steps() {
    }

    /** U(-1/sqrt(H), 1/sqrt(H)) samples of the given shape: PyTorch's default for every RNN parameter. */
    static Tensor uniform(Rng rng, int hiddenSize, int... shape) {
        float bound = (float) (1 / Math.sqrt(hiddenSize));
        return Init.uniformInPlace(Tensor.zeros(shape), -bound, bound, rng);
    }

    /** x (M, I) W (G, I)^T + b (G): shape (M, G); b may be null. */
    static Tensor project(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = LinearAlgebra.matmul(x, false, weight, true);
        return bias == null ? y : y.add(bias);
    }

    /** h' = act(xw + h W_hh^T + b_hh), act = tanh or relu; xw (N, H), h (N, H). */
    static Tensor rnn(Tensor xw, Tensor h, Tensor weightHh, Tensor biasHh, boolean relu) {
        Tensor pre = xw.add(project(h, weightHh, biasHh));
        return relu ? pre.relu() : pre.tanh();
    }

    /**
     * One LSTM step, gates i, f, g, o stacked in that order in xw (N, 4H) and W_hh:
     * i = σ(.), f = σ(.), g = tanh(.), o = σ(.); c' = f c + i g; h' = o tanh(c'), the
     * elementwise part as one fused op ({@link Recurrent#lstmCell}).
     */
    static LstmState lstm(Tensor xw, LstmState state, Tensor weightHh, Tensor biasHh) {
        Tensor gates = xw.add(project(state.h(), weightHh, biasHh));
        Recurrent.HiddenAndCell next = Recurrent.lstmCell(gates, state.c());
        return new LstmState(next.h(), next.c());
    }

    /**
     * One GRU step, gates r, z, n stacked in that order in xw (N, 3H) and W_hh; b_hn stays
     * inside the reset product: r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r h_n)
     * with h_* = h W_h*^T + b_h*; h' = (1 - z) n + z h = n + z (h - n), the elementwise part
     * as one fused op ({@link Recurrent#gruCell}).
     */
    static Tensor gru(Tensor xw, Tensor h, Tensor weightHh, Tensor biasHh) {
        return Recurrent.gruCell(xw, project(h, weightHh, biasHh), h);
    }

    /**
     * Cuts a sequence (T, N, F) into its T steps, each (N, F), in two levels (blocks of about
     * sqrt(T) steps, then steps). A backward that records nothing adds each cut's gradient
     * into one sum as a region, so cutting T steps straight out would cost O(T N F) there too;
     * a recorded backward ({@code createGraph}) scatters each cut's gradient into zeros of the
     * size of what was cut, where one level would cost O(T^2 N F) and two cost O(T^1.5 N F).
     */
    static List<Tensor> timeSteps(Tensor seq) {
        int t = seq.size(0);
        int n = seq.size(1);
        int f = seq.size(2);
        int block = (int) Math.ceil(Math.sqrt(t));
        List<Tensor> steps = new ArrayList<>(t);
        for (Tensor b : Joining.split(seq, block, 0)) {
            for (Tensor s : Joining.split(b, 1, 0)) {
                steps.add(s.reshape(n, f));
            }
        }
        return steps;
    }
}
