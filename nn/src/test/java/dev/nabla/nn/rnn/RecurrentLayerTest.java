package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sequence layers against repeated application of the reference cells of
 * {@link Reference} (two layers, both directions, batch-first and time-first), with given and
 * zero initial states; gradient checks; parameter names and shapes.
 */
class RecurrentLayerTest {

    private static final int T = 4;
    private static final int N = 2;
    private static final int I = 3;
    private static final int H = 2;

    /** Which recurrence the reference runs. */
    enum Kind { TANH, RELU, LSTM, GRU }

    /**
     * Runs the reference over x[T][N][I] (time-major) through every layer and direction of
     * {@code layer}; returns {output [T][N][D*H], hN [L*D][N][H], cN (LSTM only)}.
     */
    static double[][][][] reference(RecurrentLayer layer, Kind kind, double[][][] x, double[][][] h0,
            double[][][] c0) {
        RecurrentConfig cfg = layer.config();
        int d = cfg.directions();
        int h = cfg.hiddenSize();
        double[][][] seq = x;
        double[][][] hN = new double[cfg.numLayers() * d][][];
        double[][][] cN = new double[cfg.numLayers() * d][][];
        for (int l = 0; l < cfg.numLayers(); l++) {
            double[][][] next = new double[x.length][x[0].length][d * h];
            for (int dir = 0; dir < d; dir++) {
                int k = l * d + dir;
                boolean rev = dir == 1;
                Reference.Weights w = Reference.Weights.of(layer.weightIh(l, rev), layer.weightHh(l, rev),
                        layer.biasIh(l, rev), layer.biasHh(l, rev));
                double[][] hs = h0[k];
                double[][] cs = c0 == null ? null : c0[k];
                for (int i = 0; i < x.length; i++) {
                    int t = rev ? x.length - 1 - i : i;
                    switch (kind) {
                        case LSTM -> {
                            double[][][] s = Reference.lstm(w, seq[t], hs, cs);
                            hs = s[0];
                            cs = s[1];
                        }
                        case GRU -> hs = Reference.gru(w, seq[t], hs);
                        default -> hs = Reference.rnn(w, seq[t], hs, kind == Kind.RELU);
                    }
                    for (int n = 0; n < hs.length; n++) {
                        System.arraycopy(hs[n], 0, next[t][n], dir * h, h);
                    }
                }
                hN[k] = hs;
                cN[k] = cs;
            }
            seq = next;
        }
        return new double[][][][] {seq, hN, cN};
    }

    static double[][][] cube(Tensor t) {
        float[] v = t.toArray();
        int a = t.size(0);
        int b = t.size(1);
        int c = t.size(2);
        double[][][] out = new double[a][b][c];
        for (int i = 0; i < v.length; i++) {
            out[i / (b * c)][(i / c) % b][i % c] = v[i];
        }
        return out;
    }

