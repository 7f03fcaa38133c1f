package dev.nabla.core.kernels;

/**
 * Elementwise kernels: a function applied to every element, or to pairs of elements of two
 * arrays read with NumPy broadcasting. Parallel above a size threshold, in fixed chunks, so
 * results never depend on the thread count.
 */
public final class Pointwise {

    /** A float function of one float. */
    @FunctionalInterface
    public interface Unary {
        /**
         * @param x the input element
         * @return the output element
         */
        float apply(float x);
    }

    /** A float function of two floats. */
    @FunctionalInterface
    public interface Binary {
        /**
         * @param a the element of the first operand
         * @param b the element of the second operand
         * @return the output element
         */
        float apply(float a, float b);
    }

    /** Elements per parallel chunk; below one chunk the work stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    private Pointwise() {
    }

    /**
     * {@code y[i] = f(x[i])} for {@code i < n}. {@code y} may be {@code x}.
     *
     * @param f the function
     * @param x input, read
     * @param y output, written
     * @param n element count
     */
    public static void map(Unary f, float[] x, float[] y, int n) {
        Parallel.forChunks(n, GRAIN, (c, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = f.apply(x[i]);
            }
        });
    }

    /**
     * {@code out[idx] = f(a[idx . aStrides], b[idx . bStrides])} for every multi-index
     * {@code idx} of {@code dims}: a broadcasting binary op. Strides are in elements, one per
     * output dimension, 0 along a broadcast dimension.
     *
     * @param f the function
     * @param a first operand, read
     * @param aStrides its strides, length {@code dims.length}
     * @param b second operand, read
     * @param bStrides its strides, length {@code dims.length}
     * @param out output, contiguous row-major of shape {@code dims}, written
     * @param dims the output shape
     */
    public static void zip(Binary f, float[] a, int[] aStrides, float[] b, int[] bStrides, float[] out, int[] dims) {
        forRows(dims, 0, aStrides, 0, bStrides, (ao, as, bo, bs, oo, len) -> {
            if (as == 1 && bs == 1) {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = f.apply(a[ao + i], b[bo + i]);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = f.apply(a[ao + i * as], b[bo + i * bs]);
                }
            }
        });
    }

    /**
     * {@code out[idx] = op(a[idx . aStrides], b[idx . bStrides])}: the same iteration as
     * {@link #zip(Binary, float[], int[], float[], int[], float[], int[])} for the four
     * arithmetic operators, each with its own loops (a loop calling a function object runs
     * several times slower than one the compiler can see through and vectorise).
     *
     * @param op the operator
     * @param a first operand, read
     * @param aStrides its strides, length {@code dims.length}
     * @param b second operand, read
     * @param bStrides its strides, length {@code dims.length}
     * @param out output, contiguous row-major of shape {@code dims}, written
     * @param dims the output shape
     */
    public static void zip(Elementwise.Operator op, float[] a, int[] aStrides, float[] b, int[] bStrides,
                           float[] out, int[] dims) {
        SimdKernels k = Simd.kernels();
        forRows(dims, 0, aStrides, 0, bStrides,
                (ao, as, bo, bs, oo, len) -> k.zip(op, a, ao, as, b, bo, bs, out, oo, len));
    }

    /** One output row: operands start at {@code ao}, {@code bo} with strides {@code as}, {@code bs}. */
    @FunctionalInterface
    private interface Row {
        void run(int ao, int as, int bo, int bs, int oo, int len);
    }

    /**
     * Walks the output of shape {@code dims} row by row (the last dimension after merging
     * dimensions both operands read contiguously), in parallel chunks of rows.
     */
    private static void forRows(int[] dims, int aBase, int[] aStrides, int bBase, int[] bStrides, Row row) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n == 0) {
            return;
        }
        Layout l = Layout.collapse(dims, aStrides, bStrides);
        int inner = l.dims[l.dims.length - 1];
        int as = l.aStrides[l.dims.length - 1];
        int bs = l.bStrides[l.dims.length - 1];
        int rows = n / inner;
        if (inner <= GRAIN) {
            Parallel.forChunks(rows, Math.max(1, GRAIN / inner), (c, from, to) -> {
                for (int r = from; r < to; r++) {
                    row.run(aBase + l.offsetA(r), as, bBase + l.offsetB(r), bs, r * inner, inner);
                }
            });
            return;
        }
        // Long rows: pieces of GRAIN columns, so that a single long row is shared by the threads.
        int pieces = (inner + GRAIN - 1) / GRAIN;
        Parallel.forChunks(rows * pieces, 1, (c, from, to) -> {
            for (int t = from; t < to; t++) {
                int r = t / pieces;
                int c0 = (t % pieces) * GRAIN;
                int len = Math.min(GRAIN, inner - c0);
                row.run(aBase + l.offsetA(r) + c0 * as, as, bBase + l.offsetB(r) + c0 * bs, bs, r * inner + c0, len);
            }
        });
    }

    /**
     * Copies {@code src} read with broadcast strides into the contiguous array {@code out} of
     * shape {@code dims} (materialising a broadcast).
     *
     * @param src source, read
     * @param strides its strides per output dimension, 0 along broadcast dimensions
     * @param out destination, written
     * @param dims the output shape
     */
    public static void broadcastCopy(float[] src, int[] strides, float[] out, int[] dims) {
        gather(src, 0, strides, out, dims);
    }

    /**
     * Gathers a strided view into a contiguous array: {@code out[idx] = src[offset + sum_d
     * idx_d * strides_d]} for every index {@code idx} of {@code dims}. Strides may be 0
     * (broadcast) or negative (reversed axes); every address must lie inside {@code src}.
     *
     * @param src source, read
     * @param offset the source position of the first output element
     * @param strides source strides per output dimension, in elements
     * @param out destination, contiguous row-major of shape {@code dims}, written
     * @param dims the output shape
     */
    public static void gather(float[] src, int offset, int[] strides, float[] out, int[] dims) {
        forRows(dims, offset, strides, 0, new int[dims.length], (ao, as, bo, bs, oo, len) -> {
            if (as == 1) {
                System.arraycopy(src, ao, out, oo, len);
            } else {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = src[ao + i * as];
                }
            }
        });
    }

    /**
     * The inverse of {@link #gather}: writes a contiguous array into strided positions,
     * {@code out[offset + sum_d idx_d * strides_d] = src[idx]}. The positions must be distinct
     * (no zero strides); everything else in {@code out} is left as it was.
     *
     * @param src source, contiguous row-major of shape {@code dims}, read
     * @param out destination, written at the strided positions only
     * @param offset the destination position of the first source element
     * @param strides destination strides per source dimension, in elements, none 0
     * @param dims the source shape
     */
    public static void scatter(float[] src, float[] out, int offset, int[] strides, int[] dims) {
        // The walk of gather, with source and destination swapped: "a" is the strided output.
        forRows(dims, offset, strides, 0, new int[dims.length], (ao, as, bo, bs, oo, len) -> {
            if (as == 1) {
                System.arraycopy(src, oo, out, ao, len);
            } else {
                for (int i = 0; i < len; i++) {
                    out[ao + i * as] = src[oo + i];
                }
            }
        });
    }

    /**
     * {@link #scatter} that adds: {@code out[offset + sum_d idx_d * strides_d] += src[idx]}, one
     * IEEE addition per element. The positions must be distinct (no zero strides).
     *
     * @param src source, contiguous row-major of shape {@code dims}, read
     * @param out destination, updated at the strided positions only
     * @param offset the destination position of the first source element
     * @param strides destination strides per source dimension, in elements, none 0
     * @param dims the source shape
     */
    public static void scatterAdd(float[] src, float[] out, int offset, int[] strides, int[] dims) {
        SimdKernels k = Simd.kernels();
        forRows(dims, offset, strides, 0, new int[dims.length], (ao, as, bo, bs, oo, len) -> {
            if (as == 1) {
                k.zip(Elementwise.Operator.ADD, out, ao, 1, src, oo, 1, out, ao, len);
            } else {
                for (int i = 0; i < len; i++) {
                    out[ao + i * as] += src[oo + i];
                }
            }
        });
    }

    /** A broadcast iteration space with adjacent dimensions merged where both operands allow it. */
    private static final class Layout {
        final int[] dims;
        final int[] aStrides;
        final int[] bStrides;

        private Layout(int[] dims, int[] aStrides, int[] bStrides) {
            this.dims = dims;
            this.aStrides = aStrides;
            this.bStrides = bStrides;
        }

        static Layout collapse(int[] dims, int[] as, int[] bs) {
            int[] d = new int[Math.max(1, dims.length)];
            int[] sa = new int[d.length];
            int[] sb = new int[d.length];
            int k = -1;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == 1) {
                    continue;
                }
                if (k >= 0 && sa[k] == as[i] * dims[i] && sb[k] == bs[i] * dims[i]) {
                    d[k] *= dims[i];
                    sa[k] = as[i];
                    sb[k] = bs[i];
                } else {
                    k++;
                    d[k] = dims[i];
                    sa[k] = as[i];
                    sb[k] = bs[i];
                }
            }
            if (k < 0) {
                return new Layout(new int[] {1}, new int[] {0}, new int[] {0});
            }
            return new Layout(java.util.Arrays.copyOf(d, k + 1), java.util.Arrays.copyOf(sa, k + 1),
                    java.util.Arrays.copyOf(sb, k + 1));
        }

        int offsetA(int row) {
            return offset(row, aStrides);
        }

        int offsetB(int row) {
            return offset(row, bStrides);
        }

        /** Offset of the first element of output row {@code row} (all but the last dimension). */
        private int offset(int row, int[] strides) {
            int off = 0;
            for (int i = dims.length - 2; i >= 0 && row > 0; i--) {
                off += (row % dims[i]) * strides[i];
                row /= dims[i];
            }
            return off;
        }
    }
}
