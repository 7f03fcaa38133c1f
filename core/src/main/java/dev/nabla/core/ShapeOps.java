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
        int[] dims = shape.clone();
        int shift = dims.length - x.dim();
        if (shift < 0) {
            throw new IllegalArgumentException("expand: cannot expand shape " + x.shape() + " to fewer dimensions "
                    + Arrays.toString(shape));
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (i < shift) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension, got "
                            + Arrays.toString(shape) + " for shape " + x.shape());
                }
                dims[i] = x.shape().dim(i - shift);
            }
        }
        Shape s = Shape.of(dims);
        if (!Shape.broadcast("expand", x.shape(), s).equals(s)) {
            throw new IllegalArgumentException("expand: shape " + x.shape() + " cannot be broadcast to " + s);
        }
        if (s.equals(x.shape())) {
            return x;
        }
        Tensor y = materialize(x, s);
        return record("expand", y, (g, n) -> grads(Reductions.sumTo(g, x.shape())), x);
    }

    /** y = x broadcast to {@code shape} (see {@link #expand}). */
    public static Tensor broadcastTo(Tensor x, Shape shape) {
        return expand(x, shape.toArray());
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
