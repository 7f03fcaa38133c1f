package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Autograd;
import dev.nabla.core.Dropout;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behaviour in training: dropout only between layers and only in training mode, backpropagation
 * through 1,000 time steps, and truncated backpropagation by detaching the carried state.
 */
class RecurrentTrainingTest {

    private static final int N = 2;
    private static final int I = 3;
    private static final int H = 4;

    @Test
    void dropoutOnlyBetweenLayersAndOnlyInTraining() {
        RecurrentConfig cfg = RecurrentConfig.of(I, H).withNumLayers(2).withDropout(0.5f);
        Lstm lstm = new Lstm(cfg, new Rng(1));
        Lstm plain = new Lstm(cfg.withDropout(0f), new Rng(2));
        plain.loadStateDict(lstm.stateDict());
        Tensor x = Tensor.randn(new Rng(3), 6, N, I);
        LstmOutput trained = lstm.forward(x, null);
        LstmOutput reference = plain.forward(x, null);
        // Layer 0 sees no dropout (its final state agrees); layer 1 reads a dropped-out input.
        assertArrayEquals(reference.hN().narrow(0, 0, 1).toArray(), trained.hN().narrow(0, 0, 1).toArray());
        assertFalse(Arrays.equals(reference.output().toArray(), trained.output().toArray()));
        lstm.eval();
        assertArrayEquals(reference.output().toArray(), lstm.forward(x).toArray());
        // One layer: nothing to drop between, even in training mode.
        Gru single = new Gru(RecurrentConfig.of(I, H).withDropout(0.5f), new Rng(4));
        Tensor out = single.forward(x);
        single.eval();
        assertArrayEquals(single.forward(x).toArray(), out.toArray());
    }

    @Test
    void dropoutMaskIsAppliedToTheFirstLayersOutput() {
        RecurrentConfig cfg = RecurrentConfig.of(I, H).withNumLayers(2).withDropout(0.5f);
        Tensor x = Tensor.randn(new Rng(5), 6, N, I);
        Gru gru = new Gru(cfg, new Rng(6));
        Tensor out = gru.forward(x);
        // Replay by hand: the same generator, advanced identically by an identical layer's
        // initialisation, then layer 0, the mask, layer 1 as separate one-layer GRUs.
        Rng replay = new Rng(6);
        new Gru(cfg, replay);
        Gru first = new Gru(RecurrentConfig.of(I, H), new Rng(7));
        Gru second = new Gru(RecurrentConfig.of(H, H), new Rng(7));
        first.loadStateDict(renamed(gru, "l0"));
        second.loadStateDict(renamed(gru, "l1"));
        Tensor dropped = Dropout.dropout(first.forward(x), 0.5f, true, replay);
        assertArrayEquals(second.forward(dropped).toArray(), out.toArray());
    }

