package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.kernels.Threads;
import dev.nabla.core.kernels.Reduce;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What the op-spec table cannot express for {@link Reductions} and {@link Softmax}: bad
 * input, tie-breaking and indices, the gradient of a norm at 0, numerical stability at
 * extreme inputs, hand-calculated variances, second derivatives through max, and bitwise
 * equality of parallel kernels on one and two threads.
 */
@Isolated
class ReductionsTest {

    private static final int[] ALL = {};

    private static int[] axes(int... a) {
        return a;
    }

    // ------------------------------------------------------------ bad input

    /** The call throws an IllegalArgumentException naming the op and the shape, and changes nothing. */
    private static void rejects(String op, Tensor x, Executable call, String... mentions) {
        float[] before = x.toArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, op);
        String msg = e.getMessage();
        assertTrue(msg.startsWith(op + ":"), "message names the op " + op + ": " + msg);
        assertTrue(msg.contains(x.shape().toString()), "message names the shape " + x.shape() + ": " + msg);
        for (String m : mentions) {
            assertTrue(msg.contains(m), "message mentions '" + m + "': " + msg);
        }
        assertArrayEquals(before, x.toArray(), op + ": input modified");
    }

    @Test
    void axisReductionsRejectOutOfRangeAndRepeatedAxes() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        List<String> ops = List.of("sum", "mean", "var", "std", "max", "min", "norm", "logsumexp");
        for (String op : ops) {
            rejects(op, x, () -> reduce(op, x, axes(2)), "axis 2", "-2 to 1");
            rejects(op, x, () -> reduce(op, x, axes(-3)), "axis -3");
            rejects(op, x, () -> reduce(op, x, axes(1, -1)), "repeated");
            rejects(op, x, () -> reduce(op, x, null), "null");
        }
        Tensor s = Tensor.scalar(2f);
        for (String op : ops) {
            rejects(op, s, () -> reduce(op, s, axes(0)), "axis 0", "no axis");
        }
    }

    /** Calls the reduction named {@code op} over {@code axes}, keepDim false. */
    private static Tensor reduce(String op, Tensor x, int[] axes) {
        return switch (op) {
            case "sum" -> Reductions.sum(x, axes, false);
            case "mean" -> Reductions.mean(x, axes, false);
            case "var" -> Reductions.var(x, axes, true, false);
            case "std" -> Reductions.std(x, axes, false, false);
            case "max" -> Reductions.max(x, axes, false);
            case "min" -> Reductions.min(x, axes, false);
            case "norm" -> Reductions.norm(x, 2f, axes, false);
            case "logsumexp" -> Softmax.logsumexp(x, axes, false);
            default -> throw new AssertionError(op);
        };
    }

    @Test
    void reductionsOverNoElementAreRejectedWhereTheyAreUndefined() {
        Tensor e = Tensor.zeros(2, 0, 3);
        for (String op : List.of("mean", "var", "std", "max", "min", "logsumexp")) {
            rejects(op, e, () -> reduce(op, e, axes(1)), "no element");
            rejects(op, e, () -> reduce(op, e, ALL), "no element");
        }
        rejects("maxWithIndices", e, () -> Reductions.maxWithIndices(e, 1, false), "no element");
        rejects("minWithIndices", e, () -> Reductions.minWithIndices(e, -2, true), "no element");
        rejects("argmax", e, () -> Reductions.argmax(e, 1), "no element");
        rejects("argmin", e, () -> Reductions.argmin(e, 1), "no element");
        rejects("max", Tensor.zeros(0), () -> Reductions.max(Tensor.zeros(0)), "no element");
        // Where the reduced axes are not empty but another axis is, the result is just empty.
        assertArrayEquals(new int[] {2, 0}, Reductions.max(e, axes(2), false).shape().toArray());
        assertEquals(0, Reductions.argmax(e, 0).length);
        // Sums and norms of nothing are 0, as in PyTorch.
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Reductions.norm(e, 2f, axes(1), false).toArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Reductions.norm(e, 1f, axes(1), false).toArray());
    }

    @Test
    void unbiasedVarianceOfOneElementIsRejected() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor column = Tensor.arange(6).reshape(6, 1);
        rejects("var", column, () -> Reductions.var(column, axes(1), true, false), "N - 1 = 0");
        Tensor one = Tensor.scalar(3f);
        rejects("std", one, () -> Reductions.std(one), "N - 1 = 0");
        rejects("var", x, () -> Reductions.var(x, axes(1, 1), true, false), "repeated");
    }

    @Test
    void singleAxisOpsRejectBadAxes() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        rejects("maxWithIndices", x, () -> Reductions.maxWithIndices(x, 2, false), "axis 2");
        rejects("minWithIndices", x, () -> Reductions.minWithIndices(x, -3, false), "axis -3");
        rejects("argmax", x, () -> Reductions.argmax(x, 5), "axis 5");
        rejects("argmin", x, () -> Reductions.argmin(x, -5), "axis -5");
        rejects("softmax", x, () -> Softmax.softmax(x, 2), "axis 2");
        rejects("logSoftmax", x, () -> Softmax.logSoftmax(x, -3), "axis -3");
        Tensor s = Tensor.scalar(1f);
        rejects("softmax", s, () -> Softmax.softmax(s, 0), "no axis");
        rejects("argmax", s, () -> Reductions.argmax(s, 0), "no axis");
    }

    @Test
    void normRejectsOrdersOtherThanOneAndTwo() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        for (float p : new float[] {0f, 3f, 1.5f, -1f, Float.POSITIVE_INFINITY, Float.NaN}) {
            rejects("norm", x, () -> Reductions.norm(x, p, ALL, false), "p must be 1 or 2", "got " + p);
        }
    }

    // ------------------------------------------------------------ max, min and their indices

    @Test
    void maxAndMinWithIndicesPickTheFirstExtremeAlongTheAxis() {
        // [[1, 5, 5],
        //  [7, 2, 7]]   ties: 5 at columns 1 and 2, 7 at columns 0 and 2
        Tensor x = Tensor.of(new float[] {1, 5, 5, 7, 2, 7}, 2, 3);
        ValuesAndIndices rows = Reductions.maxWithIndices(x, 1, false);
        assertArrayEquals(new float[] {5, 7}, rows.values().toArray());
        assertArrayEquals(new int[] {1, 0}, rows.indices());
        ValuesAndIndices cols = Reductions.maxWithIndices(x, 0, true);
        assertArrayEquals(new int[] {1, 3}, cols.values().shape().toArray());
        assertArrayEquals(new float[] {7, 5, 7}, cols.values().toArray());
        assertArrayEquals(new int[] {1, 0, 1}, cols.indices());
        ValuesAndIndices mins = Reductions.minWithIndices(x, -1, false);
        assertArrayEquals(new float[] {1, 2}, mins.values().toArray());
        assertArrayEquals(new int[] {0, 1}, mins.indices());
        assertArrayEquals(new int[] {1, 0}, Reductions.argmax(x, 1));
        assertArrayEquals(new int[] {0, 1, 0}, Reductions.argmin(x, 0));
    }

    @Test
    void theGradientOfMaxGoesToTheFirstExtremeOnly() {
        Tensor x = Tensor.of(new float[] {1, 5, 5, 7, 2, 7}, 2, 3).requiresGrad(true);
        ValuesAndIndices m = Reductions.maxWithIndices(x, 1, false);
        m.indices()[0] = 2; // the caller's copy: changing it must not move the gradient
        m.values().mul(Tensor.of(new float[] {2, 3})).sum().backward();
        assertArrayEquals(new float[] {0, 2, 0, 3, 0, 0}, x.grad().toArray());

        x.zeroGrad();
        Reductions.max(x).backward();
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0}, x.grad().toArray());
        x.zeroGrad();
        Reductions.min(x, axes(0), true).sum().backward();
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0}, x.grad().toArray());
    }

    @Test
    void maxOverSeparatedAxesBreaksTiesInRowMajorOrderOfTheReducedElements() {
        // Shape (2, 2, 2) reduced over axes 0 and 2, for kept index j: the reduced elements in
        // row-major order are (0,j,0), (0,j,1), (1,j,0), (1,j,1). For j = 0 the maximum 9
        // sits at (0,0,1) and (1,0,0): the first is (0,0,1), flat index 1.
        // For j = 1 the maximum 4 sits at (1,1,0) and (1,1,1): the first is flat index 6.
        Tensor x = Tensor.of(new float[] {3, 9, 1, 2, 9, 0, 4, 4}, 2, 2, 2).requiresGrad(true);
        Tensor y = Reductions.max(x, axes(0, 2), false);
        assertArrayEquals(new float[] {9, 4}, y.toArray());
        y.backward(Tensor.of(new float[] {1, 10}));
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 10, 0}, x.grad().toArray());
    }

    @Test
    void maxOfARankZeroTensorIsItself() {
        Tensor s = Tensor.scalar(-3f).requiresGrad(true);
        Tensor y = Reductions.max(s);
        assertEquals(0, y.dim());
        assertEquals(-3f, y.item());
        y.backward();
        assertEquals(1f, s.grad().item());
    }

    @Test
    void nanCountsAsTheExtremeAsInPyTorch() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, Float.NaN});
        assertTrue(Float.isNaN(Reductions.max(x).item()));
        assertTrue(Float.isNaN(Reductions.min(x).item()));
        assertArrayEquals(new int[] {1}, Reductions.argmax(x, 0));
        assertArrayEquals(new int[] {1}, Reductions.argmin(x, 0));
    }

    @Test
    void theExtremeKernelMatchesAPlainLoopOnOddSizes() {
        Rng rng = new Rng(11);
        for (int n : new int[] {1, 2, 13, 207, 1021, 4098, (1 << 15) + 3, 3 * (1 << 15)}) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) Math.floor(rng.uniform(0, 50)); // many ties
            }
            int best = 0;
            int worst = 0;
            for (int i = 1; i < n; i++) {
                best = v[i] > v[best] ? i : best;
                worst = v[i] < v[worst] ? i : worst;
            }
            float[] value = new float[1];
            int[] index = new int[1];
            Reduce.extreme(v, 1, n, 1, true, value, index);
            assertEquals(best, index[0], "argmax of " + n);
            assertEquals(v[best], value[0]);
            Reduce.extreme(v, 1, n, 1, false, value, index);
            assertEquals(worst, index[0], "argmin of " + n);
        }
    }

    @Test
    void secondDerivativesThroughMaxAreComputable() {
        // h = sum_j max_i(x_ij)^2 has gradient 2 y_j at the selected element and Hessian
        // 2 S S^T: Hv = 2 S (S . v), nonzero only at the selected elements.
        Tensor x = Tensor.of(new float[] {1, 4, 3, 2, 0, 5}, 2, 3).requiresGrad(true);
        Tensor h = Reductions.max(x, axes(0), false).square().sum();
        Tensor g = Autograd.grad(h, true, x).get(0);
        assertArrayEquals(new float[] {0, 8, 0, 4, 0, 10}, g.toArray());
        Tensor v = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor hv = Autograd.grad(g.mul(v).sum(), false, x).get(0);
        assertArrayEquals(new float[] {0, 4, 0, 8, 0, 12}, hv.toArray());
    }

    // ------------------------------------------------------------ variance

    @Test
    void varianceMatchesAHandCalculation() {
        // [1, 2, 3, 4]: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4});
        assertEquals(5f / 3, Reductions.var(x).item(), 1e-6f);
        assertEquals(1.25f, Reductions.var(x, ALL, false, false).item(), 1e-6f);
        assertEquals((float) Math.sqrt(5.0 / 3), Reductions.std(x).item(), 1e-6f);
        assertEquals((float) Math.sqrt(1.25), Reductions.std(x, ALL, false, false).item(), 1e-6f);
        // [[1, 2], [3, 4]] over axis 0: columns [1, 3] and [2, 4], deviations +-1.
        Tensor m = x.reshape(2, 2);
        assertArrayEquals(new float[] {2, 2}, Reductions.var(m, axes(0), true, false).toArray(), 1e-6f);
        Tensor biased = Reductions.var(m, axes(0), false, true);
        assertArrayEquals(new int[] {1, 2}, biased.shape().toArray());
        assertArrayEquals(new float[] {1, 1}, biased.toArray(), 1e-6f);
        // The variance of a constant is 0, and its gradient 2 (x - mean) / (N - 1) is 0 too.
        Tensor c = Tensor.full(7f, 5).requiresGrad(true);
        Tensor vc = Reductions.var(c);
        assertEquals(0f, vc.item());
        vc.backward();
        assertArrayEquals(new float[5], c.grad().toArray());
    }

    // ------------------------------------------------------------ norms

    @Test
    void theL2NormHasAZeroGradientAtZero() {
        Tensor z = Tensor.zeros(3).requiresGrad(true);
        Tensor n = Reductions.norm(z);
        assertEquals(0f, n.item());
        n.backward();
        assertArrayEquals(new float[3], z.grad().toArray());

        // Row 0 is zero, row 1 is (3, 4) with norm 5: gradients 0 and x / 5.
        Tensor x = Tensor.of(new float[] {0, 0, 3, 4}, 2, 2).requiresGrad(true);
        Tensor rows = Reductions.norm(x, 2f, axes(1), false);
        assertArrayEquals(new float[] {0, 5}, rows.toArray());
        rows.sum().backward();
        assertArrayEquals(new float[] {0, 0, 0.6f, 0.8f}, x.grad().toArray(), 1e-7f);

        // With createGraph the gradient and its own gradient are finite at 0 too.
        Tensor z2 = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor g = Autograd.grad(Reductions.norm(z2, 2f, axes(1), false).sum(), true, z2).get(0);
        Tensor gg = Autograd.grad(g.square().sum().add(g.sum()), false, z2).get(0);
        for (float v : gg.toArray()) {
            assertTrue(Float.isFinite(v), "second derivative at 0: " + gg);
        }
    }

    @Test
    void theL2NormHasTheClosedFormHessianAwayFromZero() {
        // d^2 |x| / dx^2 = (I - u u^T) / |x| with u = x / |x|: for x = (3, 4), |x| = 5,
        // H = [[16, -12], [-12, 9]] / 125; H v for v = (1, 2) is (-8, 6) / 125.
        Tensor x = Tensor.of(new float[] {3, 4}).requiresGrad(true);
        Tensor g = Autograd.grad(Reductions.norm(x), true, x).get(0);
        assertArrayEquals(new float[] {0.6f, 0.8f}, g.toArray(), 1e-7f);
        Tensor hv = Autograd.grad(g.mul(Tensor.of(new float[] {1, 2})).sum(), false, x).get(0);
        assertArrayEquals(new float[] {-8f / 125, 6f / 125}, hv.toArray(), 1e-6f);
    }

    @Test
    void theL1NormIsTheSumOfMagnitudesWithGradientSign() {
        Tensor x = Tensor.of(new float[] {-2, 0, 3, -0.5f}, 2, 2).requiresGrad(true);
        Tensor n = Reductions.norm(x, 1f, axes(0), true);
        // Columns (-2, 3) and (0, -0.5).
        assertArrayEquals(new float[] {5, 0.5f}, n.toArray());
        n.sum().backward();
        assertArrayEquals(new float[] {-1, 0, 1, -1}, x.grad().toArray());
    }

    // ------------------------------------------------------------ stability

    @Test
    void softmaxIsStableAtExtremeInputs() {
        float e1 = (float) (1 / (1 + Math.exp(-1)));
        Tensor x = Tensor.of(new float[] {1000, 1000, 1000, 999, 1000, -1000, -1000, -1000}, 4, 2);
        assertArrayEquals(new float[] {0.5f, 0.5f, e1, 1 - e1, 1, 0, 0.5f, 0.5f},
                Softmax.softmax(x, 1).toArray(), 1e-6f);
        float ln2 = (float) Math.log(2);
        assertArrayEquals(new float[] {-ln2, -ln2, (float) Math.log(e1), (float) Math.log(1 - e1), 0, -2000, -ln2, -ln2},
                Softmax.logSoftmax(x, 1).toArray(), 1e-5f);
        // Along axis 0 (an inner stride of 2): column 0 is (1000, 1000, 1000, -1000).
        float[] col = Softmax.softmax(x, 0).toArray();
        assertEquals(1f / 3, col[0], 1e-6f);
        assertEquals(0f, col[6]);
    }

    @Test
    void logsumexpIsStableAtExtremeInputs() {
        float ln2 = (float) Math.log(2);
        Tensor x = Tensor.of(new float[] {1000, 1000, -1000, -1000, 1000, -1000}, 3, 2).requiresGrad(true);
        Tensor y = Softmax.logsumexp(x, axes(1), false);
        assertArrayEquals(new float[] {1000 + ln2, -1000 + ln2, 1000}, y.toArray(), 1e-3f);
        y.sum().backward();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 1, 0}, x.grad().toArray(), 1e-6f);
        float inf = Float.POSITIVE_INFINITY;
        Tensor infinite = Tensor.of(new float[] {-inf, -inf, inf, 1});
        assertArrayEquals(new float[] {-inf, inf}, Softmax.logsumexp(infinite.reshape(2, 2), axes(1), false).toArray());
    }

    // ------------------------------------------------------------ threads

    private static float[] withThreads(int n, Supplier<Tensor> work) {
        return Threads.on(n, () -> work.get().toArray());
    }

    private static void sameOnOneAndTwoThreads(String what, Supplier<Tensor> work) {
        assertArrayEquals(withThreads(1, work), withThreads(2, work), what);
    }

    private static float[] floats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    @Test
    void parallelKernelsGiveBitwiseIdenticalResultsOnOneAndTwoThreads() {
        Tensor big = Tensor.randn(new Rng(21), 1 << 20);
        Tensor m = Tensor.randn(new Rng(22), 512, 2048);
        sameOnOneAndTwoThreads("sum all", () -> Reductions.sum(big));
        sameOnOneAndTwoThreads("max all", () -> Reductions.max(big));
        sameOnOneAndTwoThreads("argmin all", () -> Tensor.of(floats(Reductions.argmin(big, 0))));
        sameOnOneAndTwoThreads("softmax 1-D", () -> Softmax.softmax(big, 0));
        sameOnOneAndTwoThreads("logsumexp all", () -> Softmax.logsumexp(big, ALL, false));
        for (int axis = 0; axis < 2; axis++) {
            int a = axis;
            sameOnOneAndTwoThreads("sum " + a, () -> Reductions.sum(m, axes(a), false));
            sameOnOneAndTwoThreads("max " + a, () -> Reductions.max(m, axes(a), false));
            sameOnOneAndTwoThreads("argmax " + a, () -> Tensor.of(floats(Reductions.argmax(m, a))));
            sameOnOneAndTwoThreads("softmax " + a, () -> Softmax.softmax(m, a));
            sameOnOneAndTwoThreads("logSoftmax " + a, () -> Softmax.logSoftmax(m, a));
            sameOnOneAndTwoThreads("var " + a, () -> Reductions.var(m, axes(a), true, false));
            sameOnOneAndTwoThreads("norm " + a, () -> Reductions.norm(m, 2f, axes(a), false));
        }
        Tensor t = m.reshape(8, 64, 2048);
        sameOnOneAndTwoThreads("max 0,2", () -> Reductions.max(t, axes(0, 2), true));
        sameOnOneAndTwoThreads("min 0,2", () -> Reductions.min(t, axes(2, 0), false));
        sameOnOneAndTwoThreads("softmax grad", () -> {
            Tensor x = m.detach().requiresGrad(true);
            Softmax.softmax(x, 1).mul(m).sum().backward();
            return x.grad();
        });
    }

    @Test
    void largeKernelResultsMatchPlainLoops() {
        // The parallel paths against a direct computation in double, on the (512, 2048) matrix.
        int rows = 512;
        int cols = 2048;
        Tensor m = Tensor.randn(new Rng(23), rows, cols);
        float[] v = m.toArray();
        float[] colMax = Reductions.max(m, axes(0), false).toArray();
        float[] soft = Softmax.softmax(m, 0).toArray();
        for (int j = 0; j < cols; j += 97) {
            float best = Float.NEGATIVE_INFINITY;
            double z = 0;
            for (int i = 0; i < rows; i++) {
                best = Math.max(best, v[i * cols + j]);
            }
            for (int i = 0; i < rows; i++) {
                z += Math.exp(v[i * cols + j] - best);
            }
            assertEquals(best, colMax[j]);
            for (int i = 0; i < rows; i += 31) {
                assertEquals(Math.exp(v[i * cols + j] - best) / z, soft[i * cols + j], 1e-7);
            }
        }
    }
}
