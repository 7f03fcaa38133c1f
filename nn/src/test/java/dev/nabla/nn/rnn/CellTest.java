package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Autograd;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cells: one step against the gate equations written out in {@link Reference}, gradient
 * checks, parameter names, shapes and initial ranges, and bad input.
 */
class CellTest {

    private static final int N = 3;
    private static final int I = 4;
    private static final int H = 5;

    private static double[][] rows(Tensor t) {
        return Reference.matrix(t);
    }

    private static Reference.Weights weights(RecurrentCell cell) {
        return Reference.Weights.of(cell.weightIh(), cell.weightHh(), cell.biasIh(), cell.biasHh());
    }

    @Test
    void lstmStepMatchesGateEquations() {
        Rng rng = new Rng(1);
        LstmCell cell = new LstmCell(I, H, rng);
        Tensor x = Tensor.randn(rng, N, I);
        Tensor h = Tensor.randn(rng, N, H);
        Tensor c = Tensor.randn(rng, N, H);
        LstmState next = cell.forward(x, new LstmState(h, c));
        double[][][] ref = Reference.lstm(weights(cell), rows(x), rows(h), rows(c));
        Checks.close(Reference.flatten(ref[0]), next.h(), 1e-5);
        Checks.close(Reference.flatten(ref[1]), next.c(), 1e-5);
        double[][][] fromZero = Reference.lstm(weights(cell), rows(x), new double[N][H], new double[N][H]);
        Checks.close(Reference.flatten(fromZero[0]), cell.forward(x), 1e-5);
        Checks.close(Reference.flatten(fromZero[1]), cell.forward(x, null).c(), 1e-5);
    }

    @Test
    void gruStepMatchesGateEquations() {
        Rng rng = new Rng(2);
        GruCell cell = new GruCell(I, H, rng);
        Tensor x = Tensor.randn(rng, N, I);
        Tensor h = Tensor.randn(rng, N, H);
        Checks.close(Reference.flatten(Reference.gru(weights(cell), rows(x), rows(h))), cell.forward(x, h), 1e-5);
        Checks.close(Reference.flatten(Reference.gru(weights(cell), rows(x), new double[N][H])), cell.forward(x),
                1e-5);
    }

    @Test
    void gruKeepsHiddenBiasInsideResetProduct() {
        // With zero weights, r = sigmoid(b_ir + b_hr) and n = tanh(b_in + r * b_hn): moving b_hn
        // outside the product would give tanh(b_in + b_hn) instead.
        GruCell cell = new GruCell(1, 1, new Rng(3));
        try (Autograd.Scope scope = Autograd.noGrad()) {
            cell.weightIh().fillInPlace(0);
            cell.weightHh().fillInPlace(0);
            cell.biasIh().copyFrom(Tensor.of(new float[] {0f, -100f, 0.5f}, 3));
            cell.biasHh().copyFrom(Tensor.of(new float[] {-1f, 0f, 2f}, 3));
        }
        double r = Reference.sigmoid(-1);
        Checks.close(new double[] {Math.tanh(0.5 + r * 2)}, cell.forward(Tensor.zeros(1, 1)), 1e-6);
    }

    @Test
    void rnnStepMatchesEquationForBothNonlinearities() {
        Rng rng = new Rng(4);
        for (RnnCell.Nonlinearity nl : RnnCell.Nonlinearity.values()) {
            RnnCell cell = new RnnCell(I, H, nl, true, rng);
            Tensor x = Tensor.randn(rng, N, I);
            Tensor h = Tensor.randn(rng, N, H);
            boolean relu = nl == RnnCell.Nonlinearity.RELU;
            Checks.close(Reference.flatten(Reference.rnn(weights(cell), rows(x), rows(h), relu)), cell.forward(x, h),
                    1e-5);
        }
    }

    @Test
    void cellsWithoutBias() {
        Rng rng = new Rng(5);
        LstmCell cell = new LstmCell(I, H, false, rng);
        assertEquals(List.of("weight_ih", "weight_hh"), List.copyOf(cell.namedParameters().keySet()));
        assertNull(cell.biasIh());
        Tensor x = Tensor.randn(rng, N, I);
        double[][][] ref = Reference.lstm(weights(cell), rows(x), new double[N][H], new double[N][H]);
        Checks.close(Reference.flatten(ref[0]), cell.forward(x), 1e-5);
    }

