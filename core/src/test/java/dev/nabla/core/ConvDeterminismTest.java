package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.core.kernels.Threads;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Convolution and pooling give bitwise-identical results on one and on two threads, forward
 * and backward, on a batch large enough that the patch transforms, GEMM and the per-plane
 * kernels all split into several chunks.
 */
@Isolated
class ConvDeterminismTest {

    private static final Tensor X = Tensor.randn(new Rng(11), 16, 8, 12, 12);
    private static final Tensor W = Tensor.randn(new Rng(12), 16, 8, 3, 3);
    private static final Tensor B = Tensor.randn(new Rng(13), 16);

    private static float[] withThreads(int n, Supplier<float[]> work) {
        return Threads.on(n, work);
    }

    private static void sameOnOneAndTwoThreads(Supplier<float[]> work) {
        assertArrayEquals(withThreads(1, work), withThreads(2, work));
    }

    /** All gradients of {@code sum(tanh(f(x, w, b)))}, concatenated. */
    private static float[] gradients(java.util.function.Function<Tensor[], Tensor> f) {
        Tensor x = X.clone().requiresGrad(true);
        Tensor w = W.clone().requiresGrad(true);
        Tensor b = B.clone().requiresGrad(true);
        f.apply(new Tensor[] {x, w, b}).tanh().sum().backward();
        float[] gx = x.grad().toArray();
        float[] gw = w.grad().toArray();
        float[] gb = b.grad().toArray();
        float[] all = java.util.Arrays.copyOf(gx, gx.length + gw.length + gb.length);
        System.arraycopy(gw, 0, all, gx.length, gw.length);
        System.arraycopy(gb, 0, all, gx.length + gw.length, gb.length);
        return all;
    }

    @Test
    void conv2dForwardAndBackward() {
        int[] one = {1, 1};
        sameOnOneAndTwoThreads(() -> Convolution.conv2d(X, W, B, one, one, one, 1).toArray());
        sameOnOneAndTwoThreads(() -> gradients(t -> Convolution.conv2d(t[0], t[1], t[2], one, one, one, 1)));
        sameOnOneAndTwoThreads(() -> gradients(t -> Convolution.conv2d(t[0], t[1].narrow(1, 0, 4), t[2],
                new int[] {2, 1}, one, new int[] {1, 2}, 2)));
        // Patches of 9 (one input channel; depthwise): the weight gradient by dot products.
        sameOnOneAndTwoThreads(() -> gradients(t -> Convolution.conv2d(t[0].narrow(1, 0, 1), t[1].narrow(1, 0, 1),
                t[2], one, one, one, 1)));
        sameOnOneAndTwoThreads(() -> gradients(t -> Convolution.conv2d(t[0], t[1].narrow(1, 0, 1), t[2],
                one, one, one, 8)));
    }

    @Test
    void convTranspose2dForwardAndBackward() {
        sameOnOneAndTwoThreads(() -> gradients(t -> Convolution.convTranspose2d(t[0], t[1].narrow(0, 0, 8), t[2].narrow(0, 0, 8),
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1)));
    }

    @Test
    void poolingForwardAndBackward() {
        sameOnOneAndTwoThreads(() -> gradients(t -> Pooling.maxPool2d(Convolution.conv2d(t[0], t[1], t[2], 1, 1), 2)));
        sameOnOneAndTwoThreads(() -> gradients(t -> Pooling.upsampleBilinear2d(
                Pooling.avgPool2d(Convolution.conv2d(t[0], t[1], t[2], 1, 1), 3), 7, 9, false)));
    }
}
