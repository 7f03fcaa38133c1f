package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.kernels.Parallel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Batch norm's running statistics against numbers worked out by hand, eval mode, a gradient
 * penalty through normalised critics, determinism across thread counts, and bad input (which
 * must change nothing, running buffers included). Forward values and gradient checks of every
 * op are in the op-spec table ({@code NormSpecs}).
 */
class NormalizationTest {

    private static final float EPS = 1e-5f;
    private static final float TOL = 1e-6f;

    /**
     * (N, C) = (4, 2): channel 0 holds 1, 2, 3, 4 (mean 2.5, biased variance 1.25, unbiased 5/3),
     * channel 1 holds 0, 0, 2, 2 (mean 1, biased variance 1, unbiased 4/3).
     */
    private static Tensor batch() {
        return Tensor.of(new float[] {1, 0, 2, 0, 3, 2, 4, 2}, 4, 2);
    }

    @Test
    void trainingUpdatesRunningStatisticsAsPyTorchDoes() {
        Tensor mean = Tensor.zeros(2);
        Tensor var = Tensor.ones(2);
        Tensor y = Normalization.batchNorm(batch(), mean, var, null, null, true, 0.1f, EPS);
        // running = 0.9 running + 0.1 batch, with the unbiased variance
        assertArrayEquals(new float[] {0.25f, 0.1f}, mean.toArray(), TOL);
        assertArrayEquals(new float[] {0.9f + 0.1f * 5 / 3f, 0.9f + 0.1f * 4 / 3f}, var.toArray(), TOL);
        // the output itself is normalised with the biased variance
        double s0 = Math.sqrt(1.25 + EPS);
        double s1 = Math.sqrt(1 + EPS);
        assertArrayEquals(new float[] {(float) (-1.5 / s0), (float) (-1 / s1), (float) (-0.5 / s0),
            (float) (-1 / s1), (float) (0.5 / s0), (float) (1 / s1), (float) (1.5 / s0), (float) (1 / s1)},
                y.toArray(), TOL);
        // a second step averages again: 0.9 * 0.25 + 0.1 * 2.5 = 0.475
        Normalization.batchNorm(batch(), mean, var, null, null, true, 0.1f, EPS);
        assertArrayEquals(new float[] {0.475f, 0.19f}, mean.toArray(), TOL);
        float v0 = 0.9f + 0.1f * 5 / 3f;
        float v1 = 0.9f + 0.1f * 4 / 3f;
        assertArrayEquals(new float[] {0.9f * v0 + 0.1f * 5 / 3f, 0.9f * v1 + 0.1f * 4 / 3f}, var.toArray(), TOL);
    }

    @Test
    void runningStatisticsCountBatchAndSpatialPositions() {
        // (N, C, L) = (2, 1, 3) holding 1..6: mean 3.5, unbiased variance 17.5 / 5 = 3.5
        Tensor x = Tensor.arange(1, 7, 1).reshape(2, 1, 3);
        Tensor mean = Tensor.zeros(1);
        Tensor var = Tensor.ones(1);
        Normalization.batchNorm(x, mean, var, null, null, true, 0.1f, EPS);
        assertEquals(0.35f, mean.item(), TOL);
        assertEquals(1.25f, var.item(), TOL);
        // momentum 1 replaces the statistics, momentum 0 keeps them
        Normalization.batchNorm(x, mean, var, null, null, true, 1f, EPS);
        assertArrayEquals(new float[] {3.5f, 3.5f}, new float[] {mean.item(), var.item()}, TOL);
        Normalization.batchNorm(x.mul(3f), mean, var, null, null, true, 0f, EPS);
        assertArrayEquals(new float[] {3.5f, 3.5f}, new float[] {mean.item(), var.item()}, TOL);
    }

