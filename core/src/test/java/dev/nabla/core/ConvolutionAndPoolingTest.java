package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Convolution and pooling beyond the op-spec table: bad input (clear messages, inputs left
 * untouched), closed-form and published values, and a WGAN-GP style gradient penalty through a
 * small convolutional critic, which needs every convolution and pooling backward rule to be
 * differentiable itself.
 */
class ConvolutionAndPoolingTest {

    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private static void rejects(String op, List<String> mentions, Executable call, Tensor... inputs) {
        float[][] before = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = inputs[i].toArray();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(op + ":"), "message names the op: " + e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message mentions " + m + ": " + e.getMessage());
        }
        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(before[i], inputs[i].toArray(), op + ": input " + i + " was modified");
        }
    }

    @Test
    void conv2dRejectsBadShapesAndOptions() {
        Tensor x = Tensor.randn(new Rng(1), 2, 4, 5, 5).requiresGrad(true);
        Tensor w = Tensor.randn(new Rng(2), 6, 2, 3, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(6);
        rejects("conv2d", List.of("[8, 5, 5]"), () -> Convolution.conv2d(x.reshape(8, 5, 5), w, null, 1, 0), x, w);
        rejects("conv2d", List.of("[2, 4, 5, 5]", "[6, 2, 3, 3]", "groups=1"),
                () -> Convolution.conv2d(x, w, null, 1, 0), x, w);
        rejects("conv2d", List.of("Cout=6", "groups=4"),
                () -> Convolution.conv2d(x, Tensor.zeros(6, 1, 3, 3), null, ONE, ZERO, ONE, 4), x);
        rejects("conv2d", List.of("bias", "[5]", "[6]"),
                () -> Convolution.conv2d(x, w, Tensor.zeros(5), ONE, ZERO, ONE, 2), x, w);
        rejects("conv2d", List.of("stride", "[0, 1]"),
                () -> Convolution.conv2d(x, w, b, new int[] {0, 1}, ZERO, ONE, 2), x, w, b);
        rejects("conv2d", List.of("padding", "[-1, 0]"),
                () -> Convolution.conv2d(x, w, b, ONE, new int[] {-1, 0}, ONE, 2), x, w, b);
        rejects("conv2d", List.of("dilation", "[1]"), () -> Convolution.conv2d(x, w, b, ONE, ZERO, new int[] {1}, 2),
                x, w, b);
        rejects("conv2d", List.of("groups", "0"), () -> Convolution.conv2d(x, w, b, ONE, ZERO, ONE, 0), x, w, b);
        rejects("conv2d", List.of("larger than the padded input", "5x5"),
                () -> Convolution.conv2d(x, w, b, ONE, ZERO, new int[] {3, 1}, 2), x, w, b);
    }

    @Test
    void conv1dAndConvTranspose2dRejectBadShapesAndOptions() {
        Tensor x = Tensor.randn(new Rng(3), 2, 4, 6).requiresGrad(true);
        rejects("conv1d", List.of("[2, 4, 6]", "[3, 4, 3, 3]"),
                () -> Convolution.conv1d(x, Tensor.zeros(3, 4, 3, 3), null, 1, 0, 1, 1), x);
        rejects("conv1d", List.of("larger than the padded input"),
                () -> Convolution.conv1d(x, Tensor.zeros(3, 4, 7), null, 1, 0, 1, 1), x);
        Tensor y = Tensor.randn(new Rng(4), 1, 4, 3, 3).requiresGrad(true);
        Tensor w = Tensor.randn(new Rng(5), 4, 2, 3, 3);
        rejects("convTranspose2d", List.of("[1, 4, 3, 3]", "[2, 2, 3, 3]"),
                () -> Convolution.convTranspose2d(y, Tensor.zeros(2, 2, 3, 3), null, 1, 0), y);
        rejects("convTranspose2d", List.of("outputPadding", "[2, 0]", "stride"),
                () -> Convolution.convTranspose2d(y, w, null, new int[] {2, 2}, ZERO, new int[] {2, 0}, ONE, 1), y, w);
        rejects("convTranspose2d", List.of("multiple of groups=3"),
                () -> Convolution.convTranspose2d(y, w, null, ONE, ZERO, ZERO, ONE, 3), y, w);
        rejects("convTranspose2d", List.of("bias", "[2]"),
                () -> Convolution.convTranspose2d(y, w, Tensor.zeros(3), 1, 0), y, w);
        rejects("convTranspose2d", List.of("empty", "padding"),
                () -> Convolution.convTranspose2d(y, w, null, 1, 3), y, w);
    }

    @Test
    void poolingRejectsBadShapesAndOptions() {
        Tensor x = Tensor.randn(new Rng(6), 1, 2, 4, 4).requiresGrad(true);
        rejects("maxPool2d", List.of("[2, 4, 4]"), () -> Pooling.maxPool2d(x.reshape(2, 4, 4), 2), x);
        rejects("maxPool2d", List.of("padding", "half the kernel"),
                () -> Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 0}, ONE), x);
        rejects("maxPool2d", List.of("larger than the padded input"), () -> Pooling.maxPool2d(x, 5), x);
        rejects("maxPool2d", List.of("stride", "[0, 0]"),
                () -> Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, ZERO, ZERO, ONE), x);
        rejects("avgPool2d", List.of("kernel", "[0, 2]"),
                () -> Pooling.avgPool2d(x, new int[] {0, 2}, ONE, ZERO, true), x);
        rejects("avgPool2d", List.of("larger than the padded input"), () -> Pooling.avgPool2d(x, 6), x);
        rejects("adaptiveAvgPool2d", List.of("0x3"), () -> Pooling.adaptiveAvgPool2d(x, 0, 3), x);
        rejects("upsampleNearest2d", List.of("[8, 4]"), () -> Pooling.upsampleNearest2d(x.reshape(8, 4), 2, 2), x);
        rejects("upsampleBilinear2d", List.of("3x-1"), () -> Pooling.upsampleBilinear2d(x, 3, -1, false), x);
    }

    @Test
    void maxPoolIndicesAreFlatPositionsInThePlane() {
        // One 3x4 plane; 2x2 windows with stride 2: maxima 5 at (1,1), 7 at (0,3); ties keep the first.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 7, 4, 5, 7, 0, 9, 9, 1, 1}, 1, 1, 3, 4);
        ValuesAndIndices r = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {2, 2}, ZERO, ONE);
        assertArrayEquals(new float[] {5, 7}, r.values().toArray());
        assertArrayEquals(new int[] {5, 3}, r.indices());
        // Padding 1: the windows at the borders see only the real positions.
        ValuesAndIndices p = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {2, 2}, ONE, ONE);
        assertArrayEquals(new float[] {1, 3, 7, 9, 9, 1}, p.values().toArray());
        assertArrayEquals(new int[] {0, 2, 3, 8, 9, 11}, p.indices());
        // The gradient goes to the argmax only.
        Tensor leaf = x.clone().requiresGrad(true);
        Pooling.maxPool2d(leaf, 2).sum().backward();
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}, leaf.grad().toArray());
    }

    @Test
    void maxPoolArgmaxFollowsPyTorchOnNaNsAndSignedZeros() {
        // 2x2 windows of one 2x8 plane, as PyTorch's (val > max || isnan(val)): a NaN wins over
        // numbers and the last NaN over earlier ones; -0 and +0 tie, so the first stays.
        float nan = Float.NaN;
        Tensor x = Tensor.of(new float[] {1, nan, nan, 2, -0f, 0f, 3, 3,
                                          5, 4, 7, nan, 0f, -0f, 3, 4}, 1, 1, 2, 8);
        ValuesAndIndices r = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {2, 2}, ZERO, ONE);
        assertArrayEquals(new int[] {1, 11, 4, 15}, r.indices());
        float[] v = r.values().toArray();
        assertTrue(Float.isNaN(v[0]) && Float.isNaN(v[1]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[2]));
        assertEquals(4f, v[3]);
    }

    @Test
    void bilinearUpsamplingMatchesPyTorchsDocumentedExample() {
        // torch.nn.Upsample documentation: [[1, 2], [3, 4]] upsampled by 2.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertClose(new float[] {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f,
                3, 3.25f, 3.75f, 4}, Pooling.upsampleBilinear2d(x, 4, 4, false).toArray());
        float t = 1f / 3;
        assertClose(new float[] {1, 1 + t, 2 - t, 2, 2 - t, 2, 2 + t, 3 - t, 2 + t, 3 - t, 3, 3 + t, 3, 3 + t, 4 - t, 4},
                Pooling.upsampleBilinear2d(x, 4, 4, true).toArray());
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                Pooling.upsampleNearest2d(x, 4, 4).toArray());
    }

    @Test
    void closedFormsOfOnesAndOfASinglePixel() {
        // A 3x3 box sum with zero padding counts the neighbours inside: 4 at corners, 6 at edges, 9 inside.
        Tensor ones = Tensor.ones(1, 1, 3, 3);
        assertArrayEquals(new float[] {4, 6, 4, 6, 9, 6, 4, 6, 4},
                Convolution.conv2d(ones, Tensor.ones(1, 1, 3, 3), null, 1, 1).toArray());
        // A transposed convolution of a single 1 stamps the kernel; stride 2 with two pixels
        // stamps it twice, 2 apart, overlapping in one column.
        Tensor k = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        assertArrayEquals(k.toArray(), Convolution.convTranspose2d(Tensor.ones(1, 1, 1, 1), k, null, 1, 0).toArray());
        assertArrayEquals(new float[] {1, 2, 4, 2, 3, 4, 5, 10, 5, 6, 7, 8, 16, 8, 9},
                Convolution.convTranspose2d(Tensor.ones(1, 1, 1, 2), k, null, 2, 0).toArray());
        // Its gradient with respect to the input is the correlation of g with the kernel.
        Tensor x = Tensor.ones(1, 1, 1, 1).requiresGrad(true);
        Convolution.convTranspose2d(x, k, null, 1, 0).sum().backward();
        assertArrayEquals(new float[] {45}, x.grad().toArray());
    }

    @Test
    void anEmptyBatchGivesAnEmptyOutputAndZeroWeightGradient() {
        Tensor x = Tensor.zeros(0, 2, 5, 5);
        Tensor w = Tensor.ones(3, 2, 3, 3).requiresGrad(true);
        Tensor b = Tensor.ones(3).requiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, b, 2, 1);
        assertArrayEquals(new int[] {0, 3, 3, 3}, y.shape().toArray());
        y.sum().backward();
        assertArrayEquals(new float[54], w.grad().toArray());
        assertArrayEquals(new float[3], b.grad().toArray());
    }

    @Test
    void averagePoolingDividesByTheKernelOrByTheCountInside() {
        // A 2x2 plane of ones, 3x3 window with padding 1: 4 of 9 taps are inside.
        Tensor x = Tensor.ones(1, 1, 2, 2);
        int[] k = {3, 3};
        assertClose(new float[] {4f / 9}, Pooling.avgPool2d(x, k, new int[] {2, 2}, ONE, true).toArray());
        assertClose(new float[] {1f}, Pooling.avgPool2d(x, k, new int[] {2, 2}, ONE, false).toArray());
    }

    @Test
    void aGradientPenaltyThroughAConvolutionalCriticHasTheRightGradient() {
        Tensor x = Tensor.randn(new Rng(7), 2, 2, 6, 6);
        Tensor w1 = Tensor.randn(new Rng(8), 3, 2, 3, 3).mul(0.5f);
        Tensor w2 = Tensor.randn(new Rng(9), 3, 2, 2, 2).mul(0.5f);
        Tensor w3 = Tensor.randn(new Rng(10), 1, 2, 3, 3).mul(0.5f);
        // penalty(w) = sum_n (|d critic(x_n) / d x_n|^2 - 1)^2 through conv, transposed conv,
        // average pools and upsampling (max pooling's second order is checked in PoolSpecs).
        // Finite differences evaluate it with recording off: the penalty turns it back on.
        Function<Tensor[], Tensor> penalty = t -> {
            try (var scope = Autograd.enableGrad()) {
                return penalty(x, t);
            }
        };
        GradCheck.gradient(penalty, w1, w2, w3).orThrow();
    }

    /** The WGAN-GP penalty of a small critic with weights t at the points x. */
    private static Tensor penalty(Tensor x, Tensor[] t) {
        Tensor in = x.detach().requiresGrad(true);
        Tensor h = Convolution.conv2d(in, t[0], null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1).tanh();
        h = Pooling.avgPool2d(h, 2);
        h = Convolution.convTranspose2d(h, t[1], null, 2, 0).tanh();
        h = Pooling.upsampleBilinear2d(Pooling.adaptiveAvgPool2d(h, 3, 3), 4, 4, false);
        Tensor score = Convolution.conv2d(h, t[2], null, 1, 0).sum();
        Tensor g = Autograd.grad(score, true, in).get(0);
        return g.square().sum(new int[] {1, 2, 3}, false).sub(1f).square().sum();
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6f, "element " + i);
        }
    }
}