    static double[] flat(double[][][] m, boolean swap01) {
        List<Double> out = new ArrayList<>();
        int a = swap01 ? m[0].length : m.length;
        int b = swap01 ? m.length : m[0].length;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                for (double v : swap01 ? m[j][i] : m[i][j]) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static RecurrentLayer make(Kind kind, RecurrentConfig cfg, Rng rng) {
        return switch (kind) {
            case LSTM -> new Lstm(cfg, rng);
            case GRU -> new Gru(cfg, rng);
            case TANH -> new Rnn(cfg, RnnCell.Nonlinearity.TANH, rng);
            case RELU -> new Rnn(cfg, RnnCell.Nonlinearity.RELU, rng);
        };
    }

    /** Runs the layer on x with the given states (null for zeros): {output, hN, cN or null}. */
    private static Tensor[] run(RecurrentLayer layer, Tensor x, Tensor h0, Tensor c0) {
        if (layer instanceof Lstm lstm) {
            LstmOutput o = lstm.forward(x, h0 == null ? null : new LstmState(h0, c0));
            return new Tensor[] {o.output(), o.hN(), o.cN()};
        }
        RnnOutput o = layer instanceof Rnn rnn ? rnn.forward(x, h0) : ((Gru) layer).forward(x, h0);
        return new Tensor[] {o.output(), o.hN(), null};
    }

    private static void compareWithReference(Kind kind, boolean batchFirst, boolean givenState) {
        Rng rng = new Rng(kind.ordinal() * 10 + (batchFirst ? 1 : 0) + (givenState ? 2 : 0));
        RecurrentConfig cfg = RecurrentConfig.of(I, H).withNumLayers(2).withBidirectional(true)
                .withBatchFirst(batchFirst);
        RecurrentLayer layer = make(kind, cfg, rng);
        Tensor x = batchFirst ? Tensor.randn(rng, N, T, I) : Tensor.randn(rng, T, N, I);
        Tensor h0 = givenState ? Tensor.randn(rng, 4, N, H) : null;
        Tensor c0 = givenState && kind == Kind.LSTM ? Tensor.randn(rng, 4, N, H) : null;
        Tensor[] got = run(layer, x, h0, c0);
        double[][][] xs = cube(batchFirst ? x.transpose(0, 1) : x);
        double[][][] zeros = new double[4][N][H];
        double[][][][] ref = reference(layer, kind, xs, h0 == null ? zeros : cube(h0),
                kind != Kind.LSTM ? null : c0 == null ? zeros : cube(c0));
        assertArrayEquals(batchFirst ? new int[] {N, T, 2 * H} : new int[] {T, N, 2 * H},
                got[0].shape().toArray());
        Checks.close(flat(ref[0], batchFirst), got[0], 1e-5);
        Checks.close(flat(ref[1], false), got[1], 1e-5);
        if (kind == Kind.LSTM) {
            Checks.close(flat(ref[2], false), got[2], 1e-5);
        }
    }

    @Test
    void layersMatchRepeatedReferenceCells() {
        for (Kind kind : Kind.values()) {
            for (boolean batchFirst : new boolean[] {false, true}) {
                for (boolean givenState : new boolean[] {false, true}) {
                    compareWithReference(kind, batchFirst, givenState);
                }
            }
        }
    }

    @Test
    void oneLayerOneDirectionEqualsTheCell() {
        Rng rng = new Rng(11);
        Lstm lstm = new Lstm(I, H, rng);
        LstmCell cell = new LstmCell(I, H, rng);
        cell.loadStateDict(Map.of("weight_ih", lstm.weightIh(0, false), "weight_hh", lstm.weightHh(0, false),
                "bias_ih", lstm.biasIh(0, false), "bias_hh", lstm.biasHh(0, false)));
        Tensor x = Tensor.randn(rng, T, N, I);
        LstmState s = null;
        for (int t = 0; t < T; t++) {
            s = cell.forward(x.narrow(0, t, 1).reshape(N, I), s);
        }
        LstmOutput out = lstm.forward(x, null);
        Checks.close(toDouble(s.h()), out.output().narrow(0, T - 1, 1), 1e-6);
        Checks.close(toDouble(s.h()), out.hN(), 1e-6);
        Checks.close(toDouble(s.c()), out.cN(), 1e-6);
    }

    private static double[] toDouble(Tensor t) {
        float[] v = t.toArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void parameterNamesAndShapesAsPyTorch() {
        Lstm lstm = new Lstm(RecurrentConfig.of(3, 5).withNumLayers(2).withBidirectional(true), new Rng(12));
        List<String> expected = new ArrayList<>();
        for (String layer : List.of("l0", "l0_reverse", "l1", "l1_reverse")) {
            for (String p : List.of("weight_ih_", "weight_hh_", "bias_ih_", "bias_hh_")) {
                expected.add(p + layer);
            }
        }
        Map<String, Tensor> params = lstm.namedParameters();
        assertEquals(expected, List.copyOf(params.keySet()));
        assertArrayEquals(new int[] {20, 3}, params.get("weight_ih_l0").shape().toArray());
        assertArrayEquals(new int[] {20, 10}, params.get("weight_ih_l1_reverse").shape().toArray());
        assertArrayEquals(new int[] {20, 5}, params.get("weight_hh_l1").shape().toArray());
        assertArrayEquals(new int[] {20}, params.get("bias_hh_l0_reverse").shape().toArray());
        assertSame(lstm.weightIh(1, true), params.get("weight_ih_l1_reverse"));
        Gru gru = new Gru(RecurrentConfig.of(3, 5).withBias(false), new Rng(12));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.namedParameters().keySet()));
        assertArrayEquals(new int[] {15, 3}, gru.weightIh(0, false).shape().toArray());
        Rnn rnn = new Rnn(3, 5, new Rng(12));
        assertArrayEquals(new int[] {5, 5}, rnn.weightHh(0, false).shape().toArray());
        assertEquals(2 * 20 * (3 + 5 + 2) + 2 * 20 * (10 + 5 + 2), lstm.parameterCount());
    }

