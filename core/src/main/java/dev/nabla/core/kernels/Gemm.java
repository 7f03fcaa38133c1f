package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * General matrix multiply, {@code C = op(A) * op(B) (+ C)}, over row-major {@code float[]}
 * matrices with offsets and leading dimensions, single or batched.
 *
 * <p><b>Structure</b> (GotoBLAS-style, so that a Vector API micro-kernel can replace the
 * scalar one without touching the rest): C is cut into output blocks of {@link #MC} rows by
 * {@link #NC} columns, the unit of parallel work. For each block, the k dimension is walked in
 * slices of {@link #KC}; each slice of op(B) is packed into a panel of {@code KC} contiguous
 * rows and each group of {@link #MR} rows of op(A) into a k-major micro-panel. Packing is where
 * the four transpose combinations differ; everything after it is one code path. The
 * micro-kernel then updates an {@code MR x nb} tile of accumulators held in per-row arrays.
 *
 * <p><b>Why per-row arrays.</b> C2 (JDK 17 and later) auto-vectorises
 * {@code acc[j] += a * b[j]} when every array is indexed by the same {@code j}, but not over two
 * flat arrays at unrelated offsets (it cannot rule out overlap). Packed B rows and the
 * accumulator rows are therefore separate arrays indexed from 0.
 *
 * <p><b>Determinism.</b> Every element of C is computed as
 * {@code c = c0; for p in 0..k-1: c = c + op(A)[i][p] * op(B)[p][j]} in float, in that order,
 * with {@code c0} the old value of C (accumulate) or 0. Blocking only decides where the running
 * value is parked between slices (a float either way), so results are bitwise identical for
 * any thread count and any block shape, and equal to the naive float loop.
 *
 * <p>Scratch buffers are per thread (one {@link ThreadLocal}), about 260 KB each.
 */
public final class Gemm {

    /**
     * Rows of the micro-kernel tile. Each B element loaded serves MR rows; with 5 or more row
     * arrays JDK 17's C2 stops vectorising the inner loop (measured: 4 rows ~28 GFLOPS, 6 or 8
     * rows ~6-7 GFLOPS on one thread), so 4 it is for the scalar kernel.
     */
    static final int MR = 4;
    /** Depth of a k-slice: a packed B panel is {@code KC x NC} floats (256 KB, fits in L2). */
    static final int KC = 256;
    /** Columns of an output block; also the width of the packed B panel and of the accumulators. */
    static final int NC = 256;
    /** Rows of an output block: larger amortises B packing (done once per block and k-slice). */
    static final int MC = 128;
    /** Multiply-adds below which a call stays on the calling thread; also the minimum per chunk. */
    static final long SERIAL_WORK = 64L * 64 * 64;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {
    }

    /**
     * {@code C = op(A) * op(B)}, or {@code C += op(A) * op(B)} if {@code accumulate}.
     * op(A) is {@code (m, k)}, op(B) is {@code (k, n)}, C is {@code (m, n)} row-major:
     * {@code C[i][j] = c[cOff + i*ldc + j]}.
     *
     * <p>If {@code transA}, A is stored {@code (k, m)}: {@code op(A)[i][p] = a[aOff + p*lda + i]};
     * otherwise {@code (m, k)}: {@code op(A)[i][p] = a[aOff + i*lda + p]}. If {@code transB}, B is
     * stored {@code (n, k)}: {@code op(B)[p][j] = b[bOff + j*ldb + p]}; otherwise {@code (k, n)}:
     * {@code op(B)[p][j] = b[bOff + p*ldb + j]}. {@code k == 0} sets C to 0 (or leaves it
     * unchanged if {@code accumulate}); {@code m == 0} or {@code n == 0} does nothing.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m rows of op(A) and C, at least 0
     * @param n columns of op(B) and C, at least 0
     * @param k columns of op(A), rows of op(B), at least 0
     * @param a A, read only
     * @param aOff index of A's first element, at least 0
     * @param lda distance between A's stored rows, at least its stored row length
     * @param b B, read only
     * @param bOff index of B's first element, at least 0
     * @param ldb distance between B's stored rows, at least its stored row length
     * @param c C, written (only its {@code m x n} elements); must not overlap A or B
     * @param cOff index of C's first element, at least 0
     * @param ldc distance between C's rows, at least {@code n}
     * @param accumulate add the product to C instead of overwriting C
     * @throws IllegalArgumentException (message starting {@code "gemm:"}) on a negative size or
     *     offset, a leading dimension too small, an array too short, or C overlapping A or B;
     *     nothing is written then
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        gemmBatched(1, transA, transB, m, n, k, a, aOff, lda, 0, b, bOff, ldb, 0,
                c, cOff, ldc, 0, accumulate);
    }

    /**
     * {@code batch} independent products {@link #gemm}: product {@code t} reads A at
     * {@code aOff + t*aStride}, B at {@code bOff + t*bStride} and writes C at
     * {@code cOff + t*cStride}, with the same sizes, layouts and leading dimensions. A stride of
     * 0 repeats (broadcasts) that operand; the C matrices must not overlap each other, either
     * stacked ({@code cStride >= (m-1)*ldc + n}) or interleaved within a row
     * ({@code cStride >= n} and {@code (batch-1)*cStride + n <= ldc}). Results do not depend on
     * the thread count.
     *
     * @param batch number of products, at least 0
     * @param transA whether each A is stored transposed, {@code (k, m)}
     * @param transB whether each B is stored transposed, {@code (n, k)}
     * @param m rows of op(A) and C, at least 0
     * @param n columns of op(B) and C, at least 0
     * @param k columns of op(A), rows of op(B), at least 0
     * @param a the A matrices, read only
     * @param aOff index of the first A's first element, at least 0
     * @param lda distance between A's stored rows, at least its stored row length
     * @param aStride distance between consecutive A matrices, at least 0 (0: broadcast)
     * @param b the B matrices, read only
     * @param bOff index of the first B's first element, at least 0
     * @param ldb distance between B's stored rows, at least its stored row length
     * @param bStride distance between consecutive B matrices, at least 0 (0: broadcast)
     * @param c the C matrices, written (only their elements); must not overlap A or B
     * @param cOff index of the first C's first element, at least 0
     * @param ldc distance between C's rows, at least {@code n}
     * @param cStride distance between consecutive C matrices; 0 only if {@code batch <= 1}
     * @param accumulate add the products to C instead of overwriting C
     * @throws IllegalArgumentException (message starting {@code "gemm:"}) on any invalid
     *     argument, as for {@link #gemm}, or overlapping C matrices; nothing is written then
     */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOff, int lda, int aStride,
                                   float[] b, int bOff, int ldb, int bStride,
                                   float[] c, int cOff, int ldc, int cStride, boolean accumulate) {
        Problem pr = new Problem(transA, transB, m, n, k, a, aOff, lda, aStride, b, bOff, ldb, bStride,
                c, cOff, ldc, cStride, accumulate);
        validate(batch, pr);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int t = 0; t < batch; t++) {
                    for (int i = 0; i < m; i++) {
                        int row = cOff + t * cStride + i * ldc;
                        Arrays.fill(c, row, row + n, 0f);
                    }
                }
            }
            return;
        }
        run(batch, pr);
    }

    /**
     * The arguments of one (batched) call. Offsets and strides are validated so that every
     * index computed from them fits in an int.
     */
    private record Problem(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, int aStride,
                   float[] b, int bOff, int ldb, int bStride,
                   float[] c, int cOff, int ldc, int cStride, boolean accumulate) {
    }

    /** Per-thread packing buffers and accumulators, reused across calls. */
    private static final class Scratch {
        /** Packed k-slice of op(B): {@code bRows[p][j] = op(B)[p0 + p][j0 + j]}. */
        final float[][] bRows = new float[KC][NC];
        /** Packed micro-panel of op(A): {@code aPack[p*MR + r] = op(A)[i + r][p0 + p]}. */
        final float[] aPack = new float[KC * MR];
        /** Accumulator rows of one {@code MR x nb} tile of C. */
        final float[][] acc = new float[MR][NC];
    }

    /** Checks every argument before anything is written; messages start with "gemm:". */
    private static void validate(int batch, Problem pr) {
        if (batch < 0 || pr.m < 0 || pr.n < 0 || pr.k < 0) {
            throw new IllegalArgumentException(String.format(
                    "gemm: sizes must be >= 0, got batch=%d, m=%d, n=%d, k=%d", batch, pr.m, pr.n, pr.k));
        }
        // Stored shapes: A is (k, m) if transA else (m, k); B is (n, k) if transB else (k, n).
        long[] aSpan = checkOperand("a", pr.a, pr.aOff, pr.lda, pr.aStride, batch,
                pr.transA ? pr.k : pr.m, pr.transA ? pr.m : pr.k, pr.transA ? " (transA)" : "");
        long[] bSpan = checkOperand("b", pr.b, pr.bOff, pr.ldb, pr.bStride, batch,
                pr.transB ? pr.n : pr.k, pr.transB ? pr.k : pr.n, pr.transB ? " (transB)" : "");
        long[] cSpan = checkOperand("c", pr.c, pr.cOff, pr.ldc, pr.cStride, batch, pr.m, pr.n, "");
        if (batch > 1 && pr.m > 0 && pr.n > 0) {
            checkBatchDisjoint(batch, pr);
        }
        checkDisjoint("a", pr.a, aSpan, pr.c, cSpan);
        checkDisjoint("b", pr.b, bSpan, pr.c, cSpan);
    }

    /**
     * Checks one operand: non-null, offset and stride >= 0, leading dimension >= stored row
     * length, and the last element of the last matrix inside the array.
     *
     * @return the half-open index range {@code [first, end)} the operand touches (empty if none)
     */
    private static long[] checkOperand(String name, float[] x, int off, int ld, int stride, int batch,
                                       int rows, int cols, String layout) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (x == null) {
            throw new IllegalArgumentException("gemm: array " + name + " is null");
        }
        if (off < 0 || stride < 0) {
            throw new IllegalArgumentException(String.format(
                    "gemm: %sOff and %sStride must be >= 0, got %d and %d", name, name, off, stride));
        }
        if (ld < cols) {
            throw new IllegalArgumentException(String.format(
                    "gemm: ld%s must be >= %d, the row length of %s stored as %d x %d%s, got %d",
                    name, cols, upper, rows, cols, layout, ld));
        }
        if (batch == 0 || rows == 0 || cols == 0) {
            return new long[] {0, 0};
        }
        long end = off + (long) (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        if (end > x.length) {
            throw new IllegalArgumentException(String.format(
                    "gemm: array %s too short: %s stored as %d x %d%s with %sOff=%d, ld%s=%d, batch=%d,"
                            + " %sStride=%d needs %d elements, got %d",
                    name, upper, rows, cols, layout, name, off, name, ld, batch, name, stride, end, x.length));
        }
        return new long[] {off, end};
    }

    /** The C matrices of a batch must not share elements, or chunks would race. */
    private static void checkBatchDisjoint(int batch, Problem pr) {
        long stacked = (long) (pr.m - 1) * pr.ldc + pr.n;
        boolean isStacked = pr.cStride >= stacked;
        boolean isInterleaved = pr.cStride >= pr.n && (long) (batch - 1) * pr.cStride + pr.n <= pr.ldc;
        if (!isStacked && !isInterleaved) {
            throw new IllegalArgumentException(String.format(
                    "gemm: the %d C matrices (%d x %d, ldc=%d) overlap with cStride=%d; expected"
                            + " cStride >= %d (stacked) or cStride >= %d with (batch-1)*cStride + %d <= ldc"
                            + " (interleaved)", batch, pr.m, pr.n, pr.ldc, pr.cStride, stacked, pr.n, pr.n));
        }
    }

    /** C is written while A and B are read: they must not share elements of one array. */
    private static void checkDisjoint(String name, float[] x, long[] xSpan, float[] c, long[] cSpan) {
        boolean overlap = x == c && xSpan[0] < xSpan[1] && cSpan[0] < cSpan[1]
                && xSpan[0] < cSpan[1] && cSpan[0] < xSpan[1];
        if (overlap) {
            throw new IllegalArgumentException(String.format(
                    "gemm: c and %s are the same array and overlap: c uses [%d, %d), %s uses [%d, %d);"
                            + " expected disjoint ranges", name, cSpan[0], cSpan[1], name, xSpan[0], xSpan[1]));
        }
    }

    /** Splits the batch into output blocks of {@code MC x NC} and runs them in fixed chunks. */
    private static void run(int batch, Problem pr) {
        int rowBlocks = Parallel.chunks(pr.m, MC);
        int colBlocks = Parallel.chunks(pr.n, NC);
        int perMatrix = rowBlocks * colBlocks;
        // batch * m * n <= c.length (validated non-overlapping C), so this fits in an int.
        int blocks = batch * perMatrix;
        long work = (long) batch * pr.m * pr.n * pr.k;
        // Blocks per chunk so that a chunk holds at least SERIAL_WORK multiply-adds; a call
        // below SERIAL_WORK is then one chunk, which Parallel runs on the calling thread. The
        // grain depends on the problem only, and blocks are independent, so results do not.
        long blockWork = Math.max(1, work / blocks);
        int grain = (int) Math.min(blocks, (SERIAL_WORK + blockWork - 1) / blockWork);
        Parallel.forChunks(blocks, grain, (chunk, from, to) -> {
            Scratch s = SCRATCH.get();
            for (int blk = from; blk < to; blk++) {
                int t = blk / perMatrix;
                int r = blk - t * perMatrix;
                computeBlock(pr, t, (r / colBlocks) * MC, (r % colBlocks) * NC, s);
            }
        });
    }

    /** Computes rows {@code [i0, i0+MC)} x columns {@code [j0, j0+NC)} of product {@code t}. */
    private static void computeBlock(Problem pr, int t, int i0, int j0, Scratch s) {
        int mb = Math.min(MC, pr.m - i0);
        int nb = Math.min(NC, pr.n - j0);
        int aBase = pr.aOff + t * pr.aStride;
        int bBase = pr.bOff + t * pr.bStride;
        int cBase = pr.cOff + t * pr.cStride + j0;
        for (int p0 = 0; p0 < pr.k; p0 += KC) {
            int kb = Math.min(KC, pr.k - p0);
            if (pr.transB) {
                packBTransposed(pr.b, bBase + j0 * pr.ldb + p0, pr.ldb, kb, nb, s.bRows);
            } else {
                packB(pr.b, bBase + p0 * pr.ldb + j0, pr.ldb, kb, nb, s.bRows);
            }
            // The first slice starts from 0 unless accumulating; later ones continue from C.
            boolean load = pr.accumulate || p0 > 0;
            for (int i = 0; i < mb; i += MR) {
                int rows = Math.min(MR, mb - i);
                int cRow = cBase + (i0 + i) * pr.ldc;
                if (pr.transA) {
                    packATransposed(pr.a, aBase + p0 * pr.lda + i0 + i, pr.lda, rows, kb, s.aPack);
                } else {
                    packA(pr.a, aBase + (i0 + i) * pr.lda + p0, pr.lda, rows, kb, s.aPack);
                }
                loadTile(pr.c, cRow, pr.ldc, rows, nb, load, s.acc);
                if (rows == MR) {
                    kernel4(kb, nb, s.aPack, s.bRows, s.acc[0], s.acc[1], s.acc[2], s.acc[3]);
                } else {
                    for (int r = 0; r < rows; r++) {
                        kernel1(kb, nb, s.aPack, r, s.bRows, s.acc[r]);
                    }
                }
                storeTile(pr.c, cRow, pr.ldc, rows, nb, s.acc);
            }
        }
    }

    /** {@code bRows[p][0..nb) = b[src + p*ldb ..]}: rows of B are already rows of op(B). */
    private static void packB(float[] b, int src, int ldb, int kb, int nb, float[][] bRows) {
        for (int p = 0; p < kb; p++) {
            System.arraycopy(b, src + p * ldb, bRows[p], 0, nb);
        }
    }

    /**
     * {@code bRows[p][j] = b[src + j*ldb + p]}: a transpose. Four stored rows of B are read side
     * by side so each write touches four adjacent floats of one packed row.
     */
    private static void packBTransposed(float[] b, int src, int ldb, int kb, int nb, float[][] bRows) {
        int j = 0;
        for (; j + 4 <= nb; j += 4) {
            int s0 = src + j * ldb;
            int s1 = s0 + ldb;
            int s2 = s1 + ldb;
            int s3 = s2 + ldb;
            for (int p = 0; p < kb; p++) {
                float[] row = bRows[p];
                row[j] = b[s0 + p];
                row[j + 1] = b[s1 + p];
                row[j + 2] = b[s2 + p];
                row[j + 3] = b[s3 + p];
            }
        }
        for (; j < nb; j++) {
            int s0 = src + j * ldb;
            for (int p = 0; p < kb; p++) {
                bRows[p][j] = b[s0 + p];
            }
        }
    }

    /** {@code aPack[p*MR + r] = a[src + r*lda + p]}: {@code rows} stored rows, interleaved. */
    private static void packA(float[] a, int src, int lda, int rows, int kb, float[] aPack) {
        for (int r = 0; r < rows; r++) {
            int s = src + r * lda;
            for (int p = 0, d = r; p < kb; p++, d += MR) {
                aPack[d] = a[s + p];
            }
        }
    }

    /** {@code aPack[p*MR + r] = a[src + p*lda + r]}: op(A)'s rows are stored as columns. */
    private static void packATransposed(float[] a, int src, int lda, int rows, int kb, float[] aPack) {
        for (int p = 0, s = src, d = 0; p < kb; p++, s += lda, d += MR) {
            for (int r = 0; r < rows; r++) {
                aPack[d + r] = a[s + r];
            }
        }
    }

    /** Fills the accumulator rows from C (continuing a sum) or with 0 (starting one). */
    private static void loadTile(float[] c, int cRow, int ldc, int rows, int nb, boolean load, float[][] acc) {
        for (int r = 0; r < rows; r++) {
            if (load) {
                System.arraycopy(c, cRow + r * ldc, acc[r], 0, nb);
            } else {
                Arrays.fill(acc[r], 0, nb, 0f);
            }
        }
    }

    /** Writes the accumulator rows back to C. */
    private static void storeTile(float[] c, int cRow, int ldc, int rows, int nb, float[][] acc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(acc[r], 0, c, cRow + r * ldc, nb);
        }
    }

    /**
     * The micro-kernel: {@code acc_r[j] += sum_p aPack[p*MR + r] * bRows[p][j]} for
     * {@code r < 4, j < nb}, p in increasing order. One A element per row is broadcast against
     * a row of the B panel; the j loop indexes every array from 0, so C2 vectorises it, and each
     * loaded B element serves four rows. A Vector API kernel slots in here.
     */
    private static void kernel4(int kb, int nb, float[] aPack, float[][] bRows,
                                float[] c0, float[] c1, float[] c2, float[] c3) {
        for (int p = 0, ap = 0; p < kb; p++, ap += MR) {
            float a0 = aPack[ap];
            float a1 = aPack[ap + 1];
            float a2 = aPack[ap + 2];
            float a3 = aPack[ap + 3];
            float[] bp = bRows[p];
            for (int j = 0; j < nb; j++) {
                float bj = bp[j];
                c0[j] += a0 * bj;
                c1[j] += a1 * bj;
                c2[j] += a2 * bj;
                c3[j] += a3 * bj;
            }
        }
    }

    /** One-row version of {@link #kernel4} for the last {@code m % MR} rows of a block. */
    private static void kernel1(int kb, int nb, float[] aPack, int r, float[][] bRows, float[] c0) {
        for (int p = 0, ap = r; p < kb; p++, ap += MR) {
            float a0 = aPack[ap];
            float[] bp = bRows[p];
            for (int j = 0; j < nb; j++) {
                c0[j] += a0 * bp[j];
            }
        }
    }
}
