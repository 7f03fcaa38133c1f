package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the engine sums the gradients that reach one tensor from several uses. In a walk that
 * records nothing it adds into a sum it made itself in place, and the gradient of a slice
 * arrives as its region only (no tensor of zeros per slice). These tests take tensors that
 * get several gradients, slices among them, in the situations where summing in place could
 * go wrong: a tensor that is also a target of {@code grad}, a sum passed on whole by an add,
 * a leaf reached only through slices, anomaly mode, a recorded walk. Expected values are the
 * derivatives of sums of products, worked out by hand in each test.
 */
class AccumulationTest {

    private static Tensor leaf(float... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    /** x (8) cut into four slices of 2, slice k weighted by k + 1, plus 10 x: dL/dx = 10 + k + 1 at slice k. */
    private static Tensor slicedLoss(Tensor x) {
        List<Tensor> q = Joining.chunk(x, 4, 0);
        Tensor loss = x.mul(10f).sum();
        for (int k = 0; k < 4; k++) {
            loss = loss.add(q.get(k).mul(k + 1f).sum());
        }
        return loss;
    }

    private static final float[] SLICED = {11, 11, 12, 12, 13, 13, 14, 14};

    @Test
    void slicesOfAComputedTensorAddUpWithItsOtherUse() {
        Tensor x = leaf(1, 2, 3, 4, 5, 6, 7, 8);
        Tensor y = x.mul(2f);
        slicedLoss(y).backward();
        // dL/dx = 2 dL/dy
        float[] want = new float[8];
        for (int i = 0; i < 8; i++) {
            want[i] = 2 * SLICED[i];
        }
        assertArrayEquals(want, x.grad().toArray());
    }

    @Test
    void slicesOfALeafAddUpWithItsOtherUse() {
        for (boolean slicesFirst : new boolean[] {true, false}) {
            Tensor x = leaf(1, 2, 3, 4, 5, 6, 7, 8);
            List<Tensor> q = Joining.chunk(x, 4, 0);
            Tensor slices = q.get(0).sum();
            for (int k = 1; k < 4; k++) {
                slices = slices.add(q.get(k).mul(k + 1f).sum());
            }
            Tensor direct = x.mul(10f).sum();
            (slicesFirst ? slices.add(direct) : direct.add(slices)).backward();
            assertArrayEquals(SLICED, x.grad().toArray());
        }
    }

    @Test
    void aLeafReachedOnlyThroughSlicesGetsTheirRegions() {
        Tensor x = leaf(1, 2, 3, 4, 5, 6);
        List<Tensor> q = Joining.chunk(x, 3, 0);
        q.get(0).mul(5f).add(q.get(2).mul(7f)).sum().backward();
        assertArrayEquals(new float[] {5, 5, 0, 0, 7, 7}, x.grad().toArray());
    }

    @Test
    void stridedSlicesInterleaveIntoOneGradient() {
        Tensor x = leaf(1, 2, 3, 4, 5, 6);
        Tensor y = x.mul(1f);
        Tensor even = Joining.slice(y, 0, 0, 6, 2);
        Tensor odd = Joining.slice(y, 0, 1, 6, 2);
        even.mul(Tensor.of(new float[] {1, 2, 3})).add(odd.mul(Tensor.of(new float[] {4, 5, 6}))).sum().backward();
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, x.grad().toArray());
    }

    @Test
    void aTargetThatIsSlicedKeepsItsOwnSum() {
        Tensor x = leaf(1, 2, 3, 4, 5, 6, 7, 8);
        Tensor y = x.mul(3f);
        List<Tensor> g = Autograd.grad(List.of(slicedLoss(y)), List.of(y, x), null, false, false, false);
        assertArrayEquals(SLICED, g.get(0).toArray(), "dL/dy");
        float[] want = new float[8];
        for (int i = 0; i < 8; i++) {
            want[i] = 3 * SLICED[i];
        }
        assertArrayEquals(want, g.get(1).toArray(), "dL/dx");
    }

    @Test
    void aSumPassedOnWholeByAnAddIsNotChangedUnderItsOtherUser() {
        // s = a + b hands its gradient, itself a sum of slices, to both a and b, and a gets
        // more from a second use: b's gradient must not see a's extra part. Both orders of
        // the two uses in the loss, so that each reaches a first in one of them.
        for (boolean sliceFirst : new boolean[] {true, false}) {
            Tensor x1 = leaf(1, 2, 3, 4);
            Tensor x2 = leaf(5, 6, 7, 8);
            Tensor a = x1.mul(1f);
            Tensor b = x2.mul(-1f);
            Tensor s = a.add(b);
            List<Tensor> q = Joining.chunk(s, 2, 0);
            Tensor slices = q.get(0).mul(2f).sum().add(q.get(1).mul(3f).sum());
            Tensor direct = a.mul(100f).sum();
            (sliceFirst ? slices.add(direct) : direct.add(slices)).backward();
            assertArrayEquals(new float[] {102, 102, 103, 103}, x1.grad().toArray(), "dL/dx1");
            assertArrayEquals(new float[] {-2, -2, -3, -3}, x2.grad().toArray(), "dL/dx2");
        }
    }

