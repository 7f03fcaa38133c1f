package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Factories, accessors, printing and in-place updates of Tensor. */
class TensorTest {

    @Test
    void factoriesMakeTheDocumentedValues() {
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toArray());
        assertEquals(0, Tensor.scalar(3f).dim());
        assertEquals(3f, Tensor.scalar(3f).item());
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).toArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).toArray());
        assertArrayEquals(new float[] {7, 7, 7}, Tensor.full(7f, 3).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new float[] {1, 0.5f, 0, -0.5f}, Tensor.arange(1, -0.75f, -0.5f).toArray());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3).toArray());
        Tensor like = Tensor.zeros(2, 2);
        assertArrayEquals(new float[] {1, 1, 1, 1}, Tensor.onesLike(like).toArray());
        assertArrayEquals(new float[] {5, 5, 5, 5}, Tensor.fullLike(5f, like).toArray());
        assertEquals(like.shape(), Tensor.zerosLike(like).shape());
    }

    @Test
    void randomFactoriesAreSeededAndHaveTheRightMoments() {
        Tensor a = Tensor.randn(new Rng(5), 100, 100);
        Tensor b = Tensor.randnLike(new Rng(5), a);
        assertArrayEquals(a.toArray(), b.toArray());
        // mean of 10^4 standard normals: standard error 0.01
        assertEquals(0, a.mean().item(), 0.05);
        Tensor u = Tensor.rand(new Rng(6), 10_000);
        assertEquals(0.5, u.mean().item(), 5 * Math.sqrt(1.0 / 12 / 10_000));
        float[] v = Tensor.randLike(new Rng(6), u).toArray();
        for (float x : v) {
            assertTrue(x >= 0 && x < 1);
        }
    }

    @Test
    void ofCopiesItsData() {
        float[] d = {1, 2};
        Tensor t = Tensor.of(d);
        d[0] = 99;
        assertEquals(1f, t.get(0));
    }

    @Test
    void accessorsAndIndexing() {
        Tensor t = Tensor.arange(24).reshape(2, 3, 4);
        assertEquals(3, t.dim());
        assertEquals(24, t.size());
        assertEquals(3, t.size(1));
        assertEquals(4, t.size(-1));
        assertEquals(1 * 12 + 2 * 4 + 3, t.get(1, 2, 3));
        assertEquals(23f, t.get(-1, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> t.get(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.get(0, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, t::item);
        assertTrue(e.getMessage().contains("[2, 3, 4]"), e.getMessage());
    }

    @Test
    void badFactoryArgumentsAreRejectedInWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().startsWith("of:") && e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1));
    }

    @Test
    void toStringLooksLikePyTorchAndAbbreviatesLargeTensors() {
        assertEquals("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], shape=[2, 2])",
                Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor(2.5000, shape=[])", Tensor.scalar(2.5f).toString());
        String big = Tensor.arange(2000).toString();
        assertTrue(big.startsWith("tensor([0.0000, 1.0000, 2.0000, ..., 1997.0000, 1998.0000, 1999.0000]"), big);
        assertTrue(Tensor.scalar(1e-6f).toString().contains("1.0000e-06"));
        assertTrue(Tensor.of(new float[] {1}).requiresGrad(true).exp().toString().contains("gradFn=exp"));
    }

    @Test
    void inPlaceUpdatesBroadcastAndBumpTheVersion() {
        Tensor t = Tensor.zeros(2, 2);
        int v0 = t.version();
        t.addInPlace(Tensor.of(new float[] {1, 2}));
        assertArrayEquals(new float[] {1, 2, 1, 2}, t.toArray());
        t.addInPlace(Tensor.ones(2, 2), 0.5f);
        assertArrayEquals(new float[] {1.5f, 2.5f, 1.5f, 2.5f}, t.toArray());
        t.subInPlace(Tensor.scalar(0.5f));
        t.mulInPlace(2f);
        t.mulInPlace(Tensor.of(new float[] {1, -1}));
        assertArrayEquals(new float[] {2, -4, 2, -4}, t.toArray());
        t.copyFrom(Tensor.of(new float[] {9, 8, 7, 6}, 2, 2));
        assertArrayEquals(new float[] {9, 8, 7, 6}, t.toArray());
        t.fillInPlace(3f);
        assertArrayEquals(new float[] {3, 3, 3, 3}, t.toArray());
        assertEquals(v0 + 7, t.version());
    }

    @Test
    void reshapeSharesStorageAndVersionWithItsBase() {
        Tensor t = Tensor.zeros(2, 3);
        Tensor view = t.reshape(3, 2);
        t.fillInPlace(1f);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, view.toArray());
        assertEquals(t.version(), view.version());
    }

    @Test
    void aFailedInPlaceUpdateChangesNothing() {
        Tensor t = Tensor.of(new float[] {1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.addInPlace(Tensor.ones(2)));
        assertTrue(e.getMessage().contains("addInPlace") && e.getMessage().contains("[2]"), e.getMessage());
        assertArrayEquals(new float[] {1, 2, 3}, t.toArray());
        assertEquals(0, t.version());
        assertThrows(IllegalArgumentException.class, () -> t.copyFrom(Tensor.ones(3, 3)));
        assertArrayEquals(new float[] {1, 2, 3}, t.toArray());
    }

    @Test
    void theReadmeExampleFitsItsLinearModel() {
        Rng rng = new Rng(42);
        Tensor x = Tensor.randn(rng, 64, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {2, -1, 0.5f}, 3, 1));
        Tensor w = Tensor.zeros(3, 1).requiresGrad(true);
        for (int step = 0; step < 100; step++) {
            Tensor loss = x.matmul(w).sub(y).square().mean();
            w.zeroGrad();
            loss.backward();
            try (var scope = Autograd.noGrad()) {
                w.addInPlace(w.grad(), -0.1f);
            }
        }
        assertArrayEquals(new float[] {2, -1, 0.5f}, w.toArray(), 1e-3f);
    }

    @Test
    void updateInPlaceRunsAKernelOnTheStorageAndGuardsItLikeTheOtherInPlaceOps() {
        Tensor w = Tensor.of(new float[] {1, 2, 3});
        Tensor g = Tensor.of(new float[] {10, 20, 30});
        w.updateInPlace("sgd", g, (t, r) -> {
            for (int i = 0; i < t.length; i++) {
                t[i] -= 0.1f * r[i];
            }
        });
        assertArrayEquals(new float[] {0, 0, 0}, w.toArray(), 1e-6f);
        assertArrayEquals(new float[] {10, 20, 30}, g.toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.updateInPlace("sgd", Tensor.ones(2), (t, r) -> t[0] = 99));
        assertTrue(e.getMessage().startsWith("sgd:") && e.getMessage().contains("[2]"));
        Tensor leaf = Tensor.ones(3).requiresGrad(true);
        assertThrows(IllegalStateException.class,
                () -> leaf.updateInPlace("sgd", g, (t, r) -> t[0] = 99));
        assertEquals(1f, leaf.get(0));
        // A pending backward that saved the tensor notices the change.
        Tensor x = Tensor.of(new float[] {2}).requiresGrad(true);
        Tensor y = x.mul(x);
        try (Autograd.Scope scope = Autograd.noGrad()) {
            x.updateInPlace("sgd", Tensor.of(new float[] {1}), (t, r) -> t[0] += r[0]);
        }
        assertThrows(IllegalStateException.class, y::backward);
    }
}
