package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.kernels.Threads;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Parallel kernels give bitwise-identical results on one and on two threads. The inputs are
 * large enough that every kernel here splits into many chunks.
 */
@Isolated
class KernelDeterminismTest {

    private static float[] withThreads(int n, Supplier<Tensor> work) {
        return Threads.on(n, () -> work.get().toArray());
    }

    private static void sameOnOneAndTwoThreads(Supplier<Tensor> work) {
        float[] one = withThreads(1, work);
        float[] two = withThreads(2, work);
        assertArrayEquals(one, two);
    }

    private static final Tensor BIG = Tensor.randn(new Rng(3), 1 << 20);
    private static final Tensor MATRIX = Tensor.randn(new Rng(4), 512, 2048);

    @Test
    void elementwiseMapAndBroadcastZip() {
        sameOnOneAndTwoThreads(() -> BIG.sigmoid().mul(BIG));
        sameOnOneAndTwoThreads(() -> MATRIX.add(Tensor.randn(new Rng(5), 2048)));
        sameOnOneAndTwoThreads(() -> MATRIX.mul(Tensor.randn(new Rng(6), 512, 1)));
    }

    @Test
    void sumsOverEveryAxisAndOverAll() {
        sameOnOneAndTwoThreads(() -> BIG.sum());
        sameOnOneAndTwoThreads(() -> MATRIX.sum(0));
        sameOnOneAndTwoThreads(() -> MATRIX.sum(1));
        sameOnOneAndTwoThreads(() -> MATRIX.reshape(8, 64, 2048).sum(new int[] {0, 2}, true));
    }

    @Test
    void matmulAndItsBackward() {
        Tensor a = Tensor.randn(new Rng(7), 300, 200);
        Tensor b = Tensor.randn(new Rng(8), 200, 250);
        sameOnOneAndTwoThreads(() -> a.matmul(b));
        sameOnOneAndTwoThreads(() -> {
            Tensor w = b.detach().requiresGrad(true);
            a.matmul(w).tanh().sum().backward();
            return w.grad();
        });
    }

    @Test
    void copiesAndScatterAddsOfShapeAndIndexingOps() {
        Tensor cube = MATRIX.reshape(64, 128, 128);
        sameOnOneAndTwoThreads(() -> cube.permute(2, 0, 1));
        sameOnOneAndTwoThreads(() -> cube.flip(1));
        sameOnOneAndTwoThreads(() -> Joining.slice(cube, 2, 1, 128, 3));
        sameOnOneAndTwoThreads(() -> Joining.pad(cube, new int[] {1, 2, 3, 4}, 0.5f));
        Rng rng = new Rng(9);
        int[] rows = new int[4096];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rng.randint(0, 512);
        }
        sameOnOneAndTwoThreads(() -> MATRIX.indexSelect(0, rows));
        // Repeated rows accumulate: the order of additions must not depend on the thread count.
        sameOnOneAndTwoThreads(() -> {
            Tensor w = MATRIX.detach().requiresGrad(true);
            Indexing.embedding(w, rows).square().sum().backward();
            return w.grad();
        });
    }

    @Test
    void maxPoolingAndReluWithTheirGradients() {
        // Many planes, so the argmax splits into chunks; padded and unpadded windows; the
        // gradients show where each argmax landed.
        Tensor x = Tensor.randn(new Rng(10), 16, 32, 28, 28);
        int[] two = {2, 2};
        int[] one = {1, 1};
        int[] none = {0, 0};
        sameOnOneAndTwoThreads(() -> Pooling.maxPool2d(x, two, two, none, one));
        sameOnOneAndTwoThreads(() -> Pooling.maxPool2d(x, new int[] {3, 3}, two, one, one));
        sameOnOneAndTwoThreads(() -> {
            Tensor w = x.detach().requiresGrad(true);
            Pooling.maxPool2d(w.relu(), two, two, none, one).square().sum().backward();
            return w.grad();
        });
    }

    @Test
    void lstmCellAndItsBackward() {
        // 3,000 rows of H = 16: chunks of 512 rows, five whole and one of 440.
        Tensor gates = Tensor.randn(new Rng(11), 3000, 64);
        Tensor c = Tensor.randn(new Rng(12), 3000, 16);
        sameOnOneAndTwoThreads(() -> {
            Recurrent.HiddenAndCell hc = Recurrent.lstmCell(gates, c);
            return Joining.cat(List.of(hc.h(), hc.c()), 0);
        });
        sameOnOneAndTwoThreads(() -> {
            Tensor g = gates.detach().requiresGrad(true);
            Tensor cl = c.detach().requiresGrad(true);
            Recurrent.HiddenAndCell hc = Recurrent.lstmCell(g, cl);
            hc.h().mul(hc.c()).sum().backward();
            return Joining.cat(List.of(g.grad().reshape(-1), cl.grad().reshape(-1)), 0);
        });
    }

    @Test
    void gruCellAndItsBackward() {
        // 3,000 rows of H = 16: chunks of 682 rows.
        Tensor xw = Tensor.randn(new Rng(13), 3000, 48);
        Tensor hw = Tensor.randn(new Rng(14), 3000, 48);
        Tensor h = Tensor.randn(new Rng(15), 3000, 16);
        sameOnOneAndTwoThreads(() -> Recurrent.gruCell(xw, hw, h));
        sameOnOneAndTwoThreads(() -> {
            Tensor x = xw.detach().requiresGrad(true);
            Tensor p = hw.detach().requiresGrad(true);
            Tensor hl = h.detach().requiresGrad(true);
            Recurrent.gruCell(x, p, hl).square().sum().backward();
            return Joining.cat(List.of(x.grad().reshape(-1), p.grad().reshape(-1), hl.grad().reshape(-1)), 0);
        });
    }

    @Test
    void theSumOfAMillionFloatsIsAccurate() {
        // sum_{i < n} i = n (n - 1) / 2 exactly; double accumulation keeps every digit fp32 has.
        int n = 1 << 20;
        double exact = (double) n * (n - 1) / 2;
        float s = Tensor.arange(n).sum().item();
        assertTrue(Math.abs(s - exact) <= Math.ulp((float) exact), "sum " + s + " vs " + exact);
    }
}
