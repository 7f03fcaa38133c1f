package dev.nabla.core;

import java.util.Arrays;

/**
 * An immutable tensor shape: the sizes of a tensor's dimensions, outermost first.
 *
 * <p>A shape of rank 0 is a scalar (one element). Sizes are non-negative; a size of 0 makes
 * an empty tensor. Tensors are contiguous and row-major, so the last dimension varies fastest
 * and {@link #strides()} follow from the sizes alone.
 */
public final class Shape {

    private static final Shape SCALAR = new Shape(new int[0], 1);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims, int size) {
        this.dims = dims;
        this.size = size;
    }

    /**
     * Makes a shape from dimension sizes.
     *
     * @param dims the sizes, outermost first; copied
     * @return the shape
     * @throws IllegalArgumentException if a size is negative or the element count exceeds
     *     {@code Integer.MAX_VALUE}
     */
    public static Shape of(int... dims) {
        return of("shape", dims);
    }

    /**
     * Makes a shape from dimension sizes, naming the op that asked for it in errors.
     *
     * @param op the op name for the error message
     * @param dims the sizes, outermost first; copied
     * @return the shape
     * @throws IllegalArgumentException if a size is negative or the element count exceeds
     *     {@code Integer.MAX_VALUE}
     */
    public static Shape of(String op, int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": sizes must be >= 0, got " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": more than 2^31-1 elements in " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone(), (int) n);
    }

    /** @return the shape of a scalar (rank 0) */
    public static Shape scalar() {
        return SCALAR;
    }

    /** @return the number of dimensions (0 for a scalar) */
    public int rank() {
        return dims.length;
    }

    /** @return the number of elements, the product of the sizes (1 for a scalar) */
    public int size() {
        return size;
    }

    /**
     * Size of one dimension.
     *
     * @param axis the dimension, negative counts from the end ({@code -1} is the last)
     * @return its size
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int dim(int axis) {
        return dims[normalizeAxis("shape", axis)];
    }

    /** @return a copy of the sizes */
    public int[] toArray() {
        return dims.clone();
    }

    /** @return the row-major strides in elements: {@code stride[i] = product of sizes after i} */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * Turns a possibly negative axis into {@code [0, rank)}.
     *
     * @param op the op name for the error message
     * @param axis the axis, negative counts from the end
     * @return the axis in {@code [0, rank)}
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int normalizeAxis(String op, int axis) {
        int rank = dims.length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
                    + ", shape " + this + " (expected " + (rank == 0 ? "no axis" : -rank + " to " + (rank - 1)) + ")");
        }
        return a;
    }

    /**
     * Turns a possibly negative axis into {@code [0, rank)} for a given rank.
     *
     * @param op the op name for the error message
     * @param axis the axis, negative counts from the end
     * @param rank the number of dimensions
     * @return the axis in {@code [0, rank)}
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static int normalizeAxis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
                    + rank + " (expected " + (rank == 0 ? "no axis" : "-" + rank + " to " + (rank - 1)) + ")");
        }
        return a;
    }

    /**
     * The shape two shapes broadcast to, by NumPy's rules: align from the last dimension;
     * sizes must be equal or one of them 1.
     *
     * @param op the op name for the error message
     * @param a the first shape
     * @param b the second shape
     * @return the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (dimension " + i + " of the result: " + da + " vs " + db
                        + "; sizes must be equal or 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return of(out);
    }

    /**
     * Strides with which a tensor of this shape is read when broadcast to {@code target}:
     * the row-major strides aligned to the target's trailing dimensions, 0 where this shape
     * has size 1 (or is missing) and the target does not.
     *
     * @param target a shape this one broadcasts to
     * @return strides of length {@code target.rank()}
     */
    public int[] broadcastStrides(Shape target) {
        int[] own = strides();
        int[] s = new int[target.rank()];
        int shift = target.rank() - dims.length;
        for (int i = shift; i < target.rank(); i++) {
            s[i] = dims[i - shift] == 1 && target.dims[i] != 1 ? 0 : own[i - shift];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the sizes in brackets, e.g. {@code [2, 3]}; {@code []} for a scalar */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
