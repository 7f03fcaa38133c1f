package dev.nabla.nn.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Normal and Uniform: closed forms, reparameterised gradients and sample moments. */
class ContinuousTest {

    private static final int N = 20000;

    /** Sample mean and variance of column j of an (n, cols) array. */
    static double[] moments(float[] x, int cols, int j) {
        int n = x.length / cols;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[i * cols + j];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i * cols + j] - mean;
            var += d * d;
        }
        return new double[] {mean, var / (n - 1)};
    }

    @Test
    void normalLogProbEntropyMeanAndVarianceMatchClosedForms() {
        Tensor loc = Tensor.of(new float[] {0f, 1.5f, -2f});
        Tensor scale = Tensor.of(new float[] {1f, 0.5f, 3f});
        Normal d = new Normal(loc, scale);
        float[] x = {0.3f, 1.0f, 4f, -1f, 1.5f, -2f};
        float[] got = d.logProb(Tensor.of(x, 2, 3)).toArray();
        float[] m = loc.toArray();
        float[] s = scale.toArray();
        for (int i = 0; i < 6; i++) {
            double z = (x[i] - m[i % 3]) / s[i % 3];
            assertEquals(-0.5 * z * z - Math.log(s[i % 3]) - 0.5 * Math.log(2 * Math.PI), got[i], 1e-5);
        }
        float[] h = d.entropy().toArray();
        for (int j = 0; j < 3; j++) {
            assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * s[j] * s[j]), h[j], 1e-5);
        }
        assertArrayEquals(m, d.mean().toArray());
        assertArrayEquals(new float[] {1f, 0.25f, 9f}, d.variance().toArray());
        GradCheck.gradient(t -> new Normal(t[0], t[1]).logProb(t[2]), loc, scale, Tensor.of(x, 2, 3)).orThrow();
        GradCheck.secondOrder(t -> new Normal(t[0], t[1]).logProb(t[2]), loc, scale, Tensor.of(x, 2, 3)).orThrow();
    }

    @Test
    void normalLocAndScaleBroadcastToTheBatchShape() {
        Normal d = new Normal(Tensor.of(new float[] {0f, 1f, 2f}), Tensor.scalar(2f));
        assertArrayEquals(new int[] {3}, d.batchShape().toArray());
        assertArrayEquals(new int[] {5, 4, 3}, d.sample(new Rng(1), 5, 4).shape().toArray());
        assertArrayEquals(new float[] {4f, 4f, 4f}, d.variance().toArray());
    }

    @Test
    void normalSampleMomentsAgreeWithinSamplingError() {
        Normal d = new Normal(Tensor.of(new float[] {-1f, 3f}), Tensor.of(new float[] {0.5f, 2f}));
        float[] x = d.sample(new Rng(11), N).toArray();
        float[] s = {0.5f, 2f};
        float[] m = {-1f, 3f};
        for (int j = 0; j < 2; j++) {
            double[] mv = moments(x, 2, j);
            // standard errors: s / sqrt(n) for the mean, s^2 sqrt(2 / (n - 1)) for the variance
            assertEquals(m[j], mv[0], 5 * s[j] / Math.sqrt(N));
            assertEquals(s[j] * s[j], mv[1], 5 * s[j] * s[j] * Math.sqrt(2.0 / (N - 1)));
        }
        assertArrayEquals(x, d.sample(new Rng(11), N).toArray(), "same seed, same samples");
    }

    @Test
    void normalRsampleCarriesGradientsToLocAndScale() {
        Tensor loc = Tensor.of(new float[] {0.5f, -1f}).requiresGrad(true);
        Tensor scale = Tensor.of(new float[] {2f, 0.3f}).requiresGrad(true);
        Tensor x = new Normal(loc, scale).rsample(new Rng(5), 100);
        x.mean(0).sum().backward();
        // x = loc + scale z: d mean(x) / d loc = 1, d mean(x) / d scale = mean(z)
        assertArrayEquals(new float[] {1f, 1f}, loc.grad().toArray(), 1e-6f);
        float[] xs = x.detach().toArray();
        for (int j = 0; j < 2; j++) {
            double meanZ = (moments(xs, 2, j)[0] - loc.get(j)) / scale.get(j);
            assertEquals(meanZ, scale.grad().get(j), 1e-5);
        }
        assertTrue(!new Normal(loc, scale).sample(new Rng(5)).requiresGrad(), "sample carries no gradient");
    }

    @Test
    void uniformClosedFormsSupportAndMoments() {
        Uniform d = new Uniform(Tensor.of(new float[] {0f, -2f}), Tensor.of(new float[] {4f, 3f}));
        float[] lp = d.logProb(Tensor.of(new float[] {1f, 2.5f, 4f, -2f, -0.1f, 3.5f}, 3, 2)).toArray();
        assertEquals(-Math.log(4), lp[0], 1e-6);
        assertEquals(-Math.log(5), lp[1], 1e-6);
        assertEquals(Float.NEGATIVE_INFINITY, lp[2], "high is outside [low, high)");
        assertEquals(-Math.log(5), lp[3], 1e-6);
        assertEquals(Float.NEGATIVE_INFINITY, lp[4]);
        assertEquals(Float.NEGATIVE_INFINITY, lp[5]);
        assertArrayEquals(new float[] {(float) Math.log(4), (float) Math.log(5)}, d.entropy().toArray(), 1e-6f);
        assertArrayEquals(new float[] {2f, 0.5f}, d.mean().toArray());
        assertArrayEquals(new float[] {16f / 12, 25f / 12}, d.variance().toArray(), 1e-6f);
        float[] x = d.sample(new Rng(3), N).toArray();
        for (int j = 0; j < 2; j++) {
            double width = j == 0 ? 4 : 5;
            double[] mv = moments(x, 2, j);
            assertEquals(d.mean().get(j), mv[0], 5 * width / Math.sqrt(12.0 * N));
            // Var of the sample variance of U(0, w): (mu4 - sigma^4) / n with mu4 = w^4 / 80
            double sigma2 = width * width / 12;
            assertEquals(sigma2, mv[1], 5 * Math.sqrt((Math.pow(width, 4) / 80 - sigma2 * sigma2) / N));
            for (int i = j; i < x.length; i += 2) {
                assertTrue(x[i] >= (j == 0 ? 0 : -2) && x[i] < (j == 0 ? 4 : 3));
            }
        }
    }

    @Test
    void uniformRsampleCarriesGradients() {
        Tensor low = Tensor.of(new float[] {1f}).requiresGrad(true);
        Tensor high = Tensor.of(new float[] {3f}).requiresGrad(true);
        Tensor x = new Uniform(low, high).rsample(new Rng(9), 50);
        x.sum().backward();
        // x = low + (high - low) u: dx/dlow = 1 - u, dx/dhigh = u, u = (x - 1) / 2
        double sumU = 0;
        for (float v : x.detach().toArray()) {
            sumU += (v - 1) / 2;
        }
        assertEquals(sumU, high.grad().item(), 1e-4);
        assertEquals(50 - sumU, low.grad().item(), 1e-4);
    }

    @Test
    void badParametersAreRefusedWithTheDistributionName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Normal(Tensor.zeros(2), Tensor.of(new float[] {1f, 0f})));
        assertTrue(e.getMessage().startsWith("Normal: scale must be finite and > 0, got 0.0 at flat index 1"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Normal(Tensor.zeros(2), Tensor.ones(3)));
        assertTrue(e.getMessage().startsWith("Normal: loc of shape [2] and scale of shape [3] do not broadcast"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Uniform(Tensor.ones(2), Tensor.ones(2)));
        assertTrue(e.getMessage().startsWith("Uniform: high - low must be > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Normal(Tensor.zeros(2), Tensor.ones(2))
                .sample(new Rng(1), -1));
        assertTrue(e.getMessage().startsWith("Normal: sample shape [-1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Normal(Tensor.zeros(2), Tensor.ones(2))
                .logProb(Tensor.zeros(3)));
        assertTrue(e.getMessage().startsWith("Normal.logProb: value of shape [3]"), e.getMessage());
    }
}
