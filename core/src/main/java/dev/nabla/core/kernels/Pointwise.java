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
        zip(f, a, 0, aStrides, b, 0, bStrides, out, dims);
    }

    /** {@link #zip(Binary, float[], int[], float[], int[], float[], int[])} with base offsets into a and b. */
    private static void zip(Binary f, float[] a, int aBase, int[] aStrides, float[] b, int bBase, int[] bStrides,
                            float[] out, int[] dims) {
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
        int grainRows = Math.max(1, GRAIN / inner);
        Parallel.forChunks(rows, grainRows, (c, from, to) -> {
            for (int r = from; r < to; r++) {
                int ao = aBase + l.offsetA(r);
                int bo = bBase + l.offsetB(r);
                int oo = r * inner;
                if (as == 1 && bs == 1) {
                    for (int i = 0; i < inner; i++) {
                        out[oo + i] = f.apply(a[ao + i], b[bo + i]);
                    }
                } else if (as == 1 && bs == 0) {
                    float bv = b[bo];
                    for (int i = 0; i < inner; i++) {
                        out[oo + i] = f.apply(a[ao + i], bv);
                    }
                } else if (as == 0 && bs == 1) {
                    float av = a[ao];
                    for (int i = 0; i < inner; i++) {
                        out[oo + i] = f.apply(av, b[bo + i]);
                    }
                } else {
                    for (int i = 0; i < inner; i++) {
                        out[oo + i] = f.apply(a[ao + i * as], b[bo + i * bs]);
                    }
                }
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
        zip((x, unused) -> x, src, strides, src, new int[dims.length], out, dims);
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
        zip((x, unused) -> x, src, offset, strides, src, offset, new int[dims.length], out, dims);
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
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n == 0) {
            return;
        }
        Layout l = Layout.collapse(dims, strides, strides);
        int inner = l.dims[l.dims.length - 1];
        int os = l.aStrides[l.dims.length - 1];
        int rows = n / inner;
        Parallel.forChunks(rows, Math.max(1, GRAIN / inner), (c, from, to) -> {
            for (int r = from; r < to; r++) {
                int oo = offset + l.offsetA(r);
                int so = r * inner;
                if (os == 1) {
                    System.arraycopy(src, so, out, oo, inner);
                } else {
                    for (int i = 0; i < inner; i++) {
                        out[oo + i * os] = src[so + i];
                    }
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