    @Test
    void evalModeNormalisesWithRunningStatisticsAndChangesNothing() {
        Tensor mean = Tensor.of(new float[] {0.5f, -1f}, 2);
        Tensor var = Tensor.of(new float[] {4f, 0.25f}, 2);
        Tensor w = Tensor.of(new float[] {2f, -1f}, 2);
        Tensor b = Tensor.of(new float[] {0.5f, 3f}, 2);
        Tensor y = Normalization.batchNorm(batch(), mean, var, w, b, false, 0.1f, EPS);
        float[] x = batch().toArray();
        float[] expected = new float[8];
        for (int i = 0; i < 4; i++) {
            expected[2 * i] = (float) ((x[2 * i] - 0.5) / Math.sqrt(4 + EPS) * 2 + 0.5);
            expected[2 * i + 1] = (float) ((x[2 * i + 1] + 1) / Math.sqrt(0.25 + EPS) * -1 + 3);
        }
        assertArrayEquals(expected, y.toArray(), 1e-5f);
        assertArrayEquals(new float[] {0.5f, -1f}, mean.toArray());
        assertArrayEquals(new float[] {4f, 0.25f}, var.toArray());
    }

    @Test
    void trainingModeGradientFlowsWhileBuffersUpdateOutsideTheGraph() {
        Tensor x = batch().requiresGrad(true);
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor mean = Tensor.zeros(2);
        Tensor var = Tensor.ones(2);
        Normalization.batchNorm(x, mean, var, w, null, true, 0.1f, EPS).square().sum().backward();
        assertTrue(!mean.requiresGrad() && !var.requiresGrad());
        // sum of xhat^2 over a channel is M v / (v + eps) = M (up to eps); its gradient in x is ~0
        for (float g : x.grad().toArray()) {
            assertEquals(0f, g, 1e-4f);
        }
        assertArrayEquals(new float[] {8f, 8f}, w.grad().toArray(), 1e-3f);
    }

    /** A critic x -> norm(tanh-layer(x)) . v on a batch (N, 3). */
    private static Tensor critic(Tensor x, Tensor w1, Tensor v, boolean batchNorm) {
        Tensor h = LinearAlgebra.matmul(x, false, w1, true);
        Tensor n = batchNorm ? Normalization.batchNorm(h, null, null, null, null, true, 0.1f, EPS)
                : Normalization.layerNorm(h, new int[] {4}, null, null, EPS);
        return n.tanh().matmul(v);
    }

    /** WGAN-GP: mean over the batch of (||dD/dx|| - 1)^2; its weight gradient needs second order. */
    private static Tensor penalty(Tensor[] w, boolean batchNorm) {
        try (var scope = Autograd.enableGrad()) {
            Tensor x = Tensor.of(new float[] {0.3f, -0.8f, 1.1f, 0.5f, -0.2f, 0.9f, -1f, 0.4f, 0.2f}, 3, 3)
                    .requiresGrad(true);
            Tensor d = critic(x, w[0], w[1], batchNorm);
            Tensor dx = Autograd.grad(List.of(d.sum()), List.of(x), null, true, true, false).get(0);
            return dx.square().sum(new int[] {1}, false).sqrt().sub(1f).square().mean();
        }
    }

