package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.init.Init;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm, LayerNorm and GroupNorm against statistics computed in double in the test, running
 * statistics, train versus eval, and the batch-size facts users trip over.
 */
class NormalizationLayersTest {

    private static final double EPS = 1e-5;

    /**
     * Normalises x viewed as (outer, groups, inner) over (outer, inner) for each group, then
     * applies a per-channel affine over x viewed as (N, C, S).
     *
     * @param variance receives the biased variance of each group, if not null
     */
    static double[] normalize(float[] x, int outer, int groups, int inner, double[] mean, double[] variance) {
        double[] y = new double[x.length];
        for (int g = 0; g < groups; g++) {
            double s = 0;
            double ss = 0;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    s += x[(o * groups + g) * inner + i];
                }
            }
            double m = s / (outer * inner);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double d = x[(o * groups + g) * inner + i] - m;
                    ss += d * d;
                }
            }
            double v = ss / (outer * inner);
            if (mean != null) {
                mean[g] = m;
                variance[g] = v;
            }
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int k = (o * groups + g) * inner + i;
                    y[k] = (x[k] - m) / Math.sqrt(v + EPS);
                }
            }
        }
        return y;
    }

    static double[] affine(double[] y, float[] w, float[] b, int channels, int spatial) {
        double[] out = y.clone();
        for (int k = 0; k < out.length; k++) {
            int c = k / spatial % channels;
            out[k] = out[k] * w[c] + b[c];
        }
        return out;
    }

    private static void randomAffine(Tensor w, Tensor b, Rng rng) {
        Init.uniformInPlace(w, 0.5f, 1.5f, rng);
        Init.uniformInPlace(b, -0.5f, 0.5f, rng);
    }

    @Test
    void batchNorm2dTrainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        Rng rng = new Rng(1);
        BatchNorm2d bn = new BatchNorm2d(3);
        randomAffine(bn.weight(), bn.bias(), rng);
        Tensor x = Tensor.randn(rng, 4, 3, 2, 2).mul(2f).add(1f);
        double[] mean = new double[3];
        double[] var = new double[3];
        double[] expected = affine(normalize(x.toArray(), 4, 3, 4, mean, var), bn.weight().toArray(),
                bn.bias().toArray(), 3, 4);
        Checks.close(expected, bn.forward(x), 1e-5);
        int m = 16; // values per channel
        double[] runningMean = new double[3];
        double[] runningVar = new double[3];
        for (int c = 0; c < 3; c++) {
            runningMean[c] = 0.1 * mean[c];
            runningVar[c] = 0.9 + 0.1 * var[c] * m / (m - 1);
        }
        Checks.close(runningMean, bn.runningMean(), 1e-6);
        Checks.close(runningVar, bn.runningVar(), 1e-5);
        assertEquals(1f, bn.numBatchesTracked().item());
        bn.forward(x);
        for (int c = 0; c < 3; c++) {
            runningMean[c] = 0.9 * runningMean[c] + 0.1 * mean[c];
        }
        Checks.close(runningMean, bn.runningMean(), 1e-6);
        assertEquals(2f, bn.numBatchesTracked().item());
    }

    @Test
    void evalUsesRunningStatisticsNotTheBatchs() {
        Rng rng = new Rng(2);
        BatchNorm1d bn = new BatchNorm1d(2);
        randomAffine(bn.weight(), bn.bias(), rng);
        try (Autograd.Scope s = Autograd.noGrad()) {
            bn.runningMean().copyFrom(Tensor.of(new float[] {3f, -1f}, 2));
            bn.runningVar().copyFrom(Tensor.of(new float[] {4f, 0.25f}, 2));
        }
        bn.eval();
        Tensor x = Tensor.randn(rng, 6, 2);
        float[] v = x.toArray();
        float[] w = bn.weight().toArray();
        float[] b = bn.bias().toArray();
        double[] rm = {3, -1};
        double[] rv = {4, 0.25};
        double[] expected = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            int c = k % 2;
            expected[k] = (v[k] - rm[c]) / Math.sqrt(rv[c] + EPS) * w[c] + b[c];
        }
        Tensor y = bn.forward(x);
        Checks.close(expected, y, 1e-5);
        // nothing moves in eval mode, and each sample's output ignores the rest of the batch
        assertArrayEquals(new float[] {3f, -1f}, bn.runningMean().toArray());
        assertEquals(0f, bn.numBatchesTracked().item());
        assertArrayEquals(y.narrow(0, 2, 1).toArray(), bn.forward(x.narrow(0, 2, 1)).toArray(), 1e-6f);
        // while in training mode the same batch is normalised with its own statistics
        Tensor train = bn.train().forward(x);
        Checks.close(affine(normalize(v, 6, 2, 1, null, null), w, b, 2, 1), train, 1e-5);
        assertTrue(Math.abs(train.get(0, 0) - y.get(0, 0)) > 0.1);
    }

    @Test
    void momentumEpsAndAffineOptionsTakeEffect() {
        // eps 0.1 and momentum 0.3, no affine parameters but running statistics
        BatchNorm1d bn = new BatchNorm1d(2, new BatchNorm.Options(0.1f, 0.3f, false, true));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        assertTrue(bn.parameters().isEmpty());
        assertNull(bn.weight());
        Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 6, 30}, 3, 2);
        // channel 0: 1, 2, 6 -> mean 3, biased variance 14/3, unbiased 7;
        // channel 1: 10, 20, 30 -> mean 20, biased variance 200/3, unbiased 100
        double[] mean = {3, 20};
        double[] biased = {14.0 / 3, 200.0 / 3};
        float[] v = x.toArray();
        double[] expected = new double[6];
        for (int k = 0; k < 6; k++) {
            expected[k] = (v[k] - mean[k % 2]) / Math.sqrt(biased[k % 2] + 0.1);
        }
        Checks.close(expected, bn.forward(x), 1e-5);
        Checks.close(new double[] {0.3 * 3, 0.3 * 20}, bn.runningMean(), 1e-5);
        Checks.close(new double[] {0.7 + 0.3 * 7, 0.7 + 0.3 * 100}, bn.runningVar(), 1e-4);
        // eval: the running statistics, with the same eps
        Tensor y = bn.eval().forward(Tensor.of(new float[] {0.9f, 6f}, 1, 2));
        Checks.close(new double[] {0, 0}, y, 1e-6);
        Tensor z = bn.forward(Tensor.of(new float[] {1.9f, 7f}, 1, 2));
        Checks.close(new double[] {1 / Math.sqrt(2.8 + 0.1), 1 / Math.sqrt(30.7 + 0.1)}, z, 1e-5);
        assertEquals(1f, bn.numBatchesTracked().item());
    }

    @Test
    void withoutRunningStatisticsBothModesUseTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(3, new BatchNorm.Options(1e-5f, 0.1f, false, false));
        assertTrue(bn.stateDict().isEmpty());
        assertNull(bn.runningMean());
        Tensor x = Tensor.randn(new Rng(3), 5, 3, 4);
        Tensor train = bn.forward(x);
        Checks.close(normalize(x.toArray(), 5, 3, 4, null, null), train, 1e-5);
        assertArrayEquals(train.toArray(), bn.eval().forward(x).toArray());
    }

    @Test
    void batchNormGradients() {
        Rng rng = new Rng(4);
        BatchNorm1d bn = new BatchNorm1d(3);
        randomAffine(bn.weight(), bn.bias(), rng);
        Checks.gradients(bn, Tensor.randn(rng, 5, 3));
        Checks.gradients(bn, Tensor.randn(rng, 3, 3, 2));
        BatchNorm2d bn2 = new BatchNorm2d(2);
        randomAffine(bn2.weight(), bn2.bias(), rng);
        Checks.gradients(bn2, Tensor.randn(rng, 2, 2, 2, 2));
        Checks.gradients(bn2.eval(), Tensor.randn(rng, 2, 2, 2, 2));
    }

    @Test
    void oneBatchOf32DiffersFromSixteenAccumulatedBatchesOf2() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, 32, 4);
        Tensor target = Tensor.randn(rng, 32, 3);
        for (String norm : List.of("none", "layer", "batch")) {
            Linear lin = new Linear(4, 3, new Rng(6));
            dev.nabla.nn.Module after = switch (norm) {
                case "layer" -> new LayerNorm(3);
                case "batch" -> new BatchNorm1d(3);
                default -> new Identity();
            };
            // loss = mean over samples of sum((y - t)^2): one batch of 32 ...
            after.forward(lin.forward(x)).sub(target).square().sum().div(32f).backward();
            float[] whole = lin.weight().grad().toArray();
            lin.zeroGrad();
            // ... or 16 batches of 2, each contributing its share, gradients accumulated
            for (int k = 0; k < 16; k++) {
                Tensor xs = x.narrow(0, 2 * k, 2);
                after.forward(lin.forward(xs)).sub(target.narrow(0, 2 * k, 2)).square().sum().div(32f).backward();
            }
            float[] accumulated = lin.weight().grad().toArray();
            double diff = 0;
            for (int i = 0; i < whole.length; i++) {
                diff = Math.max(diff, Math.abs(whole[i] - accumulated[i]));
            }
            if (norm.equals("batch")) {
                assertTrue(diff > 0.05, "BatchNorm couples the samples of a batch: max difference " + diff);
            } else {
                assertTrue(diff < 1e-5, norm + ": per-sample layers give the same gradient, max difference " + diff);
            }
        }
    }

    @Test
    void atBatchSizeOneBatchNormAndLayerNormDiffer() {
        Rng rng = new Rng(7);
        // BatchNorm1d on (1, C) in training has one value per channel: refused, as PyTorch does
        BatchNorm1d bn1 = new BatchNorm1d(3);
        Checks.throwsWith(() -> bn1.forward(Tensor.randn(rng, 1, 3)), "BatchNorm1d", "more than one value per channel");
        assertEquals(0f, bn1.numBatchesTracked().item());
        bn1.eval().forward(Tensor.randn(rng, 1, 3)); // eval uses running statistics: fine
        // LayerNorm normalises the single sample over its features
        Tensor x1 = Tensor.randn(rng, 1, 3);
        Checks.close(normalize(x1.toArray(), 1, 1, 3, null, null), new LayerNorm(3).forward(x1), 1e-5);
        // BatchNorm2d on (1, C, H, W) normalises each channel over H, W; LayerNorm over C, H, W
        Tensor x = Tensor.randn(rng, 1, 2, 3, 3).add(Tensor.of(new float[] {-2f, 2f}, 1, 2, 1, 1));
        Tensor bn = new BatchNorm2d(2).forward(x);
        Tensor ln = new LayerNorm(2, 3, 3).forward(x);
        Checks.close(normalize(x.toArray(), 1, 2, 9, null, null), bn, 1e-5);
        Checks.close(normalize(x.toArray(), 1, 1, 18, null, null), ln, 1e-5);
        assertTrue(Math.abs(bn.get(0, 0, 0, 0) - ln.get(0, 0, 0, 0)) > 0.5);
    }

    @Test
    void layerNormOverTrailingDimensions() {
        Rng rng = new Rng(8);
        LayerNorm ln = new LayerNorm(3, 2);
        Init.uniformInPlace(ln.weight(), 0.5f, 1.5f, rng);
        Init.uniformInPlace(ln.bias(), -0.5f, 0.5f, rng);
        Tensor x = Tensor.randn(rng, 4, 3, 2);
        double[] y = normalize(x.toArray(), 1, 4, 6, null, null);
        float[] w = ln.weight().toArray();
        float[] b = ln.bias().toArray();
        for (int k = 0; k < y.length; k++) {
            y[k] = y[k] * w[k % 6] + b[k % 6];
        }
        Checks.close(y, ln.forward(x), 1e-5);
        Checks.gradients(ln, x);
        LayerNorm plain = new LayerNorm(new int[] {3, 2}, 1e-5f, false, false);
        assertTrue(plain.parameters().isEmpty());
        Checks.gradients(plain, x);
    }

    @Test
    void groupNormOverGroupsOfChannels() {
        Rng rng = new Rng(9);
        GroupNorm gn = new GroupNorm(2, 4);
        randomAffine(gn.weight(), gn.bias(), rng);
        Tensor x = Tensor.randn(rng, 3, 4, 2, 2);
        // groups of 2 channels x 4 positions = 8 consecutive values per (sample, group)
        double[] expected = affine(normalize(x.toArray(), 1, 6, 8, null, null), gn.weight().toArray(),
                gn.bias().toArray(), 4, 4);
        Checks.close(expected, gn.forward(x), 1e-5);
        Checks.gradients(gn, x);
    }
}
