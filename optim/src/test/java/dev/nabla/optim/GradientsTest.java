package dev.nabla.optim;

import static dev.nabla.optim.Fixtures.feedGrad;
import static dev.nabla.optim.Fixtures.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping, penalties and gradient accumulation. */
class GradientsTest {

    /** Three parameters with gradients (3, 4), (12) and (0, 0, 0): global 2-norm 13, max 12. */
    private static List<Tensor> threeParams() {
        Tensor a = param(0f, 0f);
        Tensor b = param(0f);
        Tensor c = param(1f, 2f, 3f);
        feedGrad(a, new float[] {3f, 4f});
        feedGrad(b, new float[] {12f});
        feedGrad(c, new float[] {0f, 0f, 0f});
        return List.of(a, b, c, param(5f));
    }

    @Test
    void clipsByTheGlobalTwoNormAcrossSeveralTensors() {
        List<Tensor> ps = threeParams();
        assertEquals(13.0, Gradients.clipGradNorm(ps, 6.5), 1e-12);
        double c = 6.5 / (13 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * c), (float) (4 * c)}, ps.get(0).grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) (12 * c)}, ps.get(1).grad().toArray(), 1e-6f);
        assertArrayEquals(new float[3], ps.get(2).grad().toArray());
        assertEquals(6.5, Gradients.globalNorm(List.of(ps.get(0).grad(), ps.get(1).grad()), 2), 1e-5);
        assertEquals(null, ps.get(3).grad(), "a parameter without gradient is skipped");
    }

    @Test
    void clipsByTheInfinityNormAndOtherOrders() {
        List<Tensor> ps = threeParams();
        assertEquals(19.0, Gradients.globalNorm(List.of(ps.get(0).grad(), ps.get(1).grad()), 1), 0);
        assertEquals(12.0, Gradients.clipGradNorm(ps, 3, Double.POSITIVE_INFINITY, true), 0);
        double c = 3 / (12 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * c), (float) (4 * c)}, ps.get(0).grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) (12 * c)}, ps.get(1).grad().toArray(), 1e-6f);
    }

    @Test
    void theGlobalNormIsAccumulatedInDoubleAndReadsWithoutChangingAnything() {
        // (3e20)^2 + (4e20)^2 = 2.5e41 overflows float (max 3.4e38) but not double: sqrt gives 5e20.
        Tensor big = Tensor.of(new float[] {3e20f, -4e20f});
        assertEquals(5e20, Gradients.globalNorm(List.of(big), 2), 5e20 * 1e-7);
        assertArrayEquals(new float[] {3e20f, -4e20f}, big.toArray());
        // p = 3 across two tensors: (3^3 + 4^3 + 12^3)^(1/3) = 1819^(1/3)
        List<Tensor> ps = threeParams();
        assertEquals(Math.cbrt(1819), Gradients.globalNorm(List.of(ps.get(0).grad(), ps.get(1).grad()), 3), 1e-12);
        assertEquals(0.0, Gradients.globalNorm(List.of(), 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gradients.globalNorm(List.of(big), -1));
        assertTrue(e.getMessage().contains("globalNorm: normType must be > 0"), e.getMessage());
        Tensor withNaN = Tensor.of(new float[] {1f, Float.NaN, 2f});
        assertTrue(Double.isNaN(Gradients.globalNorm(List.of(withNaN), Double.POSITIVE_INFINITY)), "NaN is not hidden");
    }

    @Test
    void belowTheThresholdNothingChanges() {
        List<Tensor> ps = threeParams();
        Tensor g0 = ps.get(0).grad();
        assertEquals(13.0, Gradients.clipGradNorm(ps, 13.5), 1e-12);
        assertSame(g0, ps.get(0).grad());
        assertArrayEquals(new float[] {3f, 4f}, g0.toArray());
        assertArrayEquals(new float[] {12f}, ps.get(1).grad().toArray());
        assertEquals(0.0, Gradients.clipGradNorm(List.of(param(1f)), 1.0), "no gradients: norm 0");
    }

    @Test
    void aNonFiniteNormIsAnErrorThatChangesNothing() {
        Tensor a = param(0f, 0f);
        feedGrad(a, new float[] {Float.NaN, 1f});
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Gradients.clipGradNorm(List.of(a), 1.0));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(1f, a.grad().toArray()[1]);
        assertThrows(IllegalArgumentException.class, () -> Gradients.clipGradNorm(List.of(a), -1.0));
        assertThrows(IllegalArgumentException.class, () -> Gradients.clipGradNorm(List.of(a), 1.0, 0, true));
    }

    @Test
    void clipsByValue() {
        List<Tensor> ps = threeParams();
        Gradients.clipGradValue(ps, 3.5);
        assertArrayEquals(new float[] {3f, 3.5f}, ps.get(0).grad().toArray());
        assertArrayEquals(new float[] {3.5f}, ps.get(1).grad().toArray());
        assertThrows(IllegalArgumentException.class, () -> Gradients.clipGradValue(ps, -1));
    }

    @Test
    void penaltiesHaveTheirValuesAndGradients() {
        Tensor a = param(1f, -2f);
        Tensor b = param(0.5f);
        Tensor l1 = Penalties.l1(List.of(a, b), 0.1);
        assertEquals(0.35f, l1.item(), 1e-6f);
        l1.backward();
        assertArrayEquals(new float[] {0.1f, -0.1f}, a.grad().toArray(), 1e-7f);
        assertArrayEquals(new float[] {0.1f}, b.grad().toArray(), 1e-7f);
        a.zeroGrad();
        b.zeroGrad();
        Tensor l2 = Penalties.l2(List.of(a, b), 0.1);
        assertEquals(0.525f, l2.item(), 1e-6f);
        l2.backward();
        assertArrayEquals(new float[] {0.2f, -0.4f}, a.grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.1f}, b.grad().toArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Penalties.l2(List.of(a), -0.1));
        assertThrows(IllegalArgumentException.class, () -> Penalties.l1(List.of(), 0.1));
    }

    /** Mean squared error of the linear model x w against y, for rows [from, to). */
    private static Tensor mse(Tensor w, Tensor x, Tensor y, int from, int to) {
        Tensor pred = x.narrow(0, from, to - from).matmul(w);
        return pred.sub(y.narrow(0, from, to - from)).square().mean();
    }

    @Test
    void accumulatingMicroBatchesEqualsOneLargeBatch() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 8, 3);
        Tensor y = Tensor.randn(rng, 8, 1);
        float[] w0 = Tensor.randn(rng, 3).toArray();

        Tensor big = Tensor.of(w0.clone(), 3, 1).requiresGrad(true);
        Sgd bigSgd = new Sgd(List.of(big), Sgd.Options.of(0.1).withMomentum(0.9));
        Tensor small = Tensor.of(w0.clone(), 3, 1).requiresGrad(true);
        Sgd smallSgd = new Sgd(List.of(small), Sgd.Options.of(0.1).withMomentum(0.9));
        GradientAccumulation acc = new GradientAccumulation(smallSgd, 4);
        for (int step = 0; step < 3; step++) {
            bigSgd.zeroGrad();
            mse(big, x, y, 0, 8).backward();
            bigSgd.step();
            for (int j = 0; j < 4; j++) {
                assertEquals(j == 3, acc.backward(mse(small, x, y, 2 * j, 2 * j + 2)));
            }
            assertEquals(0, acc.pending());
            assertArrayEquals(big.toArray(), small.toArray(), 1e-6f, "after step " + step);
        }
    }

    @Test
    void flushingAPartialGroupUsesTheMeanOfWhatItHas() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, 6, 2);
        Tensor y = Tensor.randn(rng, 6, 1);
        float[] w0 = Tensor.randn(rng, 2).toArray();
        Tensor big = Tensor.of(w0.clone(), 2, 1).requiresGrad(true);
        Sgd bigSgd = new Sgd(List.of(big), Sgd.Options.of(0.1));
        mse(big, x, y, 0, 6).backward();
        bigSgd.step();

        Tensor small = Tensor.of(w0.clone(), 2, 1).requiresGrad(true);
        GradientAccumulation acc = new GradientAccumulation(new Sgd(List.of(small), Sgd.Options.of(0.1)), 4);
        for (int j = 0; j < 3; j++) {
            assertFalse(acc.backward(mse(small, x, y, 2 * j, 2 * j + 2)));
        }
        assertTrue(acc.flush());
        assertFalse(acc.flush());
        assertArrayEquals(big.toArray(), small.toArray(), 1e-6f);
    }
}
