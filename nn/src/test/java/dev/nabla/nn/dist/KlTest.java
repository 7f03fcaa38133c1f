package dev.nabla.nn.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Closed-form KL divergences against hand values and Monte Carlo estimates. */
class KlTest {

    private static final int N = 20000;

    /** Asserts the closed form lies within 5 standard errors of the mean of log p(x) - log q(x), x ~ p. */
    private static void assertMonteCarlo(double closedForm, float[] logRatio) {
        double mean = 0;
        for (float v : logRatio) {
            mean += v;
        }
        mean /= logRatio.length;
        double var = 0;
        for (float v : logRatio) {
            var += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(var / (logRatio.length - 1) / logRatio.length);
        assertEquals(closedForm, mean, 5 * se + 1e-6); // 1e-6: fp32 rounding of each log-ratio
    }

    private static Tensor t(float... v) {
        return Tensor.of(v);
    }

    @Test
    void normalAgainstHandValueAndMonteCarlo() {
        // KL(N(0, 1) || N(1, 2^2)) = log 2 + (1 + 1) / 8 - 1/2
        assertEquals(Math.log(2) + 0.25 - 0.5, Kl.divergence(new Normal(t(0f), t(1f)), new Normal(t(1f), t(2f)))
                .item(), 1e-6);
        Normal p = new Normal(t(0.5f), t(0.8f));
        Normal q = new Normal(t(-0.3f), t(1.4f));
        Tensor x = p.sample(new Rng(17), N);
        assertMonteCarlo(Kl.divergence(p, q).item(), p.logProb(x).sub(q.logProb(x)).toArray());
        GradCheck.gradient(a -> Kl.divergence(new Normal(a[0], a[1]), new Normal(a[2], a[3])),
                t(0.5f, 0f), t(0.8f, 1.1f), t(-0.3f, 0.2f), t(1.4f, 0.6f)).orThrow();
        GradCheck.secondOrder(a -> Kl.divergence(new Normal(a[0], a[1]), new Normal(a[2], a[3])),
                t(0.5f, 0f), t(0.8f, 1.1f), t(-0.3f, 0.2f), t(1.4f, 0.6f)).orThrow();
    }

    @Test
    void bernoulliAgainstHandValueAndMonteCarlo() {
        double expected = 0.3 * Math.log(0.3 / 0.6) + 0.7 * Math.log(0.7 / 0.4);
        Bernoulli p = Bernoulli.ofProbs(t(0.3f));
        Bernoulli q = Bernoulli.ofLogits(t((float) Math.log(0.6 / 0.4)));
        assertEquals(expected, Kl.divergence(p, q).item(), 1e-6);
        Tensor x = p.sample(new Rng(23), N);
        assertMonteCarlo(expected, p.logProb(x).sub(q.logProb(x)).toArray());
        GradCheck.gradient(a -> Kl.divergence(Bernoulli.ofLogits(a[0]), Bernoulli.ofLogits(a[1])),
                t(-0.8f, 1.2f), t(0.4f, -0.5f)).orThrow();
    }

    @Test
    void categoricalAndOneHotAgainstHandValueAndMonteCarlo() {
        float[] p = {0.2f, 0.5f, 0.3f};
        float[] q = {0.4f, 0.4f, 0.2f};
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            expected += p[k] * Math.log(p[k] / q[k]);
        }
        Categorical cp = Categorical.ofProbs(t(p));
        Categorical cq = Categorical.ofProbs(t(q));
        assertEquals(expected, Kl.divergence(cp, cq).item(), 1e-6);
        assertEquals(expected, Kl.divergence(OneHotCategorical.ofProbs(t(p)), OneHotCategorical.ofProbs(t(q))).item(),
                1e-6);
        Tensor x = cp.sample(new Rng(29), N);
        assertMonteCarlo(expected, cp.logProb(x).sub(cq.logProb(x)).toArray());
        GradCheck.gradient(a -> Kl.divergence(Categorical.ofLogits(a[0]), Categorical.ofLogits(a[1])),
                t(0.1f, -0.5f, 0.9f), t(0.3f, 0.3f, -1f)).orThrow();
        GradCheck.secondOrder(a -> Kl.divergence(Categorical.ofLogits(a[0]), Categorical.ofLogits(a[1])),
                t(0.1f, -0.5f, 0.9f), t(0.3f, 0.3f, -1f)).orThrow();
    }

