package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;

import dev.nabla.core.kernels.Pointwise;
import java.util.Arrays;

/**
 * Ops that change the shape or arrangement of elements. {@link #reshape} of a contiguous
 * tensor shares storage; every other op here copies (tensors are always contiguous).
 */
public final class ShapeOps {

    private ShapeOps() {
    }

    /**
     * Resolves a requested shape with at most one {@code -1} for a tensor of {@code size} elements.
     */
    static Shape resolve(String op, Shape from, int[] shape) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one size may be -1, got " + Arrays.toString(shape));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": sizes must be >= 0 or -1, got " + Arrays.toString(shape));
            } else {
                known *= shape[i];
            }
        }
        int[] dims = shape.clone();
        if (infer >= 0) {
            if (known == 0 || from.size() % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer the -1 in " + Arrays.toString(shape)
                        + " for a tensor of shape " + from + " (" + from.size() + " elements)");
            }
            dims[infer] = (int) (from.size() / known);
        } else if (known != from.size()) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " holds " + known
                    + " elements but the tensor of shape " + from + " has " + from.size());
        }
        return Shape.of(dims);
    }

    /**
     * y = x with a new shape of the same element count, sharing storage; dx = g reshaped back.
     *
     * @param shape the new sizes; one may be -1 (inferred)
     * @throws IllegalArgumentException if the element count differs or -1 cannot be inferred
     */
    public static Tensor reshape(Tensor x, int... shape) {
        Shape s = resolve("reshape", x.shape(), shape);
        if (s.equals(x.shape()) && !x.requiresGrad()) {
            return x;
        }
        Tensor y = x.viewAs(s);
        return record("reshape", y, (g, n) -> grads(g.reshape(x.shape().toArray())), x);
    }

    /**
     * y = x broadcast (copied) to a larger shape by NumPy rules; a size of -1 keeps x's size
     * (as {@code torch.expand}); dx = g summed back to x's shape.
     *
     * @param shape the target sizes
     * @throws IllegalArgumentException if x does not broadcast to {@code shape}
     */
    public static Tensor expand(Tensor x, int... shape) {
        return expand("expand", x, shape);
    }

    private static Tensor expand(String op, Tensor x, int... shape) {
        int[] dims = shape.clone();
        int shift = dims.length - x.dim();
        if (shift < 0) {
            throw new IllegalArgumentException(op + ": cannot expand shape " + x.shape() + " to fewer dimensions "
                    + Arrays.toString(shape));
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (i < shift) {
                    throw new IllegalArgumentException(op + ": -1 is not allowed for a new leading dimension, got "
                            + Arrays.toString(shape) + " for shape " + x.shape());
                }
                dims[i] = x.shape().dim(i - shift);
            }
        }
        Shape s = Shape.of(op, dims);
        if (!Shape.broadcast(op, x.shape(), s).equals(s)) {
            throw new IllegalArgumentException(op + ": shape " + x.shape() + " cannot be broadcast to " + s);
        }
        if (s.equals(x.shape())) {
            return x;
        }
        Tensor y = materialize(x, s);
        return record("expand", y, (g, n) -> grads(Reductions.sumTo(g, x.shape())), x);
    }

    /** y = x broadcast to {@code shape} (see {@link #expand}). */
    public static Tensor broadcastTo(Tensor x, Shape shape) {
        return expand("broadcastTo", x, shape.toArray());
    }

    /**
     * y = x with dimensions {@code startDim..endDim} (inclusive, negative counts from the end)
     * merged into one, sharing storage; dx = g reshaped back. A scalar becomes shape [1].
     *
     * @throws IllegalArgumentException if an axis is out of range or {@code startDim > endDim}
     */
    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) {
            return reshape(x, 1);
        }
        int s = x.shape().normalizeAxis("flatten", startDim);
        int e = x.shape().normalizeAxis("flatten", endDim);
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim
                    + " for shape " + x.shape());
        }
        int[] d = x.shape().toArray();
        int[] out = new int[d.length - (e - s)];
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= d[i];
        }
        System.arraycopy(d, 0, out, 0, s);
        out[s] = merged;
        System.arraycopy(d, e + 1, out, s + 1, d.length - e - 1);
        return reshape(x, out);
    }

    /** y = x as one dimension of {@code x.size()} elements (see {@link #flatten(Tensor, int, int)}). */
    public static Tensor flatten(Tensor x) {
        return flatten(x, 0, -1);
    }

    /**
     * y = x without the size-1 dimension {@code axis}, sharing storage.
     *
     * @throws IllegalArgumentException if the axis is out of range or its size is not 1
     */
    public static Tensor squeeze(Tensor x, int axis) {
        int a = x.shape().normalizeAxis("squeeze", axis);
        if (x.shape().dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + x.shape() + " has size "
                    + x.shape().dim(a) + ", expected 1");
        }
        int[] d = x.shape().toArray();
        int[] out = new int[d.length - 1];
        System.arraycopy(d, 0, out, 0, a);
        System.arraycopy(d, a + 1, out, a, d.length - a - 1);
        return reshape(x, out);
    }

    /** y = x without any of its size-1 dimensions, sharing storage. */
    public static Tensor squeeze(Tensor x) {
        return reshape(x, Arrays.stream(x.shape().toArray()).filter(v -> v != 1).toArray());
    }

    /**
     * y = x with a new size-1 dimension at position {@code axis} of the result (in
     * {@code [-(dim+1), dim]}), sharing storage.
     *
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int rank = x.dim() + 1;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + x.shape()
                    + " (expected " + -rank + " to " + (rank - 1) + ")");
        }
        int[] d = x.shape().toArray();
        int[] out = new int[rank];
        System.arraycopy(d, 0, out, 0, a);
        out[a] = 1;
        System.arraycopy(d, a, out, a + 1, d.length - a);
        return reshape(x, out);
    }

    /**
     * y = x with its dimensions reordered: {@code y.shape[i] = x.shape[dims[i]]} (a copy);
     * dx = g permuted by the inverse permutation.
     *
     * @param dims a permutation of {@code 0..x.dim()-1}; negative entries count from the end
     * @throws IllegalArgumentException if {@code dims} is not a permutation of x's axes
     */
    public static Tensor permute(Tensor x, int... dims) {
        int rank = x.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " has " + dims.length
                    + " entries for shape " + x.shape() + ", expected " + rank);
        }
        int[] p = new int[rank];
        int[] inverse = new int[rank];
        Arrays.fill(inverse, -1);
        for (int i = 0; i < rank; i++) {
            p[i] = x.shape().normalizeAxis("permute", dims[i]);
            if (inverse[p[i]] >= 0) {
                throw new IllegalArgumentException("permute: axis " + p[i] + " repeats in " + Arrays.toString(dims)
                        + " for shape " + x.shape() + ", expected a permutation");
            }
            inverse[p[i]] = i;
        }
        int[] from = x.shape().toArray();
        int[] strides = x.shape().strides();
        int[] out = new int[rank];
        int[] outStrides = new int[rank];
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            out[i] = from[p[i]];
            outStrides[i] = strides[p[i]];
            identity &= p[i] == i;
        }
        if (identity) {
            return x;
        }
        Tensor y = Tensor.empty(Shape.of(out));
        Pointwise.gather(x.data(), 0, outStrides, y.data(), out);
        return record("permute", y, (g, n) -> grads(permute(g, inverse)), x);
    }

    /**
     * y = x with dimensions {@code dim0} and {@code dim1} swapped (a copy); dx = g swapped back.
     *
     * @throws IllegalArgumentException if an axis is out of range
     */
    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = x.shape().normalizeAxis("transpose", dim0);
        int b = x.shape().normalizeAxis("transpose", dim1);
        int[] p = new int[x.dim()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        p[a] = b;
        p[b] = a;
        return permute(x, p);
    }

    /**
     * y = x with the order of elements reversed along each of {@code axes}; dx = g flipped
     * the same way.
     *
     * @throws IllegalArgumentException if an axis is out of range or repeated
     */
    public static Tensor flip(Tensor x, int... axes) {
        boolean[] mask = new boolean[x.dim()];
        for (int axis : axes) {
            int a = x.shape().normalizeAxis("flip", axis);
            if (mask[a]) {
                throw new IllegalArgumentException("flip: axis " + axis + " repeats in " + Arrays.toString(axes)
                        + " for shape " + x.shape());
            }
            mask[a] = true;
        }
        int[] dims = x.shape().toArray();
        int[] strides = x.shape().strides();
        int offset = 0;
        for (int i = 0; i < dims.length; i++) {
            if (mask[i] && dims[i] > 0) {
                offset += (dims[i] - 1) * strides[i];
                strides[i] = -strides[i];
            }
        }
        Tensor y = Tensor.empty(x.shape());
        Pointwise.gather(x.data(), offset, strides, y.data(), dims);
        int[] axesCopy = axes.clone();
        return record("flip", y, (g, n) -> grads(flip(g, axesCopy)), x);
    }

    /**
     * y = x tiled {@code repeats[i]} times along each dimension, as {@code torch.Tensor.repeat}:
     * when {@code repeats} is longer than x's rank, x gains leading size-1 dimensions first.
     * dx = the sum of g over the tiles.
     *
     * @param repeats one count (>= 0) per dimension of the result
     * @throws IllegalArgumentException if there are fewer counts than dimensions or a count is negative
     */
    public static Tensor repeat(Tensor x, int... repeats) {
        int rank = repeats.length;
        if (rank < x.dim()) {
            throw new IllegalArgumentException("repeat: " + Arrays.toString(repeats) + " has fewer counts than "
                    + "the " + x.dim() + " dimensions of shape " + x.shape());
        }
        int[] d = new int[rank];
        int shift = rank - x.dim();
        int[] tiled = new int[2 * rank];
        int[] spread = new int[2 * rank];
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (repeats[i] < 0) {
                throw new IllegalArgumentException("repeat: counts must be >= 0, got " + Arrays.toString(repeats)
                        + " for shape " + x.shape());
            }
            d[i] = i < shift ? 1 : x.shape().dim(i - shift);
            tiled[2 * i] = repeats[i];
            tiled[2 * i + 1] = d[i];
            spread[2 * i] = 1;
            spread[2 * i + 1] = d[i];
            out[i] = repeats[i] * d[i];
        }
        // Tile i of dimension i sits on its own axis: [r0, d0, r1, d1, ...] is x expanded.
        return reshape(expand(reshape(x, spread), tiled), out);
    }

    /** A new tensor of shape {@code s} holding x broadcast to it (not recorded; x itself if equal). */
    static Tensor materialize(Tensor x, Shape s) {
        if (x.shape().equals(s)) {
            return x;
        }
        Tensor y = Tensor.empty(s);
        Pointwise.broadcastCopy(x.data(), x.shape().broadcastStrides(s), y.data(), s.toArray());
        return y;
    }
}