    @Test
    void aGradientPassedOnWholeToTwoNodesStaysIntactForTheSecond() {
        // y = u + v passes its gradient (g, g) to u and v; u = x1 * 2 gets a second gradient
        // from w = u * 5. v must still see g alone.
        for (boolean wFirst : new boolean[] {true, false}) {
            Tensor x1 = leaf(1, 2);
            Tensor x2 = leaf(3, 4);
            Tensor u = x1.mul(2f);
            Tensor v = x2.mul(3f);
            Tensor y = u.add(v).mul(7f).sum();
            Tensor w = u.mul(5f).sum();
            Tensor loss = wFirst ? w.add(y) : y.add(w);
            loss.backward();
            // dL/du = 7 + 5, dL/dx1 = 2 * 12; dL/dv = 7, dL/dx2 = 3 * 7
            assertArrayEquals(new float[] {24, 24}, x1.grad().toArray(), "x1");
            assertArrayEquals(new float[] {21, 21}, x2.grad().toArray(), "x2");
        }
    }

    @Test
    void leavesSharingAGradientKeepTheirOwnSums() {
        // x + y hands (g, g) to the leaves x and y; x also gets 5 from a second use and 1 from
        // a third. Both orders, so that the shared gradient reaches x first in one of them.
        for (boolean sharedFirst : new boolean[] {true, false}) {
            Tensor x = leaf(1, 2);
            Tensor y = leaf(3, 4);
            Tensor shared = x.add(y).mul(2f).sum();
            Tensor more = x.mul(5f).sum().add(x.sum());
            (sharedFirst ? shared.add(more) : more.add(shared)).backward();
            assertArrayEquals(new float[] {8, 8}, x.grad().toArray(), "x");
            assertArrayEquals(new float[] {2, 2}, y.grad().toArray(), "y");
        }
    }

    @Test
    void aSumTheEngineMadeIsNoLongerItsOwnOnceARuleHandsItOn() {
        // s = x + y is used twice, so its gradient (2 + 3) is a sum the engine made; the add's
        // rule hands that one tensor to both leaves, and x gets 7 more from a second use.
        for (boolean sumFirst : new boolean[] {true, false}) {
            Tensor x = leaf(1, 2);
            Tensor y = leaf(3, 4);
            Tensor s = x.add(y);
            Tensor uses = s.mul(2f).sum().add(s.mul(3f).sum());
            Tensor more = x.mul(7f).sum();
            (sumFirst ? uses.add(more) : more.add(uses)).backward();
            assertArrayEquals(new float[] {12, 12}, x.grad().toArray(), "x");
            assertArrayEquals(new float[] {5, 5}, y.grad().toArray(), "y");
        }
    }

    @Test
    void aGradOutputThatMoreGradientIsAddedToIsLeftAsTheCallerGaveIt() {
        // y is an output seeded with gy, and z = 3y another: y's sum is gy + 3 gz, made
        // without writing into gy (the caller's tensor).
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2f);
        Tensor z = y.mul(3f);
        Tensor gy = Tensor.of(new float[] {1, 10});
        Tensor gz = Tensor.of(new float[] {100, 1000});
        List<Tensor> g = Autograd.grad(List.of(y, z), List.of(x), List.of(gy, gz), false, false, false);
        // dx = 2 (gy + 3 gz)
        assertArrayEquals(new float[] {602, 6020}, g.get(0).toArray());
        assertArrayEquals(new float[] {1, 10}, gy.toArray(), "gy");
        assertArrayEquals(new float[] {100, 1000}, gz.toArray(), "gz");
    }

    @Test
    void anomalyModeSeesTheSlicesGradients() {
        boolean was = Autograd.isAnomalyEnabled();
        Autograd.detectAnomaly(true);
        try {
            Tensor x = leaf(1, 2, 3, 4, 5, 6, 7, 8);
            slicedLoss(x).backward();
            assertArrayEquals(SLICED, x.grad().toArray());
        } finally {
            Autograd.detectAnomaly(was);
        }
    }

    @Test
    void aRecordedWalkThroughSlicesIsDifferentiableAgain() {
        // L = sum_k (k + 1) sum(slice_k^2): dL/dx = 2 (k + 1) x, and the sum of that
        // gradient has the derivative 2 (k + 1) at slice k.
        Tensor x = leaf(1, 2, 3, 4, 5, 6);
        List<Tensor> q = Joining.chunk(x, 3, 0);
        Tensor loss = q.get(0).square().sum().add(q.get(1).square().mul(2f).sum()).add(q.get(2).square().mul(3f).sum());
        Tensor dx = Autograd.grad(loss, true, x).get(0);
        assertArrayEquals(new float[] {2, 4, 12, 16, 30, 36}, dx.toArray());
        Tensor ddx = Autograd.grad(dx.sum(), false, x).get(0);
        assertArrayEquals(new float[] {2, 2, 4, 4, 6, 6}, ddx.toArray());
    }
}
