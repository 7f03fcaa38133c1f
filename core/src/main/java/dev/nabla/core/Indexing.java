package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Parallel;
import java.util.Arrays;

/**
 * Ops that pick elements by integer index: row selection and its adjoint (index-add),
 * per-element gather and its adjoint (scatter-add), embedding lookup, one-hot encoding and
 * masked fill. Indices travel as {@code int[]} (never as float tensors); every index is
 * checked before any data is touched. Each op's backward is written with the adjoint op, so
 * gradients of gradients work. Accumulation into repeated indices runs in index order on
 * one thread per output slice, so results are bitwise identical for any thread count.
 */
public final class Indexing {

    /** Rows of work below which the copy stays on the calling thread. */
    private static final int GRAIN = 1 << 14;

    /** Columns per task of an index-add. */
    private static final int COLUMNS = 256;

    private Indexing() {
    }

    /**
     * y = x with only the entries {@code index} along {@code axis}, in that order (repeats
     * allowed): {@code y[.., j, ..] = x[.., index[j], ..]}; dx = indexAdd of g into zeros.
     *
     * @param index positions in {@code [0, x.shape[axis])}
     * @return a tensor of x's shape with {@code index.length} at {@code axis}
     * @throws IllegalArgumentException if the axis or an index is out of range
     */
    public static Tensor indexSelect(Tensor x, int axis, int[] index) {
        int a = x.shape().normalizeAxis("indexSelect", axis);
        checkIndices("indexSelect", index, x.shape(), a);
        return select("indexSelect", x, a, index);
    }

