package dev.nabla.nn.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Bernoulli, Categorical and OneHotCategorical: closed forms, frequencies and errors. */
class DiscreteTest {

    private static final int N = 20000;
    private static final float[] P = {0.1f, 0.2f, 0.3f, 0.4f, 0.7f, 0.05f, 0.05f, 0.2f};

    /** |frequency - p| within 5 binomial standard errors sqrt(p (1 - p) / n). */
    static void assertFrequency(double p, long count, long n, String what) {
        double bound = 5 * Math.sqrt(p * (1 - p) / n) + 1e-12;
        assertEquals(p, (double) count / n, bound, what);
    }

    @Test
    void bernoulliFromProbsAndLogitsAgreeWithClosedForms() {
        float[] p = {0.2f, 0.5f, 0.9f};
        float[] logits = new float[3];
        for (int i = 0; i < 3; i++) {
            logits[i] = (float) Math.log(p[i] / (1 - p[i]));
        }
        for (Bernoulli d : new Bernoulli[] {Bernoulli.ofProbs(Tensor.of(p)), Bernoulli.ofLogits(Tensor.of(logits))}) {
            float[] lp = d.logProb(Tensor.of(new float[] {1f, 0f, 0f, 0f, 1f, 1f}, 2, 3)).toArray();
            float[] x = {1f, 0f, 0f, 0f, 1f, 1f};
            for (int i = 0; i < 6; i++) {
                double q = p[i % 3];
                assertEquals(x[i] == 1 ? Math.log(q) : Math.log(1 - q), lp[i], 1e-5);
            }
            float[] h = d.entropy().toArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(-p[i] * Math.log(p[i]) - (1 - p[i]) * Math.log(1 - p[i]), h[i], 1e-5);
            }
            assertArrayEquals(p, d.mean().toArray(), 1e-6f);
            assertEquals(0.09f, d.variance().get(2), 1e-6);
        }
        GradCheck.gradient(t -> Bernoulli.ofLogits(t[0]).logProb(Tensor.of(new float[] {1f, 0f, 1f})),
                Tensor.of(logits)).orThrow();
        GradCheck.secondOrder(t -> Bernoulli.ofLogits(t[0]).entropy(), Tensor.of(logits)).orThrow();
        GradCheck.gradient(t -> Bernoulli.ofProbs(t[0]).logProb(Tensor.of(new float[] {1f, 0f, 1f})),
                Tensor.of(new float[] {0.3f, 0.5f, 0.6f})).orThrow();
    }

    @Test
    void bernoulliSampleFrequenciesAndNoRsample() {
        Bernoulli d = Bernoulli.ofProbs(Tensor.of(new float[] {0.1f, 0.5f, 0.97f}));
        float[] x = d.sample(new Rng(4), N).toArray();
        for (int j = 0; j < 3; j++) {
            long ones = 0;
            for (int i = j; i < x.length; i += 3) {
                assertTrue(x[i] == 0f || x[i] == 1f);
                ones += (long) x[i];
            }
            assertFrequency(d.probs().get(j), ones, N, "column " + j);
        }
        var e = assertThrows(UnsupportedOperationException.class, () -> d.rsample(new Rng(1)));
        assertTrue(e.getMessage().startsWith("Bernoulli: rsample is not available"), e.getMessage());
    }

    @Test
    void categoricalLogProbEntropyAndFrequencies() {
        // two rows of four classes; the second has an impossible class
        float[] p = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0f, 0.25f, 0.25f};
        Categorical d = Categorical.ofProbs(Tensor.of(p, 2, 4).mul(3f)); // unnormalised weights
        assertArrayEquals(new int[] {2}, d.batchShape().toArray());
        float[] lp = d.logProb(Tensor.of(new float[] {3f, 0f, 0f, 1f}, 2, 2)).toArray();
        assertEquals(Math.log(0.4), lp[0], 1e-6);
        assertEquals(Math.log(0.5), lp[1], 1e-6);
        assertEquals(Math.log(0.1), lp[2], 1e-6);
        assertEquals(Float.NEGATIVE_INFINITY, lp[3]);
        assertArrayEquals(lp, d.logProb(new int[] {3, 0, 0, 1}, 2, 2).toArray());
        float[] h = d.entropy().toArray();
        for (int r = 0; r < 2; r++) {
            double expected = 0;
            for (int k = 0; k < 4; k++) {
                double q = p[r * 4 + k];
                expected -= q == 0 ? 0 : q * Math.log(q);
            }
            assertEquals(expected, h[r], 1e-6);
        }
        float[] x = d.sample(new Rng(8), N).toArray();
        long[] counts = new long[8];
        for (int i = 0; i < x.length; i++) {
            counts[(i % 2) * 4 + (int) x[i]]++;
        }
        for (int c = 0; c < 8; c++) {
            assertFrequency(p[c], counts[c], N, "row " + c / 4 + " class " + c % 4);
        }
        assertThrows(UnsupportedOperationException.class, d::mean);
        assertThrows(UnsupportedOperationException.class, () -> d.rsample(new Rng(1)));
    }

    @Test
    void categoricalFromLogitsNormalisesAndDifferentiates() {
        float[] logits = {1f, 2f, -1f, 0.5f};
        Categorical d = Categorical.ofLogits(Tensor.of(logits));
        double z = 0;
        for (float l : logits) {
            z += Math.exp(l);
        }
        assertEquals(1 - Math.log(z), d.logProb(Tensor.scalar(0f)).item(), 1e-6);
        assertEquals(Math.exp(2) / z, d.probs().get(1), 1e-6);
        GradCheck.gradient(t -> Categorical.ofLogits(t[0]).logProb(Tensor.of(new float[] {1f, 3f, 3f})),
                Tensor.of(logits)).orThrow();
        GradCheck.secondOrder(t -> Categorical.ofLogits(t[0]).entropy(), Tensor.of(logits)).orThrow();
    }

    @Test
    void oneHotCategoricalSamplesRowsAndScoresThem() {
        float[] p = {0.2f, 0.5f, 0.3f};
        OneHotCategorical d = OneHotCategorical.ofProbs(Tensor.of(p));
        assertArrayEquals(new int[] {3}, d.eventShape().toArray());
        Tensor x = d.sample(new Rng(2), N);
        assertArrayEquals(new int[] {N, 3}, x.shape().toArray());
        float[] v = x.toArray();
        long[] counts = new long[3];
        for (int i = 0; i < N; i++) {
            assertEquals(1f, v[3 * i] + v[3 * i + 1] + v[3 * i + 2]);
            for (int k = 0; k < 3; k++) {
                counts[k] += (long) v[3 * i + k];
            }
        }
        for (int k = 0; k < 3; k++) {
            assertFrequency(p[k], counts[k], N, "class " + k);
        }
        assertEquals(Math.log(0.5), d.logProb(Tensor.of(new float[] {0f, 1f, 0f})).item(), 1e-6);
        assertArrayEquals(p, d.mean().toArray(), 1e-6f);
        assertEquals(0.25f, d.variance().get(1), 1e-6);
        assertEquals(d.categorical().entropy().item(), d.entropy().item());
    }

    @Test
    void badInputIsRefusedWithTheDistributionName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Bernoulli.ofProbs(Tensor.of(new float[] {1.5f})));
        assertTrue(e.getMessage().startsWith("Bernoulli: probs must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofProbs(Tensor.scalar(1f)));
        assertTrue(e.getMessage().startsWith("Categorical: probs must have shape batchShape + [K]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofProbs(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().startsWith("Categorical: the sum of probs over the last axis must be > 0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofLogits(Tensor.of(P, 2, 4))
                .logProb(Tensor.of(new float[] {4f, 0f})));
        assertTrue(e.getMessage().startsWith("Categorical.logProb: value must be an integer in [0, 4), got 4.0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHotCategorical.ofLogits(Tensor.of(P, 2, 4))
                .logProb(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().startsWith("OneHotCategorical.logProb: value must have shape S + [4], got [2, 3]"),
                e.getMessage());
    }
}