    @Test
    void stateDictMovesBetweenLayers() {
        RecurrentConfig cfg = RecurrentConfig.of(I, H).withNumLayers(2).withBidirectional(true);
        Gru a = new Gru(cfg, new Rng(13));
        Gru b = new Gru(cfg, new Rng(14));
        Tensor x = Tensor.randn(new Rng(15), T, N, I);
        assertNotEquals(a.forward(x).toArray()[0], b.forward(x).toArray()[0]);
        b.loadStateDict(a.stateDict());
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
    }

    @Test
    void zeroInitialStateEqualsExplicitZeros() {
        Lstm lstm = new Lstm(RecurrentConfig.of(I, H).withNumLayers(2), new Rng(16));
        Tensor x = Tensor.randn(new Rng(17), T, N, I);
        LstmState zeros = new LstmState(Tensor.zeros(2, N, H), Tensor.zeros(2, N, H));
        assertArrayEquals(lstm.forward(x, zeros).output().toArray(), lstm.forward(x).toArray());
        Tensor h0 = Tensor.randn(new Rng(18), 2, N, H);
        assertNotEquals(lstm.forward(x, new LstmState(h0, Tensor.zeros(2, N, H))).output().toArray()[0],
                lstm.forward(x).toArray()[0]);
    }

    @Test
    void gradientsOfLayers() {
        Rng rng = new Rng(19);
        RecurrentConfig cfg = RecurrentConfig.of(2, 2).withNumLayers(2).withBidirectional(true).withBatchFirst(true);
        Tensor x = Tensor.randn(rng, 2, 3, 2);
        Tensor h0 = Tensor.randn(rng, 4, 2, 2);
        Tensor c0 = Tensor.randn(rng, 4, 2, 2);
        Lstm lstm = new Lstm(cfg, rng);
        GradCheck.gradient(v -> lstm.forward(v[0], new LstmState(v[1], v[2])).output(), x, h0, c0).orThrow();
        GradCheck.gradient(v -> lstm.forward(v[0], new LstmState(v[1], v[2])).cN(), x, h0, c0).orThrow();
        Checks.parameterGradients(lstm, m -> lstm.forward(x, new LstmState(h0, c0)).output());
        Gru gru = new Gru(cfg, rng);
        GradCheck.gradient(v -> gru.forward(v[0], v[1]).output(), x, h0).orThrow();
        GradCheck.gradient(v -> gru.forward(v[0], v[1]).hN(), x, h0).orThrow();
        Checks.parameterGradients(gru, m -> gru.forward(x, h0).output());
        Rnn rnn = new Rnn(cfg, RnnCell.Nonlinearity.TANH, rng);
        GradCheck.gradient(v -> rnn.forward(v[0], v[1]).output(), x, h0).orThrow();
        Checks.parameterGradients(rnn, m -> rnn.forward(x, h0).hN());
    }

    @Test
    void summaryNamesTheConfiguration() {
        Lstm lstm = new Lstm(RecurrentConfig.of(3, 5).withNumLayers(2).withBatchFirst(true).withDropout(0.25f)
                .withBidirectional(true), new Rng(20));
        assertEquals("Lstm(3, 5, num_layers=2, batch_first=true, dropout=0.25, bidirectional=true)", lstm.describe());
        assertEquals("Rnn(3, 5, nonlinearity=relu)",
                new Rnn(RecurrentConfig.of(3, 5), RnnCell.Nonlinearity.RELU, new Rng(20)).describe());
    }
}