    private static Tensor select(String op, Tensor x, int a, int[] index) {
        int[] dims = x.shape().toArray();
        int outer = prefix(dims, a);
        int inner = suffix(dims, a);
        int size = dims[a];
        dims[a] = index.length;
        Tensor y = Tensor.empty(Shape.of(dims));
        float[] src = x.data();
        float[] dst = y.data();
        int rows = outer * index.length;
        Parallel.forChunks(rows, Math.max(1, GRAIN / Math.max(1, inner)), (c, from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r / index.length;
                int j = r % index.length;
                System.arraycopy(src, (o * size + index[j]) * inner, dst, r * inner, inner);
            }
        });
        Shape shape = x.shape();
        int[] idx = index.clone();
        return record(op, y, (g, n) -> grads(add(op + "Backward", shape, null, a, idx, g)), x);
    }

    /**
     * y = x with the slices of {@code src} added at {@code index} along {@code axis}:
     * {@code y[.., index[j], ..] += src[.., j, ..]}, repeated indices accumulating in order;
     * dx = g, dsrc = indexSelect(g, axis, index).
     *
     * @param src shaped as x except {@code index.length} at {@code axis}
     * @throws IllegalArgumentException if the shapes disagree or an index is out of range
     */
    public static Tensor indexAdd(Tensor x, int axis, int[] index, Tensor src) {
        int a = x.shape().normalizeAxis("indexAdd", axis);
        int[] expected = x.shape().toArray();
        expected[a] = index.length;
        if (!src.shape().equals(Shape.of(expected))) {
            throw new IllegalArgumentException("indexAdd: src has shape " + src.shape() + ", expected "
                    + Arrays.toString(expected) + " for x of shape " + x.shape() + " and " + index.length
                    + " indices along axis " + axis);
        }
        checkIndices("indexAdd", index, x.shape(), a);
        return add("indexAdd", x.shape(), x, a, index, src);
    }

    /** index-add into a copy of x, or (x null) into fresh zeros of {@code shape}: no copy of zeros. */
    private static Tensor add(String op, Shape shape, Tensor x, int a, int[] index, Tensor src) {
        int[] dims = shape.toArray();
        int outer = prefix(dims, a);
        int inner = suffix(dims, a);
        int size = dims[a];
        Tensor y = x == null ? Tensor.zeros(dims) : copy(x);
        float[] s = src.data();
        float[] d = y.data();
        // One task per (outer slice, block of columns): within a task the indices are added
        // in order, so repeated indices accumulate the same way on any number of threads.
        int blocks = (inner + COLUMNS - 1) / COLUMNS;
        int grain = Math.max(1, GRAIN / Math.max(1, Math.min(inner, COLUMNS) * index.length));
        Parallel.forChunks(outer * blocks, grain, (c, from, to) -> {
            for (int task = from; task < to; task++) {
                int o = task / blocks;
                int lo = (task % blocks) * COLUMNS;
                int hi = Math.min(inner, lo + COLUMNS);
                for (int j = 0; j < index.length; j++) {
                    int so = (o * index.length + j) * inner;
                    int dOff = (o * size + index[j]) * inner;
                    for (int i = lo; i < hi; i++) {
                        d[dOff + i] += s[so + i];
                    }
                }
            }
        });
        int[] idx = index.clone();
        if (x == null) {
            return record(op, y, (g, n) -> grads(select("indexSelect", g, a, idx)), src);
        }
        return record(op, y, (g, n) -> grads(n[0] ? g : null, n[1] ? select("indexSelect", g, a, idx) : null),
                x, src);
    }

    /**
     * Per-element pick along an axis, as {@code torch.gather}: for every position {@code p} of
     * the index shape, {@code y[p] = x[p with p[axis] replaced by index[p]]}; dx = scatterAdd
     * of g into zeros.
     *
     * @param index row-major indices of shape {@code indexShape}, each in {@code [0, x.shape[axis])}
     * @param indexShape the shape of the index and the result: x's rank, every size at most x's
     *     (except along {@code axis}, which may be any size)
     * @throws IllegalArgumentException if the shapes disagree or an index is out of range
     */
    public static Tensor gather(Tensor x, int axis, int[] index, int... indexShape) {
        int a = x.shape().normalizeAxis("gather", axis);
        Shape shape = checkPerElement("gather", x.shape(), a, index, indexShape);
        Tensor y = Tensor.empty(shape);
        float[] src = x.data();
        float[] dst = y.data();
        walk(shape, x.shape(), a, index, (out, in) -> dst[out] = src[in]);
        Shape full = x.shape();
        int[] idx = index.clone();
        return record("gather", y,
                (g, n) -> grads(scatter("gatherBackward", full, null, a, idx, g)), x);
    }

    /**
     * The adjoint of {@link #gather}: y = x with {@code src[p]} added at {@code p with p[axis]
     * replaced by index[p]}, as {@code torch.scatter_add}; repeated targets accumulate in
     * row-major order of {@code src}. dx = g, dsrc = gather(g, axis, index).
     *
     * @param index row-major indices, shaped as {@code src}, each in {@code [0, x.shape[axis])}
     * @param src the values to add: x's rank, every size at most x's except along {@code axis}
     * @throws IllegalArgumentException if the shapes disagree or an index is out of range
     */
    public static Tensor scatterAdd(Tensor x, int axis, int[] index, Tensor src) {
        int a = x.shape().normalizeAxis("scatterAdd", axis);
        checkPerElement("scatterAdd", x.shape(), a, index, src.shape().toArray());
        return scatter("scatterAdd", x.shape(), x, a, index, src);
    }

    /** scatter-add into a copy of x, or (x null) into fresh zeros of {@code shape}: no copy of zeros. */
    private static Tensor scatter(String op, Shape shape, Tensor x, int a, int[] index, Tensor src) {
        Tensor y = x == null ? Tensor.zeros(shape.toArray()) : copy(x);
        float[] s = src.data();
        float[] d = y.data();
        walk(src.shape(), shape, a, index, (in, out) -> d[out] += s[in]);
        int[] idx = index.clone();
        int[] srcShape = src.shape().toArray();
        if (x == null) {
            return record(op, y, (g, n) -> grads(gather(g, a, idx, srcShape)), src);
        }
        return record(op, y, (g, n) -> grads(n[0] ? g : null, n[1] ? gather(g, a, idx, srcShape) : null), x, src);
    }

    /** Visits (position in the index shape, matching position in x) pairs, in row-major order. */
    private interface Visit {
        void at(int indexPosition, int xPosition);
    }

    private static void walk(Shape indexShape, Shape xShape, int a, int[] index, Visit visit) {
        int rank = indexShape.rank();
        int[] dims = indexShape.toArray();
        int[] strides = xShape.strides();
        int[] p = new int[rank];
        int base = 0; // offset in x of p with p[a] = 0
        if (a == rank - 1) {
            // Along the last axis (stride 1), a whole row of the index shape shares one base:
            // visit the row in one plain loop, then step the outer dimensions.
            int cols = dims[a];
            for (int k = 0; k < index.length; k += cols) {
                for (int j = 0; j < cols; j++) {
                    visit.at(k + j, base + index[k + j]);
                }
                for (int d = rank - 2; d >= 0; d--) {
                    if (++p[d] < dims[d]) {
                        base += strides[d];
                        break;
                    }
                    base -= (dims[d] - 1) * strides[d];
                    p[d] = 0;
                }
            }
            return;
        }
        for (int k = 0; k < index.length; k++) {
            visit.at(k, base + index[k] * strides[a]);
            for (int d = rank - 1; d >= 0; d--) {
                if (++p[d] < dims[d]) {
                    if (d != a) {
                        base += strides[d];
                    }
                    break;
                }
                if (d != a) {
                    base -= (dims[d] - 1) * strides[d];
                }
                p[d] = 0;
            }
        }
    }

    /**
     * Looks up rows of an embedding table: {@code y[p, :] = weight[ids[p], :]}; the gradient
     * is scatter-added into the rows that were used (repeats accumulate).
     *
     * @param weight the table, shape {@code [numEmbeddings, embeddingDim]}
     * @param ids row-major ids of shape {@code idsShape}, each in {@code [0, numEmbeddings)}
     * @param idsShape the shape of the ids (e.g. {@code [batch, tokens]}); empty for a flat list
     * @return a tensor of shape {@code idsShape + [embeddingDim]}
     * @throws IllegalArgumentException if weight is not 2-D, the ids do not fill idsShape or an id is out of range
     */
    public static Tensor embedding(Tensor weight, int[] ids, int... idsShape) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: weight has shape " + weight.shape()
                    + ", expected [numEmbeddings, embeddingDim]");
        }
        int[] shape = idsShape.length == 0 ? new int[] {ids.length} : idsShape;
        if (Shape.of("embedding", shape).size() != ids.length) {
            throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fill the shape "
                    + Arrays.toString(shape) + " for weight of shape " + weight.shape());
        }
        checkIndices("embedding", ids, weight.shape(), 0);
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = weight.shape().dim(1);
        return select("embedding", weight, 0, ids).reshape(out);
    }

    /**
     * One-hot rows: {@code y[i, c] = 1} if {@code ids[i] == c}, else 0. Carries no gradient.
     *
     * @param ids class ids, each in {@code [0, classes)}
     * @param classes the number of classes, at least 1
     * @return a tensor of shape {@code [ids.length, classes]}
     * @throws IllegalArgumentException if {@code classes < 1} or an id is out of range
     */
    public static Tensor oneHot(int[] ids, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("oneHot: " + classes + " classes, expected >= 1");
        }
        checkIndices("oneHot", ids, Shape.of(classes), 0);
        Tensor y = Tensor.zeros(ids.length, classes);
        float[] d = y.data();
        for (int i = 0; i < ids.length; i++) {
            d[i * classes + ids[i]] = 1f;
        }
        return y;
    }

    /**
     * y = value where the mask is non-zero, x elsewhere; the mask broadcasts to x's shape and
     * carries no gradient; dx = g where the mask is zero, 0 elsewhere.
     *
     * @throws IllegalArgumentException if the mask does not broadcast to x's shape
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        Shape s = Shape.broadcast("maskedFill", mask.shape(), x.shape());
        if (!s.equals(x.shape())) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + mask.shape()
                    + " does not broadcast to x's shape " + x.shape());
        }
        Tensor m = ShapeOps.materialize(mask, s);
        Tensor y = copy(x);
        float[] md = m.data();
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            if (md[i] != 0) {
                yd[i] = value;
            }
        }
        Tensor zero = Tensor.scalar(0f);
        return record("maskedFill", y, saved(mask), (g, n) -> grads(Arithmetic.where(mask, zero, g)), x);
    }

    private static void checkIndices(String op, int[] index, Shape shape, int a) {
        int size = shape.dim(a);
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0 || index[k] >= size) {
                throw new IllegalArgumentException(op + ": index " + index[k] + " at position " + k
                        + " is out of range for axis " + a + " of shape " + shape + " (expected 0 to " + (size - 1) + ")");
            }
        }
    }

    private static Shape checkPerElement(String op, Shape x, int a, int[] index, int[] indexShape) {
        if (indexShape.length != x.rank()) {
            throw new IllegalArgumentException(op + ": index shape " + Arrays.toString(indexShape) + " has rank "
                    + indexShape.length + ", expected the rank " + x.rank() + " of shape " + x);
        }
        Shape s = Shape.of(op, indexShape);
        if (s.size() != index.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices do not fill the index shape "
                    + s + " (for x of shape " + x + ")");
        }
        for (int d = 0; d < indexShape.length; d++) {
            if (d != a && indexShape[d] > x.dim(d)) {
                throw new IllegalArgumentException(op + ": index shape " + s + " exceeds x's shape " + x
                        + " in dimension " + d + "; expected at most " + x.dim(d) + " outside axis " + a);
            }
        }
        checkIndices(op, index, x, a);
        return s;
    }

    /** A new tensor holding x's values, not recorded. */
    private static Tensor copy(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        System.arraycopy(x.data(), 0, y.data(), 0, y.data().length);
        return y;
    }

    private static int prefix(int[] dims, int a) {
        int n = 1;
        for (int i = 0; i < a; i++) {
            n *= dims[i];
        }
        return n;
    }

    private static int suffix(int[] dims, int a) {
        int n = 1;
        for (int i = a + 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }
}
