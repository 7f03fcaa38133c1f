package dev.nabla.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.BasicBlock;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.GroupNorm;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.rnn.Gru;
import dev.nabla.nn.rnn.GruCell;
import dev.nabla.nn.rnn.Lstm;
import dev.nabla.nn.rnn.LstmCell;
import dev.nabla.nn.rnn.RecurrentConfig;
import dev.nabla.nn.rnn.Rnn;
import dev.nabla.nn.rnn.RnnCell;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each layer's default initialisation against PyTorch's documented default for that layer,
 * by the empirical mean and variance of the draws (five standard errors) and their bounds:
 * <ul>
 *   <li>{@code nn.Linear}: weight from {@code kaiming_uniform_(a = sqrt 5)}, which is
 *       U(-1/sqrt(in), 1/sqrt(in)), and bias U(-1/sqrt(in), 1/sqrt(in));</li>
 *   <li>{@code nn.Embedding}: N(0, 1), the padding row zero;</li>
 *   <li>{@code nn.RNN}, {@code nn.LSTM}, {@code nn.GRU} and their cells: every parameter
 *       U(-1/sqrt(H), 1/sqrt(H));</li>
 *   <li>{@code nn.BatchNorm*}: weight 1, bias 0, running mean 0, running variance 1, no batch
 *       tracked; {@code nn.LayerNorm} and {@code nn.GroupNorm}: weight 1, bias 0.</li>
 * </ul>
 * (The convolutions' defaults are checked in the convolution layers' test.)
 */
class LayerDefaultsTest {

    private static float[] concat(List<Tensor> tensors) {
        int n = tensors.stream().mapToInt(Tensor::size).sum();
        float[] out = new float[n];
        int at = 0;
        for (Tensor t : tensors) {
            float[] v = t.toArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    private static void filledWith(Tensor t, float value, String what) {
        float[] expected = new float[t.size()];
        Arrays.fill(expected, value);
        assertArrayEquals(expected, t.toArray(), what);
    }

    @Test
    void linearWeightAndBiasAreUniformOverOneOverSqrtFanIn() {
        Linear lin = new Linear(64, 500, new Rng(1));
        Checks.uniformDraws(lin.weight().toArray(), 1 / 8.0, "Linear(64, 500).weight");
        Checks.uniformDraws(lin.bias().toArray(), 1 / 8.0, "Linear(64, 500).bias");
        // the bound follows the fan in, not the fan out
        Linear wide = new Linear(400, 3000, new Rng(2));
        Checks.uniformDraws(wide.bias().toArray(), 1 / 20.0, "Linear(400, 3000).bias");
    }

    @Test
    void embeddingIsStandardNormalWithAZeroPaddingRow() {
        Embedding e = new Embedding(1000, 16, new Rng(3));
        Checks.normalDraws(e.weight().toArray(), 0, 1, "Embedding(1000, 16).weight");
        Embedding padded = new Embedding(500, 20, 7, new Rng(4));
        float[] w = padded.weight().toArray();
        filledWith(padded.weight().narrow(0, 7, 1), 0f, "padding row");
        float[] others = new float[w.length - 20];
        System.arraycopy(w, 0, others, 0, 7 * 20);
        System.arraycopy(w, 8 * 20, others, 7 * 20, w.length - 8 * 20);
        Checks.normalDraws(others, 0, 1, "Embedding(500, 20, padding_idx=7) other rows");
    }

    @Test
    void recurrentParametersAreUniformOverOneOverSqrtHidden() {
        int in = 7;
        int h = 16;
        double bound = 0.25;
        RecurrentConfig deep = RecurrentConfig.of(in, h).withNumLayers(2).withBidirectional(true);
        List<Module> modules = List.of(new RnnCell(in, h, new Rng(5)), new LstmCell(in, h, new Rng(6)),
                new GruCell(in, h, new Rng(7)), new Rnn(deep, RnnCell.Nonlinearity.TANH, new Rng(8)),
                new Lstm(deep, new Rng(9)), new Gru(deep, new Rng(10)));
        for (Module m : modules) {
            for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
                for (float v : e.getValue().toArray()) {
                    if (Math.abs(v) > bound) {
                        throw new AssertionError(m.describe() + "." + e.getKey() + " holds " + v + ", outside +-"
                                + bound);
                    }
                }
            }
            // the input weights of layer 1 read 2H features, yet their bound is still 1/sqrt(H)
            Checks.uniformDraws(concat(m.parameters()), bound, m.describe());
        }
        Lstm lstm = (Lstm) modules.get(4);
        Checks.uniformDraws(lstm.weightIh(1, true).toArray(), bound, "Lstm weight_ih_l1_reverse");
    }

    @Test
    void normalisationLayersStartAsTheIdentityWithUnitRunningVariance() {
        for (Module bn : List.of(new BatchNorm1d(5), new BatchNorm2d(5))) {
            Map<String, Tensor> s = bn.stateDict();
            filledWith(s.get("weight"), 1f, bn.describe() + ".weight");
            filledWith(s.get("bias"), 0f, bn.describe() + ".bias");
            filledWith(s.get("running_mean"), 0f, bn.describe() + ".running_mean");
            filledWith(s.get("running_var"), 1f, bn.describe() + ".running_var");
            assertEquals(0f, s.get("num_batches_tracked").item());
        }
        LayerNorm ln = new LayerNorm(3, 4);
        filledWith(ln.weight(), 1f, "LayerNorm.weight");
        filledWith(ln.bias(), 0f, "LayerNorm.bias");
        assertArrayEquals(new int[] {3, 4}, ln.weight().shape().toArray());
        GroupNorm gn = new GroupNorm(2, 6);
        filledWith(gn.weight(), 1f, "GroupNorm.weight");
        filledWith(gn.bias(), 0f, "GroupNorm.bias");
    }

    @Test
    void basicBlockKeepsTheLayerDefaultsUnlessItsLastScaleIsZeroed() {
        BasicBlock plain = new BasicBlock(32, 32, 1, new Rng(11));
        Map<String, Tensor> p = plain.namedParameters();
        // 3x3 convolutions over 32 channels: fan in 288
        Checks.uniformDraws(p.get("conv1.weight").toArray(), 1 / Math.sqrt(288), "conv1.weight");
        Checks.uniformDraws(p.get("conv2.weight").toArray(), 1 / Math.sqrt(288), "conv2.weight");
        filledWith(p.get("bn2.weight"), 1f, "bn2.weight");
        BasicBlock zeroed = new BasicBlock(32, 32, 1, true, new Rng(11));
        filledWith(zeroed.namedParameters().get("bn2.weight"), 0f, "bn2.weight with zeroInitLastBn");
        filledWith(zeroed.namedParameters().get("bn1.weight"), 1f, "bn1.weight with zeroInitLastBn");
    }
}
