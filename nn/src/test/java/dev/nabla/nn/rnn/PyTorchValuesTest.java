package dev.nabla.nn.rnn;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.Module;
import org.junit.jupiter.api.Test;

/**
 * Values printed by PyTorch 1.13 ({@code nn.LSTM(2, 2, bidirectional=True)} and
 * {@code nn.GRU(2, 2, bidirectional=True)}) for parameters and input filled with a fixed
 * pattern: the k-th parameter in {@code named_parameters()} order holds
 * {@code 0.5 sin(0.7 (j + 1) + 1.3 k)} at flat index j, and the input (T = 3, N = 1, I = 2)
 * holds {@code cos(0.9 j)}. An external check of the gate orders, the place of {@code b_hn}
 * and the layout of bidirectional outputs and states.
 */
class PyTorchValuesTest {

    private static Tensor fill(Module m) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            int k = 0;
            for (Tensor p : m.parameters()) {
                float[] v = new float[p.size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (0.5 * Math.sin(0.7 * (j + 1) + 1.3 * k));
                }
                p.copyFrom(Tensor.of(v, p.shape().toArray()));
                k++;
            }
        }
        float[] x = new float[6];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) Math.cos(0.9 * j);
        }
        return Tensor.of(x, 3, 1, 2);
    }

    @Test
    void lstmMatchesPyTorch() {
        Lstm lstm = new Lstm(RecurrentConfig.of(2, 2).withBidirectional(true), new Rng(1));
        LstmOutput out = lstm.forward(fill(lstm), null);
        Checks.close(new double[] {0.1789401, 0.1583392, -0.3309942, 0.1396927, 0.1125111, 0.1950617, -0.0626122,
            -0.0959194, 0.1116954, 0.1447767, -0.0089947, -0.0364453}, out.output(), 1e-6);
        Checks.close(new double[] {0.1116954, 0.1447767, -0.3309942, 0.1396927}, out.hN(), 1e-6);
        Checks.close(new double[] {0.1804719, 0.2074571, -0.4512774, 0.2142077}, out.cN(), 1e-6);
    }

    @Test
    void gruMatchesPyTorch() {
        Gru gru = new Gru(RecurrentConfig.of(2, 2).withBidirectional(true), new Rng(1));
        RnnOutput out = gru.forward(fill(gru), null);
        Checks.close(new double[] {0.2528808, 0.5915726, -0.5097289, 0.0744787, 0.0055581, 0.2876722, -0.1748371,
            -0.4066890, 0.0019666, 0.0964209, -0.0270611, -0.2277305}, out.output(), 1e-6);
        Checks.close(new double[] {0.0019666, 0.0964209, -0.5097289, 0.0744787}, out.hN(), 1e-6);
    }
}