    /** The parameters of one layer of {@code layer}, renamed to those of a one-layer module. */
    private static Map<String, Tensor> renamed(RecurrentLayer layer, String suffix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : layer.stateDict().entrySet()) {
            if (e.getKey().endsWith("_" + suffix)) {
                out.put(e.getKey().replace("_" + suffix, "_l0"), e.getValue());
            }
        }
        return out;
    }

    @Test
    void backpropagationThroughOneThousandSteps() {
        int steps = 1000;
        Rng rng = new Rng(8);
        Lstm lstm = new Lstm(RecurrentConfig.of(I, 8), rng);
        Tensor x = Tensor.randn(rng, steps, N, I).requiresGrad(true);
        LstmOutput out = lstm.forward(x, null);
        out.output().sum().backward();
        float[] g = x.grad().toArray();
        for (float v : g) {
            assertTrue(Float.isFinite(v));
        }
        // Step 0's input reaches the loss through all 1,000 steps; its gradient is non-zero.
        assertTrue(Math.abs(x.grad().narrow(0, 0, 1).abs().sum().item()) > 0);
        for (Tensor p : lstm.parameters()) {
            assertTrue(p.grad() != null && p.grad().abs().sum().item() > 0);
        }
    }

    @Test
    void backpropagationThroughOneThousandStepsMatchesTheClosedForm() {
        // A relu RNN with H = I = 1, w_ih = w_hh = 1 and no bias, fed positive inputs, is a
        // running sum: h_t = h_{t-1} + x_t. For L = sum_t h_t (over both batch rows):
        //   dL/dx_s = T - s (x_s is in h_s ... h_{T-1});
        //   dL/dw_ih = sum_s (T - s) x_s;
        //   dL/dw_hh = sum_t dh_t/dw_hh = sum_t sum_{s<t} h_s = sum_s (T - 1 - s) h_s  (at w_hh = 1).
        int steps = 1000;
        Rnn rnn = new Rnn(RecurrentConfig.of(1, 1).withBias(false), RnnCell.Nonlinearity.RELU, new Rng(10));
        try (Autograd.Scope scope = Autograd.noGrad()) {
            rnn.weightIh(0, false).fillInPlace(1f);
            rnn.weightHh(0, false).fillInPlace(1f);
        }
        Tensor x = Tensor.rand(new Rng(11), steps, N, 1).mul(0.9f).add(0.1f).detach().requiresGrad(true);
        Tensor out = rnn.forward(x);
        out.sum().backward();
        float[] xv = x.toArray();
        double[] running = new double[N];
        double[] expectedOut = new double[steps * N];
        double gradIh = 0;
        double gradHh = 0;
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < N; n++) {
                running[n] += xv[t * N + n];
                expectedOut[t * N + n] = running[n];
                gradIh += (double) (steps - t) * xv[t * N + n];
                gradHh += (double) (steps - 1 - t) * running[n];
            }
        }
        Checks.close(expectedOut, out, 2e-3);
        float[] gx = x.grad().toArray();
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < N; n++) {
                assertEquals(steps - t, gx[t * N + n], 0, "dL/dx at step " + t);
            }
        }
        assertEquals(gradIh, rnn.weightIh(0, false).grad().item(), 1e-5 * gradIh);
        assertEquals(gradHh, rnn.weightHh(0, false).grad().item(), 1e-5 * gradHh);
    }

    @Test
    void truncatedBackpropagationStopsAtTheDetachedState() {
        int k = 5;
        Rng rng = new Rng(9);
        Gru gru = new Gru(RecurrentConfig.of(I, H).withNumLayers(2), rng);
        Tensor x = Tensor.randn(rng, 2 * k, N, I);
        for (boolean detach : new boolean[] {false, true}) {
            Tensor first = x.narrow(0, 0, k).detach().requiresGrad(true);
            Tensor second = x.narrow(0, k, k).detach().requiresGrad(true);
            RnnOutput a = gru.forward(first, null);
            Tensor carried = detach ? a.hN().detach() : a.hN();
            RnnOutput b = gru.forward(second, carried);
            // The loss at step 2k - 1 only.
            b.output().narrow(0, k - 1, 1).sum().backward();
            float reached = first.grad() == null ? 0f : first.grad().abs().sum().item();
            assertEquals(detach, reached == 0f, "gradient at steps < k: " + reached + ", detached " + detach);
            assertTrue(second.grad().abs().sum().item() > 0);
            // Detaching changes gradients, not values: the chunks reproduce the whole sequence.
            assertArrayEquals(gru.forward(x).narrow(0, k, k).toArray(), b.output().toArray(), 1e-6f);
        }
        Lstm lstm = new Lstm(RecurrentConfig.of(I, H), rng);
        Tensor first = x.narrow(0, 0, k).detach().requiresGrad(true);
        LstmOutput a = lstm.forward(first, null);
        lstm.forward(x.narrow(0, k, k), a.state().detach()).output().sum().backward();
        assertTrue(first.grad() == null || first.grad().abs().sum().item() == 0f);
    }
}
