package dev.nabla.core;

import dev.nabla.core.kernels.Elementwise;
import dev.nabla.core.kernels.Pointwise;
import java.util.Arrays;

/**
 * A dense fp32 tensor: contiguous, row-major storage in a {@code float[]} with an immutable
 * {@link Shape}, and the autograd state that makes it differentiable.
 *
 * <p>Tensors are immutable to ops: every op returns a new tensor (a {@link #reshape} of a
 * tensor shares its storage). Only the methods ending in {@code InPlace} and
 * {@link #copyFrom} modify a tensor; they exist for optimizers and buffers, bump the tensor's
 * version counter, and are not recorded by autograd.
 *
 * <p>A tensor made by a factory is a <em>leaf</em>. Mark leaves with
 * {@link #requiresGrad(boolean)} to have {@link #backward()} accumulate their gradients in
 * {@link #grad()}. A tensor computed from tensors that require gradients records the op that
 * made it (see {@link Autograd}).
 *
 * <p>The ops themselves live in their families ({@link MathOps}, {@link Activations},
 * {@link Arithmetic}, {@link Reductions}, {@link Softmax}, {@link LinearAlgebra},
 * {@link ShapeOps}, {@link Joining}, {@link Indexing}); the instance methods here are
 * one-line delegates to them.
 *
 * <p>Views. As in PyTorch, {@code reshape}/{@code view}, {@code flatten}, {@code squeeze} and
 * {@code unsqueeze} share storage with their input, and an op asked for no change (an
 * identity permutation, a full-range slice, an expand to the same shape) may return its input
 * itself; clone before modifying such a result in place if the input must stay as it is.
 */
public final class Tensor extends TensorOps {

    private final float[] data;
    private final Shape shape;
    /**
     * Shared by tensors that share storage (reshape views): the version counter, then the
     * first-order backward walk that allocated the storage, or 0 ({@link Engine#currentWalk()}).
     */
    private final long[] version;
    private boolean requiresGrad;
    private Node node;
    private Tensor grad;

    Tensor(float[] data, Shape shape) {
        this(data, shape, new long[] {0, Engine.currentWalk()});
    }

    private Tensor(float[] data, Shape shape, long[] version) {
        this.data = data;
        this.shape = shape;
        this.version = version;
    }

