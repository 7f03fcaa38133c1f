package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Elementwise;
import dev.nabla.core.kernels.Reduce;
import java.util.Arrays;

/**
 * Reductions over any set of axes (with or without keeping the reduced axes as size 1):
 * sums, means, variances, norms, maxima and minima. An empty axis list means every axis.
 * Axes may be negative (counted from the end). Shapes below write {@code x} for the input
 * shape and {@code y} for the reduced one. Bad axes (out of range, repeated, null) throw an
 * {@link IllegalArgumentException} naming the op and the shape before any work. Softmax and
 * logsumexp live in {@link Softmax}.
 */
public final class Reductions {

    private Reductions() {
    }

    /**
     * Turns a possibly negative axis into {@code [0, rank)}.
     *
     * @throws IllegalArgumentException naming the op and the shape if the axis is out of range
     */
    static int axis(String op, Shape shape, int axis) {
        return shape.normalizeAxis(op, axis);
    }

    /**
     * Validates and sorts axes: each in range, none repeated; an empty array means all axes.
     *
     * @return a mask of the reduced axes, of length {@code x.dim()}
     */
    static boolean[] axisMask(String op, Shape shape, int[] axes) {
        if (axes == null) {
            throw new IllegalArgumentException(op + ": axes must not be null (an empty array means all axes), shape "
                    + shape);
        }
        boolean[] mask = new boolean[shape.rank()];
        if (axes.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int a : axes) {
            int k = axis(op, shape, a);
            if (mask[k]) {
                throw new IllegalArgumentException(op + ": axis " + a + " is repeated in " + Arrays.toString(axes)
                        + " for shape " + shape);
            }
            mask[k] = true;
        }
        return mask;
    }

