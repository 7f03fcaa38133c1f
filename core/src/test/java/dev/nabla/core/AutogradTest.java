package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Behaviour of the autograd engine: accumulation, scopes, errors, deep graphs. */
class AutogradTest {

    private static Tensor leaf(float... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossTwoBackwardCalls() {
        Tensor x = leaf(1, -2, 3);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        // d/dx sum(x^2) = 2x, twice
        assertArrayEquals(new float[] {4, -8, 12}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void aTensorUsedTwiceGetsTheSumOfBothPaths() {
        Tensor x = leaf(2, 5);
        // y = x*x + 3x, dy/dx = 2x + 3
        x.mul(x).add(x.mul(3f)).sum().backward();
        assertArrayEquals(new float[] {7, 13}, x.grad().toArray());
    }

    @Test
    void gradientsOfTwoLeavesSharingAnAddAreIndependentTensors() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        a.add(b).sum().backward();
        a.grad().mulInPlace(10f);
        assertArrayEquals(new float[] {1, 1}, b.grad().toArray());
    }

    @Test
    void aGradientReachingTwoLeavesAsATensorAndAViewOfItIsStillTwoTensors() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = leaf(0, 0, 0, 0, 0, 0);
        Tensor c = Tensor.of(new float[] {1, 2, 3, 4, 5, 6});
        // add hands one gradient (c, computed by mul's rule) to b and to the reshape, whose
        // rule hands a view of that same storage to a.
        a.reshape(6).add(b).mul(c).sum().backward();
        a.grad().mulInPlace(10f);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, b.grad().toArray());
        b.grad().mulInPlace(-1f);
        assertArrayEquals(new float[] {10, 20, 30, 40, 50, 60}, a.grad().toArray());
    }