    @Override
    Tensor self() {
        return this;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A tensor holding a copy of {@code data} with the given shape.
     *
     * @param data the values in row-major order; copied
     * @param shape the shape; with no sizes, a 1-D tensor of {@code data.length} elements
     * @return the tensor
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor of(float[] data, int... shape) {
        Shape s = shape.length == 0 ? Shape.of(data.length) : Shape.of("of", shape);
        if (s.size() != data.length) {
            throw new IllegalArgumentException("of: " + data.length + " values do not fill shape " + s
                    + " (expected " + s.size() + ")");
        }
        return new Tensor(data.clone(), s);
    }

    /**
     * @param value the value
     * @return a rank-0 tensor holding {@code value}
     */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, Shape.scalar());
    }

    /**
     * @param shape the shape
     * @return a tensor of zeros
     */
    public static Tensor zeros(int... shape) {
        return filled("zeros", 0f, shape);
    }

    private static Tensor filled(String op, float value, int... shape) {
        Shape s = Shape.of(op, shape);
        float[] d = new float[s.size()];
        if (value != 0f) {
            Arrays.fill(d, value);
        }
        return new Tensor(d, s);
    }

    /**
     * @param shape the shape
     * @return a tensor of ones
     */
    public static Tensor ones(int... shape) {
        return filled("ones", 1f, shape);
    }

    /**
     * @param value the fill value
     * @param shape the shape
     * @return a tensor with every element equal to {@code value}
     */
    public static Tensor full(float value, int... shape) {
        return filled("full", value, shape);
    }

    /**
     * @param n the length, at least 0
     * @return the 1-D tensor {@code [0, 1, ..., n-1]}
     */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /**
     * Evenly spaced values {@code start, start + step, ...} below {@code end} (above, for a
     * negative step), as {@code torch.arange}.
     *
     * @param start the first value
     * @param end the bound, excluded
     * @param step the spacing, not 0
     * @return a 1-D tensor of {@code ceil((end - start) / step)} elements (0 if negative)
     * @throws IllegalArgumentException if {@code step} is 0, a value is not finite or there
     *     would be more than 2^31-1 values
     */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException("arange: expected finite start, end and a non-zero step, got start="
                    + start + ", end=" + end + ", step=" + step);
        }
        double count = Math.max(0, Math.ceil(((double) end - start) / step));
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: start=" + start + ", end=" + end + ", step=" + step
                    + " gives " + (long) count + " values; expected at most 2^31-1");
        }
        int n = (int) count;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (start + (double) i * step);
        }
        return new Tensor(d, Shape.of(n));
    }

    /**
     * {@code steps} evenly spaced values from {@code start} to {@code end}, both included.
     *
     * @param start the first value
     * @param end the last value
     * @param steps the number of values, at least 0
     * @return a 1-D tensor
     * @throws IllegalArgumentException if {@code steps < 0}
     */
    public static Tensor linspace(float start, float end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: expected steps >= 0, got " + steps);
        }
        float[] d = new float[steps];
        for (int i = 0; i < steps; i++) {
            d[i] = steps == 1 ? start : (float) (start + ((double) end - start) * i / (steps - 1));
        }
        return new Tensor(d, Shape.of(steps));
    }

    /**
     * @param n the size
     * @return the {@code (n, n)} identity matrix
     */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    /**
     * @param rows the number of rows
     * @param cols the number of columns
     * @return a {@code (rows, cols)} matrix with ones on the main diagonal
     */
    public static Tensor eye(int rows, int cols) {
        Tensor t = filled("eye", 0f, rows, cols);
        for (int i = 0; i < Math.min(rows, cols); i++) {
            t.data[i * cols + i] = 1f;
        }
        return t;
    }

    /**
     * @param rng the generator
     * @param shape the shape
     * @return a tensor of independent samples, uniform in {@code [0, 1)}
     */
    public static Tensor rand(Rng rng, int... shape) {
        Tensor t = filled("rand", 0f, shape);
        rng.fillUniform(t.data, 0, t.data.length, 0f, 1f);
        return t;
    }

    /**
     * @param rng the generator
     * @param shape the shape
     * @return a tensor of independent standard normal samples
     */
    public static Tensor randn(Rng rng, int... shape) {
        Tensor t = filled("randn", 0f, shape);
        rng.fillNormal(t.data, 0, t.data.length, 0f, 1f);
        return t;
    }

    /**
     * @param like the tensor whose shape to use
     * @return zeros of the shape of {@code like}
     */
    public static Tensor zerosLike(Tensor like) {
        return zeros(like.shape.toArray());
    }

    /**
     * @param like the tensor whose shape to use
     * @return ones of the shape of {@code like}
     */
    public static Tensor onesLike(Tensor like) {
        return ones(like.shape.toArray());
    }

    /**
     * @param value the fill value
     * @param like the tensor whose shape to use
     * @return {@code value} everywhere, in the shape of {@code like}
     */
    public static Tensor fullLike(float value, Tensor like) {
        return full(value, like.shape.toArray());
    }

    /**
     * @param rng the generator
     * @param like the tensor whose shape to use
     * @return uniform samples in {@code [0, 1)} in the shape of {@code like}
     */
    public static Tensor randLike(Rng rng, Tensor like) {
        return rand(rng, like.shape.toArray());
    }

    /**
     * @param rng the generator
     * @param like the tensor whose shape to use
     * @return standard normal samples in the shape of {@code like}
     */
    public static Tensor randnLike(Rng rng, Tensor like) {
        return randn(rng, like.shape.toArray());
    }

    /** A new tensor of the given shape with unspecified (zero) contents, for ops to fill. */
    static Tensor empty(Shape shape) {
        return new Tensor(new float[shape.size()], shape);
    }

    // ---------------------------------------------------------------- accessors

    /** @return the shape */
    public Shape shape() {
        return shape;
    }

    /** @return the number of dimensions (0 for a scalar) */
    public int dim() {
        return shape.rank();
    }

    /** @return the number of elements */
    public int size() {
        return shape.size();
    }

    /**
     * @param axis a dimension, negative counts from the end
     * @return its size
     */
    public int size(int axis) {
        return shape.dim(axis);
    }

    /**
     * @return the value of a one-element tensor
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException("item: expected a tensor with one element, got shape " + shape);
        }
        return data[0];
    }

    /**
     * @param index one index per dimension, each in range (negative counts from the end)
     * @return the element at that index
     * @throws IllegalArgumentException if the index has the wrong length or is out of range
     */
    public float get(int... index) {
        if (index.length != dim()) {
            throw new IllegalArgumentException("get: expected " + dim() + " indices for shape " + shape
                    + ", got " + Arrays.toString(index));
        }
        int off = 0;
        int[] strides = shape.strides();
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            int k = index[i] < 0 ? index[i] + d : index[i];
            if (k < 0 || k >= d) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " is out of range for shape "
                        + shape);
            }
            off += k * strides[i];
        }
        return data[off];
    }

    /** @return a copy of the values in row-major order */
    public float[] toArray() {
        return Arrays.copyOf(data, size());
    }

    /** The storage itself (not a copy); for ops and kernels in this package. */
    float[] data() {
        return data;
    }

    int version() {
        return (int) version[0];
    }

    /** @return the first-order backward walk that allocated this tensor's storage, or 0 */
    long walk() {
        return version[1];
    }

    Node node() {
        return node;
    }

    /** A tensor sharing this one's storage and version counter with another shape (no graph). */
    Tensor viewAs(Shape newShape) {
        return new Tensor(data, newShape, version);
    }

    // ---------------------------------------------------------------- autograd

    /** @return whether gradients flow to or through this tensor */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf as needing gradients (or not).
     *
     * @param requires whether {@link #backward()} should fill {@link #grad()}
     * @return this tensor
     * @throws IllegalStateException for a tensor computed by a recorded op (use {@link #detach()})
     */
    public Tensor requiresGrad(boolean requires) {
        if (node != null) {
            throw new IllegalStateException("requiresGrad: this tensor was computed by '" + node.op
                    + "'; only leaves can be marked; use detach() to make a leaf");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** @return whether this tensor is a leaf (made by a factory or detach, not by a recorded op) */
    public boolean isLeaf() {
        return node == null;
    }

    /** @return the accumulated gradient of a leaf, or {@code null} if none yet */
    public Tensor grad() {
        return grad;
    }

    /** Drops the accumulated gradient (the next backward starts from zero). */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Backpropagates from this single-element tensor, accumulating into the {@code grad()} of
     * every leaf that requires gradients, and frees the graph.
     *
     * @throws IllegalArgumentException if this tensor has more than one element or does not
     *     require gradients
     */
    public void backward() {
        backward(null, false, false);
    }

    /**
     * Backpropagates the gradient {@code gradOutput} of this tensor and frees the graph.
     *
     * @param gradOutput the gradient of the loss with respect to this tensor, of its shape
     */
    public void backward(Tensor gradOutput) {
        backward(gradOutput, false, false);
    }

    /**
     * Backpropagates, accumulating into leaf gradients.
     *
     * @param gradOutput the gradient with respect to this tensor, of its shape; {@code null}
     *     means 1 for a single-element tensor
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the backward pass, so the leaf gradients can be differentiated
     */
    public void backward(Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Engine.run("backward", new Tensor[] {this}, new Tensor[] {gradOutput}, null, createGraph,
                retainGraph || createGraph);
    }

    /** @return a leaf sharing this tensor's storage that does not require gradients */
    public Tensor detach() {
        return new Tensor(data, shape, version);
    }

    void attach(Node n) {
        this.node = n;
        this.requiresGrad = true;
    }

    /** Sets this leaf's gradient (the engine's last step). */
    void setGrad(Tensor g) {
        grad = g;
    }

    // ---------------------------------------------------------------- in place

    private void checkInPlace(String op, Tensor src) {
        if (requiresGrad && Autograd.isEnabled()) {
            throw new IllegalStateException(op + ": this tensor (shape " + shape + ") requires grad"
                    + (node == null ? " and is a leaf" : " and was computed by '" + node.op + "'")
                    + "; in-place changes are not recorded: run it inside Autograd.noGrad()");
        }
        if (src != null && !Shape.broadcast(op, src.shape, shape).equals(shape)) {
            throw new IllegalArgumentException(op + ": a tensor of shape " + src.shape
                    + " cannot be broadcast to this tensor's shape " + shape);
        }
    }

    private Tensor combineInPlace(String op, Tensor src, Pointwise.Binary f) {
        checkInPlace(op, src);
        Pointwise.zip(f, data, shape.strides(), src.data, src.shape.broadcastStrides(shape), data, shape.toArray());
        version[0]++;
        return this;
    }

    /** {@code this = this operator src} with the operator's dedicated kernel (see the overload). */
    private Tensor combineInPlace(String op, Tensor src, Elementwise.Operator operator) {
        checkInPlace(op, src);
        Pointwise.zip(operator, data, shape.strides(), src.data, src.shape.broadcastStrides(shape), data,
                shape.toArray());
        version[0]++;
        return this;
    }

    /**
     * {@code this += src} (broadcast), not recorded.
     *
     * @param src values to add; broadcastable to this shape
     * @return this tensor
     * @throws IllegalStateException if this tensor requires grad and recording is on
     */
    public Tensor addInPlace(Tensor src) {
        return combineInPlace("addInPlace", src, Elementwise.Operator.ADD);
    }

    /**
     * {@code this += alpha * src} (broadcast), not recorded.
     *
     * @param src values to add; broadcastable to this shape
     * @param alpha the scale of {@code src}
     * @return this tensor
     */
    public Tensor addInPlace(Tensor src, float alpha) {
        return combineInPlace("addInPlace", src, (a, b) -> a + alpha * b);
    }

    /**
     * {@code this -= src} (broadcast), not recorded.
     *
     * @param src values to subtract; broadcastable to this shape
     * @return this tensor
     */
    public Tensor subInPlace(Tensor src) {
        return combineInPlace("subInPlace", src, Elementwise.Operator.SUB);
    }

    /**
     * {@code this *= src} (broadcast), not recorded.
     *
     * @param src factors; broadcastable to this shape
     * @return this tensor
     */
    public Tensor mulInPlace(Tensor src) {
        return combineInPlace("mulInPlace", src, Elementwise.Operator.MUL);
    }

    /**
     * {@code this *= factor}, not recorded.
     *
     * @param factor the factor
     * @return this tensor
     */
    public Tensor mulInPlace(float factor) {
        checkInPlace("mulInPlace", null);
        Pointwise.zip(Elementwise.Operator.MUL, data, shape.strides(), new float[] {factor}, new int[shape.rank()], data,
                shape.toArray());
        version[0]++;
        return this;
    }

    /**
     * Sets every element to {@code value}, not recorded.
     *
     * @param value the value
     * @return this tensor
     */
    public Tensor fillInPlace(float value) {
        checkInPlace("fillInPlace", null);
        Arrays.fill(data, 0, size(), value);
        version[0]++;
        return this;
    }

    /**
     * Copies {@code src} (broadcast) into this tensor, not recorded.
     *
     * @param src the values; broadcastable to this shape
     * @return this tensor
     */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom", src);
        Pointwise.broadcastCopy(src.data, src.shape.broadcastStrides(shape), data, shape.toArray());
        version[0]++;
        return this;
    }

    /**
     * A kernel that updates a tensor's values in place from another tensor's, for code outside
     * the library that needs a fused loop (an optimizer's update of a parameter from its
     * gradient, say). The arrays are lent for the duration of the call only: the kernel must
     * not keep them, and must not write to {@code read}.
     */
    @FunctionalInterface
    public interface InPlaceKernel {
        /**
         * @param target this tensor's values, row-major, to update
         * @param read the other tensor's values, row-major, of the same length; read only
         */
        void apply(float[] target, float[] read);
    }

    /**
     * Runs {@code kernel} over this tensor's storage and {@code read}'s, in place and not
     * recorded, with the same checks as the other in-place methods; the version counter is
     * bumped, so a pending backward that saved this tensor fails with a clear error.
     *
     * @param op the caller's name for error messages (e.g. {@code "Adam.step"})
     * @param read a tensor of exactly this tensor's shape, read only
     * @param kernel the update
     * @return this tensor
     * @throws IllegalStateException if this tensor requires grad and recording is on
     * @throws IllegalArgumentException if {@code read}'s shape differs from this tensor's
     */
    public Tensor updateInPlace(String op, Tensor read, InPlaceKernel kernel) {
        checkInPlace(op, null);
        if (!read.shape.equals(shape)) {
            throw new IllegalArgumentException(op + ": the tensor read has shape " + read.shape
                    + ", expected this tensor's shape " + shape);
        }
        version[0]++; // first: a kernel that fails midway may have written
        kernel.apply(data, read.data);
        return this;
    }

    // ---------------------------------------------------------------- printing

    /** @return the values (abbreviated beyond 1000 elements, as PyTorch does) and the shape */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

}
