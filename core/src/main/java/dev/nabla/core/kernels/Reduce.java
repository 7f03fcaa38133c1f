package dev.nabla.core.kernels;

/**
 * Reduction kernels over a tensor viewed as {@code (outer, r, inner)}: the reduced axis of
 * length {@code r} sits between {@code outer} leading and {@code inner} trailing elements.
 * Sums accumulate in double; long rows are cut into fixed chunks whose partial sums are added
 * in chunk order, so results never depend on the thread count. Every output element is
 * computed by one chunk in a fixed order (max, min, softmax), or from per-chunk partials
 * combined in chunk order (sums and extremes of one long row).
 */
public final class Reduce {

    /** Elements per parallel chunk. */
    static final int GRAIN = 1 << 15;

    /** Columns of the inner axis processed together when {@code inner > 1}. */
    private static final int BLOCK = 256;

    private Reduce() {
    }

    /**
     * {@code out[o * inner + i] = sum over j of x[(o * r + j) * inner + i]}.
     *
     * @param x input of {@code outer * r * inner} elements, read
     * @param outer product of the sizes before the reduced axis
     * @param r length of the reduced axis
     * @param inner product of the sizes after the reduced axis
     * @param out output of {@code outer * inner} elements, written
     */
    public static void sum(float[] x, int outer, int r, int inner, float[] out) {
        if (inner == 1 && outer == 1) {
            out[0] = (float) sumRange(x, 0, r);
        } else if (inner == 1) {
            SimdKernels k = Simd.kernels();
            Parallel.forChunks(outer, grainRows(r), (c, from, to) -> {
                for (int o = from; o < to; o++) {
                    out[o] = (float) k.sumDouble(x, o * r, o * r + r);
                }
            });
        } else {
            int blocks = Parallel.chunks(inner, BLOCK);
            int grain = grainBlocks(r);
            Parallel.forChunks(outer * blocks, grain, (c, from, to) -> {
                double[] acc = new double[BLOCK];
                for (int t = from; t < to; t++) {
                    int o = t / blocks;
                    int i0 = (t % blocks) * BLOCK;
                    int len = Math.min(BLOCK, inner - i0);
                    java.util.Arrays.fill(acc, 0, len, 0);
                    for (int j = 0; j < r; j++) {
                        int base = (o * r + j) * inner + i0;
                        for (int i = 0; i < len; i++) {
                            acc[i] += x[base + i];
                        }
                    }
                    for (int i = 0; i < len; i++) {
                        out[o * inner + i0 + i] = (float) acc[i];
                    }
                }
            });
        }
    }

    /**
     * Sum of {@code x[from .. from + n)} in double, in fixed chunks added in order.
     *
     * @param x the array, read
     * @param from first index
     * @param n number of elements
     * @return the sum
     */
    public static double sumRange(float[] x, int from, int n) {
        int chunks = Parallel.chunks(n, GRAIN);
        double[] partial = new double[Math.max(1, chunks)];
        SimdKernels k = Simd.kernels();
        Parallel.forChunks(n, GRAIN, (c, lo, hi) -> partial[c] = k.sumDouble(x, from + lo, from + hi));
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return s;
    }