    @Test
    void aLeafThatAddsAGradientToItsOwnLeavesTheStorageToTheNextLeaf() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        a.add(b).sum().backward();
        b.zeroGrad();
        // a adds the shared gradient into its own; b, with none, keeps it.
        a.add(b).sum().backward();
        assertTrue(b.grad().walk() != 0);
        b.grad().mulInPlace(10f);
        assertArrayEquals(new float[] {2, 2}, a.grad().toArray());
        assertArrayEquals(new float[] {10, 10}, b.grad().toArray());
        a.grad().mulInPlace(-1f);
        assertArrayEquals(new float[] {10, 10}, b.grad().toArray());
    }

    @Test
    void aSeedPassedStraightToLeavesIsCopiedNotKept() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        Tensor seed = Tensor.of(new float[] {5, 7});
        a.add(b).backward(seed);
        a.grad().mulInPlace(10f);
        b.grad().mulInPlace(100f);
        assertArrayEquals(new float[] {5, 7}, seed.toArray());
        assertArrayEquals(new float[] {50, 70}, a.grad().toArray());
        assertArrayEquals(new float[] {500, 700}, b.grad().toArray());

        Tensor x = leaf(1, 2);
        x.backward(seed);
        x.grad().mulInPlace(2f);
        assertArrayEquals(new float[] {5, 7}, seed.toArray());
    }

    @Test
    void aGradientTheWalkComputedIsKeptWithoutACopyAndStillAccumulates() {
        Tensor x = leaf(1, -2, 3);
        Tensor c = Tensor.of(new float[] {2, 3, 4});
        x.mul(c).sum().backward();
        // The first gradient is mul's result itself: storage allocated during that walk.
        assertTrue(x.grad().walk() != 0);
        Tensor first = x.grad();
        x.mul(c).sum().backward();
        assertSame(first, x.grad());
        assertArrayEquals(new float[] {4, 6, 8}, x.grad().toArray());
        // Outside a walk, new storage carries no walk.
        assertEquals(0, x.mul(c).walk());
    }

    @Test
    void retainGraphAllowsASecondBackwardAndWithoutItTheSecondFails() {
        Tensor x = leaf(1, 2);
        Tensor y = x.pow(3f).sum();
        y.backward(null, true, false);
        y.backward();
        // 2 * 3x^2
        assertArrayEquals(new float[] {6, 24}, x.grad().toArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("freed") && e.getMessage().contains("retainGraph"), e.getMessage());
        assertArrayEquals(new float[] {6, 24}, x.grad().toArray(), "a failed backward changes nothing");
    }

    @Test
    void noGradRecordsNothingAndEnableGradReenables() {
        Tensor x = leaf(1, 2);
        try (var scope = Autograd.noGrad()) {
            Tensor y = x.mul(x);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            try (var inner = Autograd.enableGrad()) {
                assertTrue(x.exp().requiresGrad());
            }
            assertFalse(Autograd.isEnabled());
        }
        assertTrue(Autograd.isEnabled());
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void noGradIsPerThread() throws InterruptedException {
        Tensor x = leaf(1);
        AtomicBoolean otherRecorded = new AtomicBoolean();
        try (var scope = Autograd.noGrad()) {
            Thread t = new Thread(() -> otherRecorded.set(x.mul(x).requiresGrad()));
            t.start();
            t.join();
        }
        assertTrue(otherRecorded.get());
    }

    @Test
    void modifyingASavedTensorInPlaceMakesBackwardThrowNamingTheOp() {
        Tensor w = leaf(1, 2);
        Tensor x = Tensor.of(new float[] {3, 4});
        Tensor y = w.mul(x).sum();
        x.mulInPlace(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("'mul'") && e.getMessage().contains("modified in place"), e.getMessage());
        assertNull(w.grad());
    }

    @Test
    void anOptimizerStepBeforeBackwardIsCaught() {
        Tensor w = leaf(1, 2);
        Tensor loss = w.square().sum();
        try (var scope = Autograd.noGrad()) {
            w.addInPlace(Tensor.of(new float[] {1, 1}));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("'square'"), e.getMessage());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradWhileRecordingThrows() {
        Tensor w = leaf(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.mulInPlace(2f));
        assertTrue(e.getMessage().contains("mulInPlace") && e.getMessage().contains("noGrad"), e.getMessage());
        assertArrayEquals(new float[] {1, 2}, w.toArray());
    }

    @Test
    void detachCutsTheGraphAndSharesStorage() {
        Tensor x = leaf(1, 2);
        Tensor d = x.mul(2f).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        Tensor y = x.mul(d).sum();
        y.backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().toArray(), "d is a constant");
    }

    @Test
    void requiresGradOnAComputedTensorThrows() {
        Tensor y = leaf(1).exp();
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
    }

    @Test
    void backwardOfANonScalarNeedsAGradOutputOfItsShape() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3)));
        y.backward(Tensor.of(new float[] {1, 10}));
        assertArrayEquals(new float[] {3, 30}, x.grad().toArray());
    }

    @Test
    void backwardOfATensorThatDoesNotRequireGradThrows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[] {1}).exp().sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void gradWithRespectToAnIntermediateTensorAndUnusedInputs() {
        Tensor x = leaf(1, 2);
        Tensor unused = leaf(5);
        Tensor h = x.mul(x);
        Tensor y = h.mul(3f).sum();
        List<Tensor> g = Autograd.grad(List.of(y), List.of(h, x, unused), null, false, true, true);
        assertArrayEquals(new float[] {3, 3}, g.get(0).toArray());
        assertArrayEquals(new float[] {6, 12}, g.get(1).toArray());
        assertNull(g.get(2));
        assertNull(x.grad(), "grad() does not touch .grad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(unused), null, false, true, false));
        assertTrue(e.getMessage().contains("allowUnused"), e.getMessage());
    }

    @Test
    void gradWithCreateGraphIsDifferentiableAndWithoutItIsNot() {
        Tensor x = leaf(0.5f);
        Tensor g = Autograd.grad(x.pow(4f).sum(), true, x).get(0);
        assertTrue(g.requiresGrad());
        Tensor plain = Autograd.grad(x.pow(4f).sum(), false, x).get(0);
        assertFalse(plain.requiresGrad());
        assertEquals(4 * 0.125f, plain.item(), 1e-7f);
    }

    @Test
    void hessianVectorProductMatchesItsClosedForm() {
        // f(x) = (x.x)^2: grad = 4 (x.x) x, Hessian = 4 (x.x) I + 8 x x^T,
        // so H v = 4 (x.x) v + 8 x (x.v).
        float[] xv = {0.3f, -1.2f, 0.7f, 2.0f};
        float[] vv = {1.0f, 0.5f, -2.0f, 0.25f};
        Tensor x = Tensor.of(xv).requiresGrad(true);
        Tensor v = Tensor.of(vv);
        Tensor f = x.square().sum().square();
        Tensor g = Autograd.grad(f, true, x).get(0);
        Tensor hv = Autograd.grad(g.mul(v).sum(), false, x).get(0);
        double xx = 0;
        double xdv = 0;
        for (int i = 0; i < 4; i++) {
            xx += xv[i] * xv[i];
            xdv += xv[i] * vv[i];
        }
        for (int i = 0; i < 4; i++) {
            double expected = 4 * xx * vv[i] + 8 * xv[i] * xdv;
            assertEquals(expected, hv.toArray()[i], 1e-4 * Math.abs(expected) + 1e-5);
        }
    }

    @Test
    void thirdDerivativeOfAPolynomial() {
        // p(x) = x^4 - 2x^3 + x: p' = 4x^3 - 6x^2 + 1, p'' = 12x^2 - 12x, p''' = 24x - 12.
        float[] xv = {0.5f, 2f, -1f};
        Tensor x = Tensor.of(xv).requiresGrad(true);
        Tensor p = x.pow(4f).sub(x.pow(3f).mul(2f)).add(x).sum();
        Tensor d1 = Autograd.grad(p, true, x).get(0);
        Tensor d2 = Autograd.grad(d1.sum(), true, x).get(0);
        Tensor d3 = Autograd.grad(d2.sum(), true, x).get(0);
        for (int i = 0; i < 3; i++) {
            double v = xv[i];
            assertEquals(4 * v * v * v - 6 * v * v + 1, d1.toArray()[i], 1e-5);
            assertEquals(12 * v * v - 12 * v, d2.toArray()[i], 1e-5);
            assertEquals(24 * v - 12, d3.toArray()[i], 1e-5);
        }
    }

    @Test
    void aChainOfAMillionOpsBackpropagatesWithoutStackOverflow() {
        Tensor x = leaf(1f);
        Tensor y = x;
        for (int i = 0; i < 1_000_000; i++) {
            y = y.add(1f);
        }
        y.sum().backward();
        assertEquals(1f, x.grad().item());
        assertEquals(1_000_001f, y.item());
    }

    @Test
    void gradientOfAGradientGoesThroughIntermediateResults() {
        // y = sin(x)^2 -> dy/dx = 2 sin cos = sin(2x), d2y/dx2 = 2 cos(2x).
        Tensor x = leaf(0.4f, 1.1f);
        Tensor y = x.sin().square().sum();
        Tensor g = Autograd.grad(y, true, x).get(0);
        g.sum().backward();
        assertEquals(2 * Math.cos(0.8), x.grad().toArray()[0], 1e-6);
        assertEquals(2 * Math.cos(2.2), x.grad().toArray()[1], 1e-6);
        assertSame(x.grad(), x.grad());
    }
}
