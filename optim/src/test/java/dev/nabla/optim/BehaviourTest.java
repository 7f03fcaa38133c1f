package dev.nabla.optim;

import static dev.nabla.optim.Fixtures.feedGrad;
import static dev.nabla.optim.Fixtures.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the optimizers are known for: convergence, momentum, adaptive rates, scale invariance. */
class BehaviourTest {

    /** f(w) = 1/2 sum_i a_i (w_i - c_i)^2, computed with autograd. */
    private static Tensor quadratic(Tensor w, float[] a, float[] c) {
        return w.sub(Tensor.of(c.clone())).square().mul(Tensor.of(a.clone())).sum().mul(0.5f);
    }

    /** Runs {@code steps} steps on the quadratic from w0 and returns the final parameter values. */
    private static float[] minimise(Function<List<Tensor>, Optimizer<?>> make, float[] a, float[] c, float[] w0,
                                    int steps) {
        Tensor w = param(w0);
        Optimizer<?> opt = make.apply(List.of(w));
        for (int t = 0; t < steps; t++) {
            opt.zeroGrad();
            quadratic(w, a, c).backward();
            opt.step();
        }
        return w.toArray();
    }

    private static void assertConverges(Function<List<Tensor>, Optimizer<?>> make, int steps, double tol) {
        float[] a = {1f, 4f, 0.5f};
        float[] c = {1f, -2f, 0.5f};
        float[] w = minimise(make, a, c, new float[] {-1f, 1f, 3f}, steps);
        for (int i = 0; i < c.length; i++) {
            assertEquals(c[i], w[i], tol, "coordinate " + i);
        }
    }

    @Test
    void everyOptimizerConvergesOnAConvexQuadratic() {
        assertConverges(ps -> new Sgd(ps, Sgd.Options.of(0.1)), 400, 1e-4);
        assertConverges(ps -> new Sgd(ps, Sgd.Options.of(0.05).withMomentum(0.9).withNesterov(true)), 400, 1e-4);
        assertConverges(ps -> new AdaGrad(ps, AdaGrad.Options.defaults().withLr(0.5)), 2000, 1e-3);
        assertConverges(ps -> new RmsProp(ps, RmsProp.Options.defaults().withLr(1e-3)), 5000, 1e-2);
        assertConverges(ps -> new RmsProp(ps, RmsProp.Options.defaults().withLr(1e-3).withMomentum(0.5)
                .withCentered(true)), 5000, 1e-2);
        assertConverges(ps -> new Adam(ps, Adam.Options.defaults().withLr(0.02)), 3000, 1e-3);
        assertConverges(ps -> new Adam(ps, Adam.Options.defaults().withLr(0.02).withAmsgrad(true)), 3000, 1e-3);
        assertConverges(ps -> new AdamW(ps, AdamW.defaults().withLr(0.02).withWeightDecay(0)), 3000, 1e-3);
    }

    /** Steps until the quadratic with curvatures (1, 100) falls below 1e-4 from w = (1, 1). */
    private static int stepsToReach(Sgd.Options options) {
        float[] a = {1f, 100f};
        float[] c = {0f, 0f};
        Tensor w = param(1f, 1f);
        Sgd opt = new Sgd(List.of(w), options);
        for (int t = 0; t < 10_000; t++) {
            opt.zeroGrad();
            Tensor loss = quadratic(w, a, c);
            if (loss.item() < 1e-4) {
                return t;
            }
            loss.backward();
            opt.step();
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void momentumAndNesterovBeatPlainSgdOnAnIllConditionedQuadratic() {
        // lr 0.01 is stable for all three on the steep direction (lr * 100 = 1 < 2 for SGD and
        // < 2 (1 + mu) / (1 + 2 mu) for Nesterov); plain SGD then shrinks the flat one by 0.99 a step.
        Sgd.Options plain = Sgd.Options.of(0.01);
        int sgd = stepsToReach(plain);
        int momentum = stepsToReach(plain.withMomentum(0.9));
        int nesterov = stepsToReach(plain.withMomentum(0.9).withNesterov(true));
        assertTrue(sgd < 10_000, "plain SGD must get there too, took " + sgd);
        assertTrue(momentum < sgd / 2, "momentum " + momentum + " vs SGD " + sgd);
        assertTrue(nesterov < sgd / 2, "Nesterov " + nesterov + " vs SGD " + sgd);
    }

    /**
     * The effective learning rate |dw| / |g| at each of {@code steps} steps of a gradient of size
     * 1 (its sign alternates, so w stays near 0 where float steps are exact enough to compare).
     */
    private static double[] effectiveRates(Optimizer<?> opt, Tensor w, int steps) {
        double[] rates = new double[steps];
        for (int t = 0; t < steps; t++) {
            float before = w.toArray()[0];
            feedGrad(w, new float[] {t % 2 == 0 ? 1f : -1f});
            opt.step();
            rates[t] = Math.abs(w.toArray()[0] - before);
        }
        return rates;
    }

    @Test
    void adaGradEffectiveRateDecaysTowardsZeroWhileRmsPropDoesNot() {
        Tensor a = param(0f);
        double[] ada = effectiveRates(new AdaGrad(List.of(a), AdaGrad.Options.defaults().withLr(0.1)), a, 4000);
        for (int t = 100; t < ada.length; t += 100) {
            assertTrue(ada[t] < ada[t - 100], "AdaGrad's rate must keep decreasing, step " + t);
        }
        // lr / sqrt(t): 1/sqrt(4000) of the first step at the end
        assertEquals(0.1 / Math.sqrt(4000), ada[ada.length - 1], 1e-5);
        assertTrue(ada[ada.length - 1] < 0.02 * ada[0]);

        Tensor r = param(0f);
        double[] rms = effectiveRates(new RmsProp(List.of(r), RmsProp.Options.defaults().withLr(0.01)), r, 4000);
        // lr / sqrt(1 - alpha^t) -> lr: it settles at lr and stays there
        assertEquals(0.01, rms[rms.length - 1], 1e-4);
        assertEquals(rms[1999], rms[3999], 1e-4);
    }

    /** |dw| averaged over coordinates, for each of five steps of gradients of the given scale. */
    private static double[] adamStepSizes(double scale) {
        Rng rng = new Rng(11);
        Tensor w = Tensor.zeros(64).requiresGrad(true);
        Adam adam = new Adam(List.of(w), Adam.Options.defaults());
        double[] sizes = new double[5];
        for (int t = 0; t < sizes.length; t++) {
            float[] before = w.toArray();
            float[] g = Tensor.randn(rng, 64).add(0.5f).mul((float) scale).toArray();
            feedGrad(w, g);
            adam.step();
            float[] after = w.toArray();
            for (int i = 0; i < g.length; i++) {
                sizes[t] += Math.abs(after[i] - before[i]) / g.length;
            }
        }
        return sizes;
    }

    @Test
    void adamFirstStepsHaveMagnitudeAboutLrWhateverTheGradientScale() {
        double lr = Adam.Options.defaults().lr();
        double[] small = adamStepSizes(1e-3);
        double[] large = adamStepSizes(1e3);
        // first step: lr * g / (|g| + eps) = lr in size, for every coordinate
        assertEquals(lr, small[0], 1e-3 * lr);
        assertEquals(lr, large[0], 1e-5 * lr);
        for (int t = 0; t < small.length; t++) {
            assertTrue(small[t] > 0.2 * lr && small[t] < 3 * lr, "step " + t + ": " + small[t]);
            // the same gradients 10^6 times larger give the same steps (eps aside)
            assertEquals(small[t], large[t], 1e-3 * small[t], "step " + t);
        }
    }
}
