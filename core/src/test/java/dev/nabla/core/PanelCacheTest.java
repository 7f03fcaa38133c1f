package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.core.kernels.PackedPanels;
import org.junit.jupiter.api.Test;

/**
 * A right operand multiplied by again keeps its packed panels: the products must be exactly
 * those of the same values in storage never seen before (a clone), however often the operand
 * is reused, and must follow every in-place change of it.
 */
class PanelCacheTest {

    /** x W^T and x W for a W of 70 x 300 (several k-slices and column blocks, odd edges). */
    private static float[][] products(Tensor x, Tensor xt, Tensor w) {
        return new float[][] {
            LinearAlgebra.matmul(x, false, w, true).toArray(),
            LinearAlgebra.matmul(xt, false, w, false).toArray(),
        };
    }

    private static void sameAsFreshStorage(Tensor x, Tensor xt, Tensor w, String when) {
        float[][] fresh = products(x, xt, w.clone());
        float[][] reused = products(x, xt, w);
        assertArrayEquals(fresh[0], reused[0], "x W^T " + when);
        assertArrayEquals(fresh[1], reused[1], "x W " + when);
    }

    @Test
    void reusedOperandsGiveTheProductsOfFreshOnesAndFollowInPlaceChanges() {
        Tensor w = Tensor.randn(new Rng(31), 70, 300);
        Tensor x = Tensor.randn(new Rng(32), 9, 300);
        Tensor xt = Tensor.randn(new Rng(33), 9, 70);
        for (int call = 0; call < 2 * PanelCache.SIGHTINGS; call++) {
            sameAsFreshStorage(x, xt, w, "call " + call);
        }
        try (Autograd.Scope scope = Autograd.noGrad()) {
            w.addInPlace(Tensor.randn(new Rng(34), 70, 300));
        }
        for (int call = 0; call < 2 * PanelCache.SIGHTINGS; call++) {
            sameAsFreshStorage(x, xt, w, "after addInPlace, call " + call);
        }
        w.updateInPlace("test", Tensor.zeros(70, 300), (target, read) -> target[5 * 300 + 7] = 1000f);
        sameAsFreshStorage(x, xt, w, "after updateInPlace");
        for (int call = 0; call < 2 * PanelCache.SIGHTINGS; call++) {
            sameAsFreshStorage(x, xt, w, "after updateInPlace, call " + call);
        }
        Tensor view = w.reshape(70, 300);
        view.copyFrom(Tensor.randn(new Rng(35), 70, 300));
        sameAsFreshStorage(x, xt, w, "after copyFrom through a view");
    }

    @Test
    void aWeightOverTheStepsOfARecurrenceAndItsGradient() {
        // h_{t+1} = tanh(h_t W^T): W is read 12 times forward and 12 times backward unchanged.
        Tensor w = Tensor.randn(new Rng(36), 40, 40).mul(0.3f).requiresGrad(true);
        Tensor reference = w.detach().clone().requiresGrad(true);
        Tensor h = Tensor.randn(new Rng(37), 5, 40);
        Tensor hr = h;
        for (int t = 0; t < 12; t++) {
            h = LinearAlgebra.matmul(h, false, w, true).tanh();
        }
        h.sum().backward();
        // The reference recomputes every product from a fresh clone of its weight.
        for (int t = 0; t < 12; t++) {
            hr = LinearAlgebra.matmul(hr, false, reference.mul(1f), true).tanh();
        }
        hr.sum().backward();
        assertArrayEquals(hr.toArray(), h.toArray(), "h");
        assertArrayEquals(reference.grad().toArray(), w.grad().toArray(), "dW");
    }

    @Test
    void panelsAreKeptFromTheFourthSightingOfOneVersionAndLayout() {
        Tensor w = Tensor.randn(new Rng(38), 20, 30);
        for (int sighting = 1; sighting < PanelCache.SIGHTINGS; sighting++) {
            assertNull(PanelCache.panelsFor(w, true, 30, 20, 30), "sighting " + sighting);
        }
        PackedPanels kept = PanelCache.panelsFor(w, true, 30, 20, 30);
        assertNotNull(kept, "sighting " + PanelCache.SIGHTINGS);
        assertSame(kept, PanelCache.panelsFor(w, true, 30, 20, 30), "the same panels afterwards");
        assertSame(kept, PanelCache.panelsFor(w.reshape(20, 30), true, 30, 20, 30), "through a view of the storage");
        assertNull(PanelCache.panelsFor(w, false, 20, 30, 30), "another layout starts over");
        assertNull(PanelCache.panelsFor(w.clone(), true, 30, 20, 30), "equal values in other storage");
        w.mulInPlace(2f);
        assertNull(PanelCache.panelsFor(w, true, 30, 20, 30), "a new version starts over");
    }
}