    /**
     * Sum of {@code x[from .. to)} in double with eight independent running sums (element
     * {@code i} goes to sum {@code (i - from) % 8}), combined pairwise at the end. One running
     * sum would wait on the latency of every addition; eight keep the adder busy. The order
     * is fixed by the range alone.
     */
    static double sumDouble(float[] x, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        for (int k = 0; i < to; i++, k++) {
            switch (k) {
                case 0 -> s0 += x[i];
                case 1 -> s1 += x[i];
                case 2 -> s2 += x[i];
                case 3 -> s3 += x[i];
                case 4 -> s4 += x[i];
                case 5 -> s5 += x[i];
                default -> s6 += x[i];
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Rows of {@code r} elements per chunk, so one chunk reads about {@link #GRAIN} elements. */
    private static int grainRows(int r) {
        return Math.max(1, GRAIN / Math.max(1, r));
    }

    /** Blocks of {@code r * BLOCK} elements per chunk (computed in long: r * BLOCK may overflow). */
    private static int grainBlocks(int r) {
        return (int) Math.max(1, GRAIN / Math.max(1L, (long) r * BLOCK));
    }

    /** Whether {@code v} replaces {@code best}: strictly larger (smaller), or the first NaN. */
    private static boolean better(float v, float best, boolean max) {
        if (v != v) {
            return best == best;
        }
        return max ? v > best : v < best;
    }

    /**
     * The maximum (or minimum) along the reduced axis and the first position reaching it:
     * {@code values[o * inner + i] = max over j of x[(o * r + j) * inner + i]}, and
     * {@code indices[o * inner + i]} the smallest such {@code j}. A NaN counts as the extreme
     * (the first NaN is selected), as in PyTorch.
     *
     * @param x input of {@code outer * r * inner} elements, read
     * @param outer product of the sizes before the reduced axis
     * @param r length of the reduced axis, at least 1
     * @param inner product of the sizes after the reduced axis
     * @param max true for the maximum, false for the minimum
     * @param values output of {@code outer * inner} elements, written
     * @param indices output of {@code outer * inner} positions in {@code [0, r)}, written
     * @throws IllegalArgumentException if {@code r < 1}
     */
    public static void extreme(float[] x, int outer, int r, int inner, boolean max, float[] values, int[] indices) {
        if (r < 1) {
            throw new IllegalArgumentException("Reduce.extreme: the reduced length r must be >= 1, got " + r);
        }
        if (outer == 1 && inner == 1) {
            extremeRange(x, r, max, values, indices);
        } else if (inner == 1) {
            SimdKernels k = Simd.kernels();
            Parallel.forChunks(outer, grainRows(r), (c, from, to) -> {
                for (int o = from; o < to; o++) {
                    int base = o * r;
                    float best = x[base];
                    int at = 0;
                    for (int j = 1; j < r; j++) {
                        if (better(x[base + j], best, max)) {
                            best = x[base + j];
                            at = j;
                        }
                    }
                    values[o] = best;
                    indices[o] = at;
                }
            });
        } else {
            int blocks = Parallel.chunks(inner, BLOCK);
            Parallel.forChunks(outer * blocks, grainBlocks(r), (c, from, to) -> {
                float[] best = new float[BLOCK];
                int[] at = new int[BLOCK];
                for (int t = from; t < to; t++) {
                    int o = t / blocks;
                    int i0 = (t % blocks) * BLOCK;
                    int len = Math.min(BLOCK, inner - i0);
                    int base0 = o * r * inner + i0;
                    System.arraycopy(x, base0, best, 0, len);
                    java.util.Arrays.fill(at, 0, len, 0);
                    for (int j = 1; j < r; j++) {
                        int base = base0 + j * inner;
                        for (int i = 0; i < len; i++) {
                            if (better(x[base + i], best[i], max)) {
                                best[i] = x[base + i];
                                at[i] = j;
                            }
                        }
                    }
                    System.arraycopy(best, 0, values, o * inner + i0, len);
                    System.arraycopy(at, 0, indices, o * inner + i0, len);
                }
            });
        }
    }

    /** One long row: per-chunk extremes, combined in chunk order (the earlier chunk wins ties). */
    private static void extremeRange(float[] x, int n, boolean max, float[] values, int[] indices) {
        int chunks = Parallel.chunks(n, GRAIN);
        float[] best = new float[chunks];
        int[] at = new int[chunks];
        Parallel.forChunks(n, GRAIN, (c, lo, hi) -> {
            float b = x[lo];
            int k = lo;
            for (int i = lo + 1; i < hi; i++) {
                if (better(x[i], b, max)) {
                    b = x[i];
                    k = i;
                }
            }
            best[c] = b;
            at[c] = k;
        });
        int win = 0;
        for (int c = 1; c < chunks; c++) {
            if (better(best[c], best[win], max)) {
                win = c;
            }
        }
        values[0] = best[win];
        indices[0] = at[win];
    }

    /**
     * Softmax (or log-softmax) along the middle axis, stable: with {@code m} the maximum of
     * the row, {@code y_j = e^(x_j - m) / sum_k e^(x_k - m)} or
     * {@code y_j = (x_j - m) - ln(sum_k e^(x_k - m))}; sums in double. A row holding
     * infinities or NaN gives NaN where the formula does.
     *
     * @param x input of {@code outer * r * inner} elements, read
     * @param outer product of the sizes before the axis
     * @param r length of the axis
     * @param inner product of the sizes after the axis
     * @param log true for log-softmax
     * @param y output of the same layout, written (may not be {@code x})
     */
    public static void softmax(float[] x, int outer, int r, int inner, boolean log, float[] y) {
        if (r == 0) {
            return;
        }
        int blocks = Parallel.chunks(inner, BLOCK);
        Parallel.forChunks(outer * blocks, inner == 1 ? grainRows(r) : grainBlocks(r), (c, from, to) -> {
            float[] m = new float[BLOCK];
            double[] s = new double[BLOCK];
            for (int t = from; t < to; t++) {
                int o = t / blocks;
                int i0 = (t % blocks) * BLOCK;
                softmaxBlock(x, o * r * inner + i0, r, inner, Math.min(BLOCK, inner - i0), log, y, m, s);
            }
        });
    }

    /**
     * Softmax of {@code len} adjacent columns starting at {@code base}, each a row of {@code r}
     * elements {@code inner} apart; {@code m} and {@code s} are scratch of at least {@code len}.
     */
    private static void softmaxBlock(float[] x, int base, int r, int inner, int len, boolean log, float[] y,
                                     float[] m, double[] s) {
        System.arraycopy(x, base, m, 0, len);
        java.util.Arrays.fill(s, 0, len, 0);
        for (int j = 1; j < r; j++) {
            for (int i = 0, b = base + j * inner; i < len; i++) {
                m[i] = Math.max(m[i], x[b + i]);
            }
        }
        for (int j = 0; j < r; j++) {
            for (int i = 0, b = base + j * inner; i < len; i++) {
                double e = Math.exp((double) x[b + i] - m[i]);
                s[i] += e;
                if (!log) {
                    y[b + i] = (float) e;
                }
            }
        }
        for (int i = 0; i < len; i++) {
            s[i] = log ? Math.log(s[i]) : 1 / s[i];
        }
        for (int j = 0; j < r; j++) {
            for (int i = 0, b = base + j * inner; i < len; i++) {
                y[b + i] = log ? (float) ((double) x[b + i] - m[i] - s[i]) : (float) (y[b + i] * s[i]);
            }
        }
    }

    /**
     * Copies a row-major array of shape {@code dims} into {@code out} with the flagged axes
     * moved after the others, each group in its original order: {@code out} is row-major of
     * shape (kept sizes..., moved sizes...). Used to bring several reduced axes together.
     *
     * @param x input of {@code product(dims)} elements, read
     * @param dims its shape
     * @param moved {@code moved[i]} is true for the axes to put last
     * @param out output of the same element count, written
     */
    public static void moveAxesLast(float[] x, int[] dims, boolean[] moved, float[] out) {
        int rank = dims.length;
        int[] strides = new int[rank];
        int n = 1;
        for (int i = rank - 1; i >= 0; i--) {
            strides[i] = n;
            n *= dims[i];
        }
        if (n == 0) {
            return;
        }
        int[] mDims = new int[rank];
        int[] mStrides = new int[rank];
        int m = 0;
        int rowLength = 1;
        for (int i = 0; i < rank; i++) {
            if (moved[i]) {
                mDims[m] = dims[i];
                mStrides[m++] = strides[i];
                rowLength *= dims[i];
            }
        }
        int len = rowLength;
        int mm = m;
        Parallel.forChunks(n / len, grainRows(len), (c, from, to) -> {
            int[] idx = new int[mm];
            for (int k = from; k < to; k++) {
                int off = 0;
                for (int i = rank - 1, rest = k; i >= 0; i--) {
                    if (!moved[i]) {
                        off += (rest % dims[i]) * strides[i];
                        rest /= dims[i];
                    }
                }
                java.util.Arrays.fill(idx, 0);
                for (int j = 0; j < len; j++) {
                    out[k * len + j] = x[off];
                    for (int a = mm - 1; a >= 0; a--) {
                        off += mStrides[a];
                        if (++idx[a] < mDims[a]) {
                            break;
                        }
                        off -= mStrides[a] * mDims[a];
                        idx[a] = 0;
                    }
                }
            }
        });
    }

    /**
     * Writes 1 at the element each reduction selected (and leaves the rest of {@code out} as
     * it is): for output {@code o} (row-major over the kept axes) and selected position
     * {@code indices[o]} (row-major over the reduced axes), the element of the full array.
     *
     * @param dims the full shape
     * @param reduced {@code reduced[i]} is true for the reduced axes
     * @param indices one selected position per output, read
     * @param out array of {@code product(dims)} elements (usually zeros), written
     */
    public static void scatterOnes(int[] dims, boolean[] reduced, int[] indices, float[] out) {
        int rank = dims.length;
        int[] strides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        for (int o = 0; o < indices.length; o++) {
            int kept = o;
            int red = indices[o];
            int off = 0;
            for (int i = rank - 1; i >= 0; i--) {
                if (reduced[i]) {
                    off += (red % dims[i]) * strides[i];
                    red /= dims[i];
                } else {
                    off += (kept % dims[i]) * strides[i];
                    kept /= dims[i];
                }
            }
            out[off] = 1f;
        }
    }
}