    @Test
    void gradientsOfCells() {
        Rng rng = new Rng(6);
        Tensor x = Tensor.randn(rng, 2, 3);
        Tensor h = Tensor.randn(rng, 2, 2);
        Tensor c = Tensor.randn(rng, 2, 2);
        LstmCell lstm = new LstmCell(3, 2, rng);
        GradCheck.gradient(v -> lstm.forward(v[0], new LstmState(v[1], v[2])).c(), x, h, c).orThrow();
        GradCheck.gradient(v -> lstm.forward(v[0], new LstmState(v[1], v[2])).h(), x, h, c).orThrow();
        Checks.parameterGradients(lstm, m -> lstm.forward(x, new LstmState(h, c)).h());
        GruCell gru = new GruCell(3, 2, rng);
        GradCheck.gradient(v -> gru.forward(v[0], v[1]), x, h).orThrow();
        Checks.parameterGradients(gru, m -> gru.forward(x, h));
        RnnCell rnn = new RnnCell(3, 2, rng);
        GradCheck.gradient(v -> rnn.forward(v[0], v[1]), x, h).orThrow();
        Checks.parameterGradients(rnn, m -> rnn.forward(x, h));
    }

    @Test
    void secondOrderGradientsOfCells() {
        Rng rng = new Rng(9);
        Tensor x = Tensor.randn(rng, 2, 2);
        Tensor h = Tensor.randn(rng, 2, 2);
        Tensor c = Tensor.randn(rng, 2, 2);
        LstmCell lstm = new LstmCell(2, 2, rng);
        GradCheck.secondOrder(v -> lstm.forward(v[0], new LstmState(v[1], v[2])).h(), x, h, c).orThrow();
        GruCell gru = new GruCell(2, 2, rng);
        GradCheck.secondOrder(v -> gru.forward(v[0], v[1]), x, h).orThrow();
    }

    @Test
    void parameterNamesShapesAndInitialRange() {
        Rng rng = new Rng(7);
        Map<String, RecurrentCell> cells = Map.of("1", new RnnCell(I, H, rng), "4", new LstmCell(I, H, rng),
                "3", new GruCell(I, H, rng));
        double bound = 1 / Math.sqrt(H);
        for (Map.Entry<String, RecurrentCell> e : cells.entrySet()) {
            int g = Integer.parseInt(e.getKey()) * H;
            Map<String, Tensor> p = e.getValue().namedParameters();
            assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(p.keySet()));
            assertArrayEquals(new int[] {g, I}, p.get("weight_ih").shape().toArray());
            assertArrayEquals(new int[] {g, H}, p.get("weight_hh").shape().toArray());
            assertArrayEquals(new int[] {g}, p.get("bias_ih").shape().toArray());
            assertArrayEquals(new int[] {g}, p.get("bias_hh").shape().toArray());
            for (Tensor t : p.values()) {
                for (float v : t.toArray()) {
                    assertTrue(Math.abs(v) <= bound, e.getValue().describe() + ": " + v + " outside the bound");
                }
            }
        }
    }

    @Test
    void badInput() {
        Rng rng = new Rng(8);
        LstmCell lstm = new LstmCell(I, H, rng);
        Checks.throwsWith(() -> lstm.forward(Tensor.zeros(N, I + 1)), "LstmCell(4, 5)", "input must be (N, 4)",
                "got [3, 5]");
        Checks.throwsWith(() -> lstm.forward(Tensor.zeros(2, N, I)), "LstmCell(4, 5)", "(N, 4)", "got [2, 3, 4]");
        Checks.throwsWith(() -> lstm.forward(Tensor.zeros(N, I), new LstmState(Tensor.zeros(N, H + 1),
                Tensor.zeros(N, H + 1))), "LstmCell(4, 5)", "h must be (N, H) = (3, 5)", "got [3, 6]");
        GruCell gru = new GruCell(I, H, rng);
        Checks.throwsWith(() -> gru.forward(Tensor.zeros(N, I), Tensor.zeros(N + 1, H)), "GruCell(4, 5)",
                "h must be (N, H) = (3, 5)", "got [4, 5]");
        RnnCell rnn = new RnnCell(I, H, RnnCell.Nonlinearity.RELU, true, rng);
        Checks.throwsWith(() -> rnn.forward(Tensor.zeros(I)), "RnnCell(4, 5, nonlinearity=relu)", "(N, 4)",
                "got [4]");
        Checks.throwsWith(() -> new LstmState(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "LstmState", "one shape");
        Checks.throwsWith(() -> new GruCell(0, H, rng), "GruCell", "inputSize and hiddenSize >= 1");
    }
}