    @Test
    void gradientPenaltyThroughLayerNormAndBatchNormMatchesFiniteDifferences() {
        Rng rng = new Rng(5);
        Tensor[] w = {Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4)};
        GradCheck.gradient(t -> penalty(t, false), w).orThrow();
        GradCheck.gradient(t -> penalty(t, true), w).orThrow();
    }

    /** The three ops on one (3, 5, 7) input, weights and biases included. */
    private static Tensor allThree(Tensor x, Tensor w, Tensor b) {
        return Normalization.batchNorm(x, null, null, w, b, true, 0.1f, EPS)
                .add(Normalization.groupNorm(x, 5, w, b, EPS).mul(Normalization.groupNorm(x, 1, w, null, EPS)))
                .add(Normalization.layerNorm(x, new int[] {7}, Tensor.full(0.7f, 7), null, EPS).square());
    }

    @Test
    void fusedFirstOrderBackwardAgreesWithTheRecordedFormula() {
        Rng rng = new Rng(12);
        Tensor[] leaves = {Tensor.randn(rng, 3, 5, 7).requiresGrad(true), Tensor.randn(rng, 5).requiresGrad(true),
            Tensor.randn(rng, 5).requiresGrad(true)};
        Tensor weights = Tensor.randn(rng, 3, 5, 7);
        List<Tensor> in = List.of(leaves);
        List<Tensor> fused = Autograd.grad(List.of(allThree(leaves[0], leaves[1], leaves[2]).mul(weights).sum()), in,
                null, false, false, false);
        List<Tensor> recorded = Autograd.grad(List.of(allThree(leaves[0], leaves[1], leaves[2]).mul(weights).sum()),
                in, null, true, true, false);
        for (int i = 0; i < 3; i++) {
            assertTrue(recorded.get(i).requiresGrad(), "the recorded gradient can be differentiated again");
            float[] f = fused.get(i).toArray();
            float[] r = recorded.get(i).toArray();
            for (int j = 0; j < f.length; j++) {
                assertEquals(r[j], f[j], 1e-4f * (1 + Math.abs(r[j])), "input " + i + ", element " + j);
            }
        }
    }

    @Test
    void aLargeMeanDoesNotSwampTheSpread() {
        // values 1000 + u, u in [-1, 1): a one-pass E[x^2] - E[x]^2 in fp32 would lose every digit
        float[] v = Tensor.rand(new Rng(13), 64, 2).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000f + (2 * v[i] - 1);
        }
        float[] y = Normalization.batchNorm(Tensor.of(v, 64, 2), null, null, null, null, true, 0.1f, EPS).toArray();
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (int i = 0; i < 64; i++) {
                mean += v[2 * i + c] / 64.0;
            }
            double var = 0;
            for (int i = 0; i < 64; i++) {
                var += (v[2 * i + c] - mean) * (v[2 * i + c] - mean) / 64.0;
            }
            for (int i = 0; i < 64; i++) {
                assertEquals((v[2 * i + c] - mean) / Math.sqrt(var + EPS), y[2 * i + c], 2e-4, "element " + i);
            }
        }
    }

    @Test
    void resultsAreIdenticalOnOneAndTwoThreads() {
        Tensor x = Tensor.randn(new Rng(9), 8, 16, 32, 32);
        Tensor w = Tensor.randn(new Rng(10), 16);
        int before = Parallel.threads();
        float[][] out = new float[2][];
        float[][] grad = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Tensor leaf = x.detach().requiresGrad(true);
                Tensor y = Normalization.batchNorm(leaf, null, null, w, null, true, 0.1f, EPS)
                        .add(Normalization.groupNorm(leaf, 4, w, null, EPS))
                        .add(Normalization.layerNorm(leaf, new int[] {32, 32}, null, null, EPS));
                y.square().sum().backward();
                out[t - 1] = y.toArray();
                grad[t - 1] = leaf.grad().toArray();
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(out[0], out[1]);
        assertArrayEquals(grad[0], grad[1]);
    }

    // ------------------------------------------------------------ bad input

    private static void rejects(String op, List<String> mentions, Executable call, Tensor... unchanged) {
        float[][] before = new float[unchanged.length][];
        for (int i = 0; i < unchanged.length; i++) {
            before[i] = unchanged[i].toArray();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(op + ":"), "message names the op: " + e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message mentions " + m + ": " + e.getMessage());
        }
        for (int i = 0; i < unchanged.length; i++) {
            assertArrayEquals(before[i], unchanged[i].toArray(), op + ": tensor " + i + " was modified");
        }
    }

    @Test
    void batchNormRejectsBadInputBeforeTouchingRunningBuffers() {
        Tensor x = Tensor.randn(new Rng(1), 4, 3, 2);
        Tensor mean = Tensor.full(0.5f, 3);
        Tensor var = Tensor.full(2f, 3);
        Tensor c = Tensor.ones(3);
        Tensor four = Tensor.ones(4);
        String bn = "batchNorm";
        rejects(bn, List.of("rank >= 2", "[3]"),
                () -> Normalization.batchNorm(c, null, null, null, null, true, 0.1f, EPS), c);
        rejects(bn, List.of("runningMean", "[3]", "[4]", "[4, 3, 2]"),
                () -> Normalization.batchNorm(x, four, var, null, null, true, 0.1f, EPS), x, four, var);
        rejects(bn, List.of("runningVar", "[4]"),
                () -> Normalization.batchNorm(x, mean, four, null, null, true, 0.1f, EPS), x, mean, four);
        rejects(bn, List.of("weight", "[4]"),
                () -> Normalization.batchNorm(x, mean, var, four, c, true, 0.1f, EPS), x, mean, var);
        rejects(bn, List.of("bias", "[3]", "[4]"),
                () -> Normalization.batchNorm(x, mean, var, c, four, true, 0.1f, EPS), x, mean, var);
        rejects(bn, List.of("both", "null"), () -> Normalization.batchNorm(x, mean, null, c, c, true, 0.1f, EPS),
                x, mean);
        rejects(bn, List.of("eval mode", "[3]"),
                () -> Normalization.batchNorm(x, null, null, c, c, false, 0.1f, EPS), x);
        rejects(bn, List.of("more than 1 value per channel", "[1, 3]"),
                () -> Normalization.batchNorm(Tensor.ones(1, 3), mean, var, c, c, true, 0.1f, EPS), mean, var);
        for (float m : new float[] {-0.1f, 1.5f, Float.NaN}) {
            rejects(bn, List.of("momentum", String.valueOf(m)),
                    () -> Normalization.batchNorm(x, mean, var, c, c, true, m, EPS), x, mean, var);
        }
        for (float e : new float[] {0f, -1e-5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            rejects(bn, List.of("eps", String.valueOf(e)),
                    () -> Normalization.batchNorm(x, mean, var, c, c, true, 0.1f, e), x, mean, var);
        }
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, mean.toArray());
        assertArrayEquals(new float[] {2f, 2f, 2f}, var.toArray());
    }

    @Test
    void layerNormRejectsShapesThatDoNotMatch() {
        Tensor x = Tensor.randn(new Rng(2), 2, 3, 4);
        String ln = "layerNorm";
        rejects(ln, List.of("[2, 3, 4]", "[3]"), () -> Normalization.layerNorm(x, new int[] {3}, null, null, EPS), x);
        rejects(ln, List.of("[5, 2, 3, 4]"),
                () -> Normalization.layerNorm(x, new int[] {5, 2, 3, 4}, null, null, EPS), x);
        rejects(ln, List.of("non-empty", "[]"), () -> Normalization.layerNorm(x, new int[0], null, null, EPS), x);
        rejects(ln, List.of("weight", "[3, 4]", "[4]"),
                () -> Normalization.layerNorm(x, new int[] {3, 4}, Tensor.ones(4), null, EPS), x);
        rejects(ln, List.of("bias", "[4]", "[3]"),
                () -> Normalization.layerNorm(x, new int[] {4}, null, Tensor.ones(3), EPS), x);
        rejects(ln, List.of("eps", "0.0"), () -> Normalization.layerNorm(x, new int[] {4}, null, null, 0f), x);
    }

    @Test
    void groupNormRejectsGroupsThatDoNotDivideTheChannels() {
        Tensor x = Tensor.randn(new Rng(3), 2, 6, 3);
        String gn = "groupNorm";
        rejects(gn, List.of("numGroups = 4", "6 channels", "[2, 6, 3]"),
                () -> Normalization.groupNorm(x, 4, null, null, EPS), x);
        rejects(gn, List.of("numGroups = 0"), () -> Normalization.groupNorm(x, 0, null, null, EPS), x);
        rejects(gn, List.of("rank >= 2", "[6]"), () -> Normalization.groupNorm(Tensor.ones(6), 2, null, null, EPS));
        rejects(gn, List.of("weight", "[6]", "[3]"),
                () -> Normalization.groupNorm(x, 3, Tensor.ones(3), null, EPS), x);
        rejects(gn, List.of("bias", "[2]"), () -> Normalization.groupNorm(x, 3, null, Tensor.ones(2), EPS), x);
        rejects(gn, List.of("eps", "-1.0"), () -> Normalization.groupNorm(x, 3, null, null, -1f), x);
        rejects(gn, List.of("at least one element", "[2, 6, 0]"),
                () -> Normalization.groupNorm(Tensor.zeros(2, 6, 0), 3, null, null, EPS));
    }
}
