package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;

import dev.nabla.core.kernels.Pointwise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that join tensors or cut pieces out of them: concatenation and stacking, splitting and
 * chunking, narrowing and strided slicing, constant padding. Every result is a new contiguous
 * tensor; every op is differentiable to any order (the backward of a slice is a scatter into
 * zeros, whose own backward is the slice again).
 */
public final class Joining {

    private Joining() {
    }

    /**
     * Concatenates tensors along an existing axis: all shapes must agree except along
     * {@code axis}; dx_i = the slice of g that x_i filled.
     *
     * @param list at least one tensor, all of the same rank (at least 1); copied
     * @param axis the axis to join along, negative counts from the end
     * @return a tensor whose size along {@code axis} is the sum of the inputs' sizes
     * @throws IllegalArgumentException if the list is empty, a shape disagrees or the axis is out of range
     */
    public static Tensor cat(List<Tensor> list, int axis) {
        // A copy: the backward rule must not see later changes to the caller's list.
        List<Tensor> tensors = List.copyOf(list);
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected at least one tensor, got none");
        }
        Shape first = tensors.get(0).shape();
        int a = first.normalizeAxis("cat", axis);
        int[] out = first.toArray();
        out[a] = 0;
        for (Tensor t : tensors) {
            if (t.dim() != first.rank() || !sameExcept(t.shape(), first, a)) {
                throw new IllegalArgumentException("cat: shapes " + shapes(tensors) + " differ outside axis " + axis
                        + "; expected equal sizes in every other dimension");
            }
            out[a] += t.shape().dim(a);
        }
        Shape shape = Shape.of(out);
        Tensor y = Tensor.empty(shape);
        int[] strides = shape.strides();
        int[] starts = new int[tensors.size()];
        int start = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = start;
            Pointwise.scatter(t.data(), y.data(), start * strides[a], strides, t.shape().toArray());
            start += t.shape().dim(a);
        }
        return record("cat", y, (g, n) -> {
            Tensor[] dx = new Tensor[tensors.size()];
            for (int i = 0; i < dx.length; i++) {
                if (n[i]) {
                    dx[i] = narrow(g, a, starts[i], tensors.get(i).shape().dim(a));
                }
            }
            return dx;
        }, tensors.toArray(new Tensor[0]));
    }

    /**
     * Stacks tensors of one shape along a new axis.
     *
     * @param tensors at least one tensor, all of the same shape
     * @param axis the position of the new axis in the result, in {@code [-(dim+1), dim]}
     * @return a tensor of shape {@code shape} with {@code tensors.size()} inserted at {@code axis}
     * @throws IllegalArgumentException if the list is empty, the shapes differ or the axis is out of range
     */
    public static Tensor stack(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor, got none");
        }
        Shape first = tensors.get(0).shape();
        for (Tensor t : tensors) {
            if (!t.shape().equals(first)) {
                throw new IllegalArgumentException("stack: shapes " + shapes(tensors) + " differ; expected one shape");
            }
        }
        int rank = first.rank() + 1;
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for stacking tensors of shape "
                    + first + " (expected " + -rank + " to " + (rank - 1) + ")");
        }
        List<Tensor> lifted = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            lifted.add(ShapeOps.unsqueeze(t, axis));
        }
        return cat(lifted, axis);
    }

    /**
     * Splits x along an axis into consecutive pieces of the given sizes.
     *
     * @param sizes the pieces' sizes (each >= 0), summing to x's size along {@code axis}
     * @return the pieces, each a new tensor
     * @throws IllegalArgumentException if the sizes do not sum to the axis size or one is negative
     */
    public static List<Tensor> split(Tensor x, int[] sizes, int axis) {
        int a = x.shape().normalizeAxis("split", axis);
        int total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: sizes must be >= 0, got " + Arrays.toString(sizes)
                        + " for shape " + x.shape());
            }
            total += s;
        }
        if (total != x.shape().dim(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + " but axis " + axis + " of shape " + x.shape() + " has " + x.shape().dim(a));
        }
        List<Tensor> pieces = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            pieces.add(narrow(x, a, start, s));
            start += s;
        }
        return pieces;
    }

    /**
     * Splits x along an axis into pieces of {@code size} elements, the last possibly smaller
     * (as {@code torch.split} with an int).
     *
     * @param size the size of every piece but the last, at least 1
     * @throws IllegalArgumentException if {@code size < 1} or the axis is out of range
     */
    public static List<Tensor> split(Tensor x, int size, int axis) {
        int a = x.shape().normalizeAxis("split", axis);
        if (size < 1) {
            throw new IllegalArgumentException("split: piece size " + size + " for shape " + x.shape()
                    + ", expected >= 1");
        }
        int length = x.shape().dim(a);
        int count = Math.max(1, (length + size - 1) / size);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = Math.min(size, length - i * size);
        }
        return split(x, sizes, a);
    }

    /**
     * Splits x along an axis into at most {@code chunks} pieces of {@code ceil(size / chunks)}
     * elements, the last possibly smaller (as {@code torch.chunk}: fewer pieces when the size
     * does not allow that many; {@code chunks} empty pieces of an empty axis).
     *
     * @param chunks the number of pieces wanted, at least 1
     * @throws IllegalArgumentException if {@code chunks < 1} or the axis is out of range
     */
    public static List<Tensor> chunk(Tensor x, int chunks, int axis) {
        int a = x.shape().normalizeAxis("chunk", axis);
        if (chunks < 1) {
            throw new IllegalArgumentException("chunk: " + chunks + " chunks for shape " + x.shape()
                    + ", expected >= 1");
        }
        int length = x.shape().dim(a);
        if (length == 0) {
            return split(x, new int[chunks], a);
        }
        return split(x, (length + chunks - 1) / chunks, a);
    }

    /**
     * y = x[..., start : start + length, ...] along {@code axis} (a copy).
     *
     * @throws IllegalArgumentException if the range does not lie inside the axis
     */
    public static Tensor narrow(Tensor x, int axis, int start, int length) {
        int a = x.shape().normalizeAxis("narrow", axis);
        int size = x.shape().dim(a);
        if (start < 0 || length < 0 || start + length > size) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + start + " + " + length
                    + ") does not lie inside axis " + axis + " of shape " + x.shape() + " (size " + size + ")");
        }
        return strided("narrow", x, a, start, length, 1);
    }

    /**
     * y = x[..., start : end : step, ...] along {@code axis}, Python's slice rules: negative
     * {@code start}/{@code end} count from the end, both are clamped to the axis, and an
     * empty range gives size 0. dx = g scattered back into zeros.
     *
     * @param step the stride between taken elements, at least 1
     * @throws IllegalArgumentException if {@code step < 1} or the axis is out of range
     */
    public static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = x.shape().normalizeAxis("slice", axis);
        if (step < 1) {
            throw new IllegalArgumentException("slice: step " + step + " for shape " + x.shape() + ", expected >= 1");
        }
        int size = x.shape().dim(a);
        int from = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
        int to = Math.min(Math.max(end < 0 ? end + size : end, 0), size);
        int length = to > from ? (to - from + step - 1) / step : 0;
        return strided("slice", x, a, from, length, step);
    }

    /** Elements start, start + step, ... (length of them) along axis a; arguments already valid. */
    private static Tensor strided(String op, Tensor x, int a, int start, int length, int step) {
        int[] dims = x.shape().toArray();
        if (start == 0 && step == 1 && length == dims[a]) {
            return x;
        }
        int[] strides = x.shape().strides();
        int offset = dims[a] == 0 ? 0 : start * strides[a];
        strides[a] *= step;
        dims[a] = length;
        Tensor y = Tensor.empty(Shape.of(dims));
        Pointwise.gather(x.data(), offset, strides, y.data(), dims);
        Shape full = x.shape();
        return record(op, y, (g, n) -> grads(unslice(g, full, a, start, step)), x);
    }

    /**
     * The adjoint of {@link #strided}: zeros of {@code full} with g written at the taken
     * positions. In a backward pass that records nothing, a rule's result is a placeholder the
     * engine adds into the sum for x where g goes ({@link Engine#piece}): the gradients of k
     * slices of one tensor then cost one tensor of zeros, not k.
     */
    private static Tensor unslice(Tensor g, Shape full, int a, int start, int step) {
        int[] strides = full.strides();
        int offset = full.size() == 0 ? 0 : start * strides[a];
        strides[a] *= step;
        Tensor piece = Engine.piece(g, full, offset, strides);
        if (piece != null) {
            return piece;
        }
        Tensor y = Tensor.zeros(full.toArray());
        Pointwise.scatter(g.data(), y.data(), offset, strides, g.shape().toArray());
        int length = g.shape().dim(a);
        return record("sliceBackward", y, (gg, n) -> grads(strided("slice", gg, a, start, length, step)), g);
    }

    /**
     * Pads x with a constant, as {@code torch.nn.functional.pad} in constant mode: {@code pads}
     * holds (before, after) pairs starting from the last dimension, so {@code {1, 2}} pads the
     * last axis by 1 in front and 2 behind, and {@code {1, 1, 2, 2}} also pads the one before
     * it by 2 on each side. dx = the interior of g.
     *
     * @param pads an even number of counts (each >= 0), at most two per dimension
     * @param value the fill value
     * @throws IllegalArgumentException if pads has odd length, too many entries or a negative count
     */
    public static Tensor pad(Tensor x, int[] pads, float value) {
        int rank = x.dim();
        if (pads.length % 2 != 0 || pads.length > 2 * rank) {
            throw new IllegalArgumentException("pad: " + Arrays.toString(pads) + " for shape " + x.shape()
                    + ", expected an even number of counts, at most " + 2 * rank);
        }
        int[] before = new int[rank];
        int[] dims = x.shape().toArray();
        for (int p = 0; p < pads.length; p++) {
            if (pads[p] < 0) {
                throw new IllegalArgumentException("pad: counts must be >= 0, got " + Arrays.toString(pads)
                        + " for shape " + x.shape());
            }
            int axis = rank - 1 - p / 2;
            dims[axis] += pads[p];
            if (p % 2 == 0) {
                before[axis] = pads[p];
            }
        }
        Shape shape = Shape.of(dims);
        Tensor y = Tensor.full(value, dims);
        int[] strides = shape.strides();
        int offset = 0;
        for (int i = 0; i < rank; i++) {
            offset += before[i] * strides[i];
        }
        if (x.size() > 0) {
            Pointwise.scatter(x.data(), y.data(), offset, strides, x.shape().toArray());
        }
        Shape inner = x.shape();
        return record("pad", y, (g, n) -> {
            Tensor dx = g;
            for (int i = 0; i < rank; i++) {
                dx = narrow(dx, i, before[i], inner.dim(i));
            }
            return grads(dx);
        }, x);
    }

    private static boolean sameExcept(Shape s, Shape t, int axis) {
        for (int i = 0; i < s.rank(); i++) {
            if (i != axis && s.dim(i) != t.dim(i)) {
                return false;
            }
        }
        return true;
    }

    private static String shapes(List<Tensor> tensors) {
        List<String> s = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            s.add(t.shape().toString());
        }
        return s.toString();
    }
}
