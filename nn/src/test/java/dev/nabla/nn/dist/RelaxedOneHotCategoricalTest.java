package dev.nabla.nn.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Gumbel-softmax: the Gumbel-max trick, the straight-through gradient and the Concrete density. */
class RelaxedOneHotCategoricalTest {

    private static final float[] LOGITS = {0.5f, -1f, 1.2f, 0f};

    private static double[] softmax(float[] x) {
        double z = 0;
        for (float v : x) {
            z += Math.exp(v);
        }
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i]) / z;
        }
        return p;
    }

    @Test
    void gumbelMaxReproducesTheSoftmaxProbabilities() {
        // argmax((log p + g) / tau) does not depend on tau, and is distributed as p
        int n = 20000;
        RelaxedOneHotCategorical d = RelaxedOneHotCategorical.ofLogits(0.5f, Tensor.of(LOGITS), true);
        float[] x = d.sample(new Rng(21), n).toArray();
        long[] counts = new long[4];
        for (int i = 0; i < x.length; i++) {
            counts[i % 4] += (long) x[i];
        }
        double[] p = softmax(LOGITS);
        for (int k = 0; k < 4; k++) {
            DiscreteTest.assertFrequency(p[k], counts[k], n, "class " + k);
        }
    }

    @Test
    void softSamplesLieOnTheSimplex() {
        float[] y = RelaxedOneHotCategorical.ofProbs(0.8f, Tensor.of(new float[] {1f, 2f, 1f}, 1, 3), false)
                .sample(new Rng(3), 100).toArray();
        for (int i = 0; i < 100; i++) {
            assertEquals(1.0, y[3 * i] + y[3 * i + 1] + y[3 * i + 2], 1e-5);
            for (int k = 0; k < 3; k++) {
                assertTrue(y[3 * i + k] > 0 && y[3 * i + k] < 1);
            }
        }
    }

    @Test
    void hardModeIsOneHotForwardWithTheSoftGradient() {
        Tensor w = Tensor.of(new float[] {0.3f, -1f, 2f, 0.7f});
        Tensor softLogits = Tensor.of(LOGITS).requiresGrad(true);
        Tensor hardLogits = Tensor.of(LOGITS).requiresGrad(true);
        Tensor soft = RelaxedOneHotCategorical.ofLogits(0.7f, softLogits, false).rsample(new Rng(13), 6);
        Tensor hard = RelaxedOneHotCategorical.ofLogits(0.7f, hardLogits, true).rsample(new Rng(13), 6);
        float[] s = soft.detach().toArray();
        float[] h = hard.detach().toArray();
        int[] argmax = soft.detach().argmax(-1);
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(k == argmax[i] ? 1f : 0f, h[i * 4 + k], "exactly one-hot at the soft argmax");
            }
        }
        assertTrue(s[0] > 0 && s[0] < 1);
        soft.mul(w).sum().backward();
        hard.mul(w).sum().backward();
        assertArrayEquals(softLogits.grad().toArray(), hardLogits.grad().toArray(), 1e-6f);
        assertTrue(Math.abs(softLogits.grad().get(0)) > 1e-4, "a real gradient flows");
    }

    @Test
    void rsampleGradientMatchesFiniteDifferencesForAFixedNoise() {
        GradCheck.gradient(t -> RelaxedOneHotCategorical.ofLogits(0.9f, t[0], false).rsample(new Rng(5), 3),
                Tensor.of(LOGITS)).orThrow();
    }

    @Test
    void binaryConcreteDensityMatchesItsClosedFormAndIntegratesToOne() {
        // K = 2, y = (t, 1 - t), a = p1 / p2: density tau a t^(-tau-1) (1-t)^(-tau-1) / (a t^-tau + (1-t)^-tau)^2
        float tau = 1.5f;
        float[] logits = {0.3f, -0.4f};
        RelaxedOneHotCategorical d = RelaxedOneHotCategorical.ofLogits(tau, Tensor.of(logits), false);
        double a = Math.exp(logits[0] - logits[1]);
        int m = 4000;
        float[] points = new float[2 * m];
        for (int i = 0; i < m; i++) {
            float t = (i + 0.5f) / m;
            points[2 * i] = t;
            points[2 * i + 1] = 1 - t;
        }
        float[] lp = d.logProb(Tensor.of(points, m, 2)).toArray();
        double integral = 0;
        for (int i = 0; i < m; i++) {
            double t = points[2 * i];
            double u = points[2 * i + 1];
            double density = tau * a * Math.pow(t, -tau - 1) * Math.pow(u, -tau - 1)
                    / Math.pow(a * Math.pow(t, -tau) + Math.pow(u, -tau), 2);
            assertEquals(Math.log(density), lp[i], 2e-4 * Math.max(1, Math.abs(Math.log(density))), "t = " + t);
            integral += Math.exp(lp[i]) / m;
        }
        assertEquals(1.0, integral, 2e-3);
    }

    @Test
    void badInputIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RelaxedOneHotCategorical.ofLogits(0f, Tensor.of(LOGITS), false));
        assertTrue(e.getMessage().startsWith("RelaxedOneHotCategorical: temperature must be finite and > 0, got 0.0"),
                e.getMessage());
        var u = assertThrows(UnsupportedOperationException.class,
                () -> RelaxedOneHotCategorical.ofLogits(1f, Tensor.of(LOGITS), false).entropy());
        assertTrue(u.getMessage().startsWith("RelaxedOneHotCategorical: entropy"), u.getMessage());
    }
}