    @Test
    void categoricalZerosGiveZeroTermsOrInfinity() {
        // p puts no mass on class 2, where q is 0 too: finite; q = 0 where p > 0: infinite
        Categorical p = Categorical.ofProbs(t(0.5f, 0.5f, 0f));
        Categorical q = Categorical.ofProbs(t(0.25f, 0.75f, 0f));
        assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3), Kl.divergence(p, q).item(), 1e-6);
        assertEquals(Float.POSITIVE_INFINITY, Kl.divergence(p, Categorical.ofProbs(t(1f, 0f, 0f))).item());
    }

    @Test
    void uniformIsInfiniteUnlessTheSupportIsContained() {
        Uniform p = new Uniform(t(0f, 0f), t(1f, 1f));
        Uniform q = new Uniform(t(-1f, 0.5f), t(2f, 2f));
        float[] kl = Kl.divergence(p, q).toArray();
        assertEquals(Math.log(3), kl[0], 1e-6);
        assertEquals(Float.POSITIVE_INFINITY, kl[1]);
        Tensor x = new Uniform(t(0f), t(1f)).sample(new Rng(31), 100);
        float[] ratio = new Uniform(t(0f), t(1f)).logProb(x).sub(new Uniform(t(-1f), t(2f)).logProb(x)).toArray();
        assertMonteCarlo(Math.log(3), ratio); // constant log ratio: zero variance
    }

    @Test
    void uniformAgainstNormalAgainstHandValueAndMonteCarlo() {
        // KL(U(0, 1) || N(0, 1)) = -log 1 + log sqrt(2 pi) + E[x^2] / 2, E[x^2] = 1/3 under U(0, 1)
        assertEquals(0.5 * Math.log(2 * Math.PI) + 1.0 / 6,
                Kl.divergence(new Uniform(t(0f), t(1f)), new Normal(t(0f), t(1f))).item(), 1e-6);
        // KL(U(-1, 3) || N(2, 0.5^2)) = -log 4 + log(0.5 sqrt(2 pi)) + (16/12 + (1 - 2)^2) / (2 * 0.25)
        Uniform p = new Uniform(t(-1f), t(3f));
        Normal q = new Normal(t(2f), t(0.5f));
        double expected = -Math.log(4) + Math.log(0.5 * Math.sqrt(2 * Math.PI)) + (16.0 / 12 + 1) / 0.5;
        assertEquals(expected, Kl.divergence(p, q).item(), 1e-5);
        Tensor x = p.sample(new Rng(37), N);
        assertMonteCarlo(expected, p.logProb(x).sub(q.logProb(x)).toArray());
        GradCheck.gradient(a -> Kl.divergence(new Uniform(a[0], a[1]), new Normal(a[2], a[3])),
                t(-0.5f, 0.2f), t(1f, 0.9f), t(0.3f, -0.4f), t(0.7f, 1.3f)).orThrow();
    }

    @Test
    void normalAgainstUniformIsInfinite() {
        // a normal puts mass outside any bounded interval, where the uniform's density is 0
        Tensor kl = Kl.divergence(new Normal(t(0f, 1f), t(1f)), new Uniform(t(-100f), t(100f)));
        assertArrayEquals(new int[] {2}, kl.shape().toArray());
        for (float v : kl.toArray()) {
            assertEquals(Float.POSITIVE_INFINITY, v);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Kl.divergence(new Normal(t(0f, 1f), t(1f)), new Uniform(t(0f, 0f, 0f), t(1f))));
        assertTrue(e.getMessage().startsWith("Kl.divergence: p's batch of shape [2]"), e.getMessage());
    }

    @Test
    void pairsWithoutAClosedFormAreNamed() {
        var e = assertThrows(UnsupportedOperationException.class,
                () -> Kl.divergence(new Normal(t(0f), t(1f)), Bernoulli.ofProbs(t(0.5f))));
        assertTrue(e.getMessage().startsWith("Kl.divergence: no closed form for (Normal, Bernoulli)"), e.getMessage());
        var i = assertThrows(IllegalArgumentException.class,
                () -> Kl.divergence(Categorical.ofProbs(t(0.5f, 0.5f)), Categorical.ofProbs(t(0.2f, 0.3f, 0.5f))));
        assertTrue(i.getMessage().startsWith("Kl.divergence: Categorical with 2 classes against Categorical with 3"),
                i.getMessage());
        i = assertThrows(IllegalArgumentException.class,
                () -> Kl.divergence(new Normal(t(0f, 1f), t(1f)), new Normal(t(0f, 1f, 2f), t(1f))));
        assertTrue(i.getMessage().startsWith("Kl.divergence: p's batch of shape [2]"), i.getMessage());
    }

    @Test
    void bernoulliKlIsInfiniteWhereQRulesOutAnOutcomeThatPCanTake() {
        // p = (0, 1, 0.3, 0.2), q = (0.5, 0.5, 0, 1): KL = ln 2, ln 2, +inf, +inf; the first two
        // because a p of 0 or 1 puts all its mass on one outcome, which q gives probability 1/2.
        Bernoulli p = Bernoulli.ofProbs(Tensor.of(new float[] {0f, 1f, 0.3f, 0.2f}));
        Bernoulli q = Bernoulli.ofProbs(Tensor.of(new float[] {0.5f, 0.5f, 0f, 1f}));
        float[] kl = Kl.divergence(p, q).toArray();
        float ln2 = (float) Math.log(2);
        assertEquals(ln2, kl[0], 1e-6f);
        assertEquals(ln2, kl[1], 1e-6f);
        assertEquals(Float.POSITIVE_INFINITY, kl[2]);
        assertEquals(Float.POSITIVE_INFINITY, kl[3]);
    }
}