    /** The shape after reducing the masked axes, keeping them as size 1 or dropping them. */
    static Shape reducedShape(Shape shape, boolean[] mask, boolean keepDim) {
        int[] dims = shape.toArray();
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (!mask[i]) {
                out[k++] = dims[i];
            } else if (keepDim) {
                out[k++] = 1;
            }
        }
        return Shape.of(Arrays.copyOf(out, k));
    }

    /** y = sum of all elements (a scalar); dx = g broadcast. */
    public static Tensor sum(Tensor x) {
        return sum(x, new int[0], false);
    }

    /**
     * y = sum over {@code axes}; dx = g broadcast back to x's shape.
     *
     * @param axes the axes to reduce (empty: all)
     * @param keepDim keep reduced axes as size 1
     */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        boolean[] mask = axisMask("sum", x.shape(), axes);
        Shape kept = reducedShape(x.shape(), mask, true);
        Tensor y = sumKeep(x, mask).viewAs(reducedShape(x.shape(), mask, keepDim));
        return record("sum", y, (g, n) -> grads(ShapeOps.expand(g.reshape(kept.toArray()), x.shape().toArray())), x);
    }

    /** Sums the masked axes with keepDim, contiguous runs of axes in one kernel pass each. */
    private static Tensor sumKeep(Tensor x, boolean[] mask) {
        int[] dims = x.shape().toArray();
        float[] cur = x.data();
        int rank = dims.length;
        int i = rank - 1;
        while (i >= 0) {
            if (!mask[i] || dims[i] == 1) {
                i--;
                continue;
            }
            int end = i;
            while (i >= 0 && mask[i]) {
                i--;
            }
            int start = i + 1;
            int outer = 1;
            int r = 1;
            int inner = 1;
            for (int k = 0; k < start; k++) {
                outer *= dims[k];
            }
            for (int k = start; k <= end; k++) {
                r *= dims[k];
                dims[k] = 1;
            }
            for (int k = end + 1; k < rank; k++) {
                inner *= dims[k];
            }
            float[] next = new float[outer * inner];
            Reduce.sum(cur, outer, r, inner, next);
            cur = next;
        }
        Shape kept = Shape.of(dims);
        return new Tensor(cur == x.data() ? cur.clone() : cur, kept);
    }

    /**
     * y = mean over {@code axes}; dx = g / count broadcast.
     *
     * @param axes the axes to reduce (empty: all)
     * @param keepDim keep reduced axes as size 1
     * @throws IllegalArgumentException if the reduced axes hold no element
     */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        int count = count("mean", x, axes);
        return sum(x, axes, keepDim).div(Tensor.scalar(count));
    }

    /** y = mean of all elements (a scalar). */
    public static Tensor mean(Tensor x) {
        return mean(x, new int[0], false);
    }

    /** Number of elements each output of a reduction over {@code axes} covers; must be positive. */
    static int count(String op, Tensor x, int[] axes) {
        boolean[] mask = axisMask(op, x.shape(), axes);
        int count = 1;
        for (int i = 0; i < mask.length; i++) {
            count *= mask[i] ? x.shape().dim(i) : 1;
        }
        if (count == 0) {
            throw new IllegalArgumentException(op + ": the reduced axes " + Arrays.toString(axes) + " of shape "
                    + x.shape() + " hold no element");
        }
        return count;
    }

    /**
     * Sums {@code g} down to {@code shape}, undoing a broadcast: leading extra axes and axes
     * where {@code shape} has size 1 are summed. Returns {@code g} itself when the shapes match.
     *
     * @throws IllegalArgumentException if {@code shape} does not broadcast to g's shape
     */
    public static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        if (!Shape.broadcast("sumTo", shape, g.shape()).equals(g.shape())) {
            throw new IllegalArgumentException("sumTo: shape " + shape + " does not broadcast to " + g.shape());
        }
        int lead = g.dim() - shape.rank();
        int[] axes = new int[g.dim()];
        int k = 0;
        for (int i = 0; i < g.dim(); i++) {
            if (i < lead || (shape.dim(i - lead) == 1 && g.shape().dim(i) != 1)) {
                axes[k++] = i;
            }
        }
        if (k == 0) {
            return g.reshape(shape.toArray());
        }
        return sum(g, Arrays.copyOf(axes, k), true).reshape(shape.toArray());
    }

    // ---------------------------------------------------------------- variance

    /**
     * Variance over {@code axes}: {@code y = sum (x - mean)^2 / (N - 1)} (unbiased) or
     * {@code / N} (biased), with {@code N} the number of elements each output covers. Composed
     * of differentiable ops: {@code dx = 2 g (x - mean) / (N - 1 or N)}, to any order.
     *
     * @param x the input, any shape; not modified
     * @param axes the axes to reduce (empty: all); negative counts from the end
     * @param unbiased divide by {@code N - 1} (Bessel's correction) instead of {@code N}
     * @param keepDim keep reduced axes as size 1
     * @return the variance, of the reduced shape
     * @throws IllegalArgumentException for bad axes, reduced axes holding no element, or
     *     {@code unbiased} with {@code N = 1} (PyTorch would return NaN)
     */
    public static Tensor var(Tensor x, int[] axes, boolean unbiased, boolean keepDim) {
        return variance("var", x, axes, unbiased, keepDim);
    }

    /** Unbiased variance of all elements, a scalar: {@code sum (x - mean)^2 / (N - 1)}; see {@link #var(Tensor, int[], boolean, boolean)}. */
    public static Tensor var(Tensor x) {
        return variance("var", x, new int[0], true, false);
    }

    /**
     * Standard deviation over {@code axes}: {@code y = sqrt(var(x, axes, unbiased))}. Its
     * gradient {@code g (x - mean) / ((N - 1 or N) y)} is infinite where {@code y = 0}, as in PyTorch.
     *
     * @param x the input, any shape; not modified
     * @param axes the axes to reduce (empty: all)
     * @param unbiased divide by {@code N - 1} instead of {@code N}
     * @param keepDim keep reduced axes as size 1
     * @return the standard deviation, of the reduced shape
     * @throws IllegalArgumentException as {@link #var(Tensor, int[], boolean, boolean)}
     */
    public static Tensor std(Tensor x, int[] axes, boolean unbiased, boolean keepDim) {
        return variance("std", x, axes, unbiased, keepDim).sqrt();
    }

    /** Unbiased standard deviation of all elements, a scalar; see {@link #std(Tensor, int[], boolean, boolean)}. */
    public static Tensor std(Tensor x) {
        return variance("std", x, new int[0], true, false).sqrt();
    }

    private static Tensor variance(String op, Tensor x, int[] axes, boolean unbiased, boolean keepDim) {
        int n = count(op, x, axes);
        if (unbiased && n == 1) {
            throw new IllegalArgumentException(op + ": the unbiased estimate divides by N - 1 = 0: the reduced axes "
                    + Arrays.toString(axes) + " of shape " + x.shape()
                    + " hold N = 1 element per output; expected N >= 2, or pass unbiased = false");
        }
        Tensor centered = x.sub(mean(x, axes, true));
        return sum(centered.square(), axes, keepDim).div(Tensor.scalar(unbiased ? n - 1 : n));
    }

    // ---------------------------------------------------------------- max and min

    /** The largest element, a scalar; the gradient goes to its first occurrence. */
    public static Tensor max(Tensor x) {
        return max(x, new int[0], false);
    }

    /** The smallest element, a scalar; the gradient goes to its first occurrence. */
    public static Tensor min(Tensor x) {
        return min(x, new int[0], false);
    }

    /**
     * Maximum over {@code axes}: {@code y = max of the reduced elements}. The gradient goes to
     * one element per output, the first maximum in row-major order of the reduced elements;
     * every other element gets 0 ({@code dx = g * S} with {@code S} a constant 0/1 selection, so
     * it can be differentiated again; its own derivative is 0). A NaN counts as the maximum.
     *
     * @param x the input, any shape; not modified
     * @param axes the axes to reduce (empty: all)
     * @param keepDim keep reduced axes as size 1
     * @return the maxima, of the reduced shape
     * @throws IllegalArgumentException for bad axes or reduced axes holding no element
     */
    public static Tensor max(Tensor x, int[] axes, boolean keepDim) {
        return extreme("max", x, axes, keepDim, true);
    }

    /**
     * Minimum over {@code axes}; the gradient goes to the first minimum in row-major order of
     * the reduced elements. See {@link #max(Tensor, int[], boolean)}.
     *
     * @throws IllegalArgumentException for bad axes or reduced axes holding no element
     */
    public static Tensor min(Tensor x, int[] axes, boolean keepDim) {
        return extreme("min", x, axes, keepDim, false);
    }

    /**
     * Maximum along one axis and where it is, as {@code torch.max(x, dim)}: the values are
     * differentiable as in {@link #max(Tensor, int[], boolean)}; the index is the first maximum
     * along the axis.
     *
     * @param x the input, at least one dimension; not modified
     * @param axis the axis, negative counts from the end; its size must be at least 1
     * @param keepDim keep the axis as size 1
     * @return the values (x's shape without the axis, or with it as 1) and their positions
     * @throws IllegalArgumentException if the axis is out of range or has size 0
     */
    public static ValuesAndIndices maxWithIndices(Tensor x, int axis, boolean keepDim) {
        return extremeWithIndices("maxWithIndices", x, axis, keepDim, true);
    }

    /**
     * Minimum along one axis and where it is (the first minimum); see
     * {@link #maxWithIndices(Tensor, int, boolean)}.
     *
     * @throws IllegalArgumentException if the axis is out of range or has size 0
     */
    public static ValuesAndIndices minWithIndices(Tensor x, int axis, boolean keepDim) {
        return extremeWithIndices("minWithIndices", x, axis, keepDim, false);
    }

    /**
     * Position of the first maximum along one axis (no gradient).
     *
     * @param x the input, at least one dimension; not modified
     * @param axis the axis, negative counts from the end; its size must be at least 1
     * @return positions in {@code [0, size of the axis)}, row-major over x's shape without the axis
     * @throws IllegalArgumentException if the axis is out of range or has size 0
     */
    public static int[] argmax(Tensor x, int axis) {
        return select("argmax", x, new int[] {axis}, false, true).indices();
    }

    /**
     * Position of the first minimum along one axis (no gradient); see {@link #argmax}.
     *
     * @throws IllegalArgumentException if the axis is out of range or has size 0
     */
    public static int[] argmin(Tensor x, int axis) {
        return select("argmin", x, new int[] {axis}, false, false).indices();
    }

    private static Tensor extreme(String op, Tensor x, int[] axes, boolean keepDim, boolean max) {
        ValuesAndIndices s = select(op, x, axes, keepDim, max);
        return recordSelection(op, x, axisMask(op, x.shape(), axes), s);
    }

    private static ValuesAndIndices extremeWithIndices(String op, Tensor x, int axis, boolean keepDim, boolean max) {
        int[] axes = {axis};
        ValuesAndIndices s = select(op, x, axes, keepDim, max);
        Tensor values = recordSelection(max ? "max" : "min", x, axisMask(op, x.shape(), axes), s);
        return new ValuesAndIndices(values, s.indices().clone());
    }

    /** Records {@code dx = g * S}, S the 0/1 selection built (constant) only when a backward runs. */
    private static Tensor recordSelection(String op, Tensor x, boolean[] mask, ValuesAndIndices s) {
        int[] kept = reducedShape(x.shape(), mask, true).toArray();
        int[] indices = s.indices();
        return record(op, s.values(), (g, n) -> {
            Tensor selection = Tensor.zerosLike(x);
            Reduce.scatterOnes(x.shape().toArray(), mask, indices, selection.data());
            return grads(g.reshape(kept).mul(selection));
        }, x);
    }

    /**
     * The extreme of each reduction (not recorded) and its position, row-major among the
     * reduced elements. Reduced axes that are adjacent (ignoring size-1 axes) are read in
     * place as one {@code (outer, r, inner)} pass; others are first moved last (one copy).
     */
    private static ValuesAndIndices select(String op, Tensor x, int[] axes, boolean keepDim, boolean max) {
        int count = count(op, x, axes);
        boolean[] mask = axisMask(op, x.shape(), axes);
        Shape outShape = reducedShape(x.shape(), mask, keepDim);
        float[] values = new float[outShape.size()];
        int[] indices = new int[values.length];
        if (values.length == 0) {
            return new ValuesAndIndices(new Tensor(values, outShape), indices);
        }
        int[] dims = x.shape().toArray();
        int first = -1;
        int last = -1;
        for (int i = 0; i < dims.length; i++) {
            if (mask[i] && dims[i] > 1) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        boolean adjacent = true;
        for (int i = Math.max(first, 0); i <= last; i++) {
            adjacent &= mask[i] || dims[i] == 1;
        }
        float[] src = x.data();
        int inner = 1;
        if (adjacent) {
            for (int i = last + 1; i < dims.length && first >= 0; i++) {
                inner *= dims[i];
            }
        } else {
            src = new float[x.size()];
            Reduce.moveAxesLast(x.data(), dims, mask, src);
        }
        Reduce.extreme(src, values.length / inner, count, inner, max, values, indices);
        return new ValuesAndIndices(new Tensor(values, outShape), indices);
    }

    // ---------------------------------------------------------------- norms

    /** The L2 norm of all elements, a scalar: {@code y = sqrt(sum x^2)}; see {@link #norm(Tensor, float, int[], boolean)}. */
    public static Tensor norm(Tensor x) {
        return norm(x, 2f, new int[0], false);
    }

    /**
     * The L1 or L2 norm over {@code axes}: {@code y = sum |x|} (p = 1) with {@code dx = g sign(x)},
     * or {@code y = sqrt(sum x^2)} (p = 2) with {@code dx = g x / y}, taken as 0 where
     * {@code y = 0} (as PyTorch), so a zero vector gives a zero gradient, not NaN. The L2 rule
     * is written with differentiable ops and reads y, so it is twice differentiable away from
     * 0 (gradient penalties). Reduced axes holding no element give 0.
     *
     * @param x the input, any shape; not modified
     * @param p the order, 1 or 2
     * @param axes the axes to reduce (empty: all)
     * @param keepDim keep reduced axes as size 1
     * @return the norms, of the reduced shape
     * @throws IllegalArgumentException for bad axes or p other than 1 and 2
     */
    public static Tensor norm(Tensor x, float p, int[] axes, boolean keepDim) {
        boolean[] mask = axisMask("norm", x.shape(), axes);
        if (p != 1f && p != 2f) {
            throw new IllegalArgumentException("norm: p must be 1 or 2, got " + p + " (input shape " + x.shape() + ")");
        }
        if (p == 1f) {
            return sum(x.abs(), axes, keepDim);
        }
        // Kernels only, nothing recorded: in anomaly mode an overflow is reported as norm's.
        Tensor squares = sumKeep(MathOps.apply(x, Elementwise.Function.SQUARE), mask);
        Tensor y = MathOps.apply(squares, Elementwise.Function.SQRT).viewAs(reducedShape(x.shape(), mask, keepDim));
        int[] kept = reducedShape(x.shape(), mask, true).toArray();
        Tensor out = y;
        return record("norm", out, saved(x, out), (g, n) -> {
            Tensor yk = out.reshape(kept);
            Tensor safe = Arithmetic.where(yk.eq(Tensor.scalar(0f)), Tensor.scalar(1f), yk);
            return grads(g.reshape(kept).mul(x).div(safe));
        }, x);
    }
}
