package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * General matrix multiply, {@code C = op(A) * op(B) (+ C)}, over row-major {@code float[]}
 * matrices with offsets and leading dimensions, single or batched.
 *
 * <p><b>Structure.</b> This class validates the arguments, cuts every product of the batch
 * into output blocks and runs the blocks in parallel through {@link Parallel#forChunks}. The
 * block size and the arithmetic inside a block (packing, cache blocking over k, the
 * register-blocked micro-kernel) belong to the active {@link SimdKernels} implementation
 * ({@link Simd#kernels()}): the Vector API one when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, the scalar one otherwise. Transposed operands
 * are handled while packing, so no operand is ever copied whole; a caller that multiplies by
 * the same B again may keep its packed panels ({@link PackedPanels}).
 *
 * <p><b>Determinism.</b> Every element of C is accumulated in float in a fixed order,
 * {@code c = c0; for p = 0 .. k-1: c = step(c, op(A)[i][p], op(B)[p][j])}, with {@code c0}
 * the old value of C (accumulate) or +0. With the scalar kernels {@code step} is
 * {@code c + a*b} (product rounded, then sum rounded: exactly the naive float loop); with
 * the Vector API kernels it is {@code Math.fma(a, b, c)} (rounded once). Cutting C into
 * blocks and k into slices only decides where the running float is parked between steps, and
 * each element is computed by exactly one block, so for a given implementation the results
 * are bitwise identical for any thread count, any block shape and any batch split (and, since
 * {@code Math.fma} is exactly specified, for any vector width). The two implementations differ
 * from each other in the last bits; both stay within the classic bound
 * {@code |error| <= gamma_(k+1) * (|c0| + sum_p |a_ip b_pj|)}, {@code gamma_j ~ j * 2^-24}.
 *
 * <p>Scratch buffers are per thread ({@link ThreadLocal}s of the kernels), under 0.5 MB each.
 */
public final class Gemm {

    /** Multiply-adds below which a call stays on the calling thread; also the minimum per chunk. */
    static final long SERIAL_WORK = 64L * 64 * 64;
    /**
     * Blocks per thread a product is cut into, if it is large enough, so that the threads share
     * it with some slack for load balance. Not more: every extra column block packs op(A) again
     * and every extra row block op(B) (8 blocks on 2 threads made x @ W^T for a 128 x 784 batch
     * and a 256 x 784 weight spend a third of its time packing). The block shape does not change
     * the result, so it may depend on the thread count.
     */
    static final int BLOCKS_PER_THREAD = 2;
    /**
     * Row blocks are not split below this many rows: every row block packs its own copy of the
     * B panels, so thin blocks spend more time packing than multiplying (measured: a 32x784 by
     * 784x128 product with B transposed, as a Linear layer's, took 200 us in 8-row blocks and
     * 100 us in 32-row ones on 2 threads).
     */
    static final int MIN_BLOCK_ROWS = 32;

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
        gemmBatched(batch, transA, transB, m, n, k, a, aOff, lda, aStride, b, bOff, ldb, bStride,
                c, cOff, ldc, cStride, accumulate, null);
    }

    /**
     * {@link #gemmBatched(int, boolean, boolean, int, int, int, float[], int, int, int, float[],
     * int, int, int, float[], int, int, int, boolean)} that keeps B's packed panels in
     * {@code packedB} for later calls with the same B (see {@link PackedPanels}): the caller
     * guarantees that B's elements and its layout arguments ({@code transB}, {@code n},
     * {@code k}, {@code bOff}, {@code ldb}) are the same in every call that passes this
     * instance. Used only when every product of the batch reads the same B ({@code batch == 1}
     * or {@code bStride == 0}); otherwise it is ignored. Results are those of the call
     * without it.
     *
     * @param packedB the panels to read and fill, or {@code null}
     * @throws IllegalArgumentException as the call without it, or if {@code packedB} was filled
     *     for another B array or layout
     */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOff, int lda, int aStride,
                                   float[] b, int bOff, int ldb, int bStride,
                                   float[] c, int cOff, int ldc, int cStride, boolean accumulate,
                                   PackedPanels packedB) {
        PackedPanels panels = batch <= 1 || bStride == 0 ? packedB : null;
        if (panels != null) {
            panels.bind(b, transB, k, n, bOff, ldb);
        }
        gemmBatched(Simd.kernels(), batch, transA, transB, m, n, k, a, aOff, lda, aStride,
                b, bOff, ldb, bStride, c, cOff, ldc, cStride, accumulate, panels);
    }

    /**
     * {@link #gemmBatched} with the given kernels instead of the active ones (tests compare
     * the scalar and SIMD implementations through it).
     */
    static void gemmBatched(SimdKernels kernels, int batch, boolean transA, boolean transB,
                            int m, int n, int k, float[] a, int aOff, int lda, int aStride,
                            float[] b, int bOff, int ldb, int bStride,
                            float[] c, int cOff, int ldc, int cStride, boolean accumulate) {
        gemmBatched(kernels, batch, transA, transB, m, n, k, a, aOff, lda, aStride, b, bOff, ldb, bStride,
                c, cOff, ldc, cStride, accumulate, null);
    }

    /** The driver behind the public overloads; {@code packedB} already checked to be usable. */
    static void gemmBatched(SimdKernels kernels, int batch, boolean transA, boolean transB,
                            int m, int n, int k, float[] a, int aOff, int lda, int aStride,
                            float[] b, int bOff, int ldb, int bStride,
                            float[] c, int cOff, int ldc, int cStride, boolean accumulate,
                            PackedPanels packedB) {
        Problem pr = new Problem(transA, transB, m, n, k, a, aOff, lda, aStride, b, bOff, ldb, bStride,
                c, cOff, ldc, cStride, accumulate, packedB);
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
        run(kernels, batch, pr);
    }

    /**
     * The arguments of one (batched) call. Offsets and strides are validated so that every
     * index computed from them fits in an int.
     */
    private record Problem(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, int aStride,
                   float[] b, int bOff, int ldb, int bStride,
                   float[] c, int cOff, int ldc, int cStride, boolean accumulate, PackedPanels packedB) {
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
                    name, cols, upper(name), rows, cols, layout, ld));
        }
        if (batch == 0 || rows == 0 || cols == 0) {
            return new long[] {0, 0};
        }
        long end = off + (long) (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        if (end > x.length) {
            throw new IllegalArgumentException(String.format(
                    "gemm: array %s too short: %s stored as %d x %d%s with %sOff=%d, ld%s=%d, batch=%d,"
                            + " %sStride=%d needs %d elements, got %d",
                    name, upper(name), rows, cols, layout, name, off, name, ld, batch, name, stride, end, x.length));
        }
        return new long[] {off, end};
    }

    /** The operand's name in messages, "A" for "a" (made only when a message is). */
    private static String upper(String name) {
        return name.toUpperCase(java.util.Locale.ROOT);
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

    /**
     * Splits the batch into output blocks and runs them in chunks whose size depends on the
     * problem only.
     */
    private static void run(SimdKernels kernels, int batch, Problem pr) {
        int[] shape = blockShape(kernels, batch, pr);
        int mc = shape[0];
        int nc = shape[1];
        int colBlocks = columnBlocks(pr.n, nc, kernels.gemmTileCols());
        int perMatrix = Parallel.chunks(pr.m, mc) * colBlocks;
        // batch * m * n <= c.length (validated non-overlapping C), so this fits in an int.
        int blocks = batch * perMatrix;
        long work = (long) batch * pr.m * pr.n * pr.k;
        // Blocks per chunk so that a chunk holds at least SERIAL_WORK multiply-adds; a call
        // below SERIAL_WORK is then one chunk, which Parallel runs on the calling thread.
        // Each block is computed whole by one thread, so the split never changes the result.
        long blockWork = Math.max(1, work / blocks);
        int grain = (int) Math.min(blocks, (SERIAL_WORK + blockWork - 1) / blockWork);
        Parallel.forChunks(blocks, grain, (chunk, from, to) -> {
            for (int blk = from; blk < to; blk++) {
                int t = blk / perMatrix;
                int r = blk - t * perMatrix;
                int i0 = (r / colBlocks) * mc;
                int col = r % colBlocks;
                int j0 = col * nc;
                int nb = col == colBlocks - 1 ? pr.n - j0 : nc;
                computeBlock(kernels, pr, t, i0, j0, Math.min(mc, pr.m - i0), nb);
            }
        });
    }

    /**
     * The block shape {@code {rows, columns}}: the kernels' largest block, clamped to the
     * matrix, then halved (the longer side: rows in multiples of the kernels' tile and not below
     * {@link #MIN_BLOCK_ROWS}, columns into twice as many blocks of a width the kernels tile
     * without waste, see {@link #evenColumns}; neither if that would leave the busiest thread
     * more to do, see {@link #makespan}) while the batch
     * has fewer than {@link #BLOCKS_PER_THREAD} blocks per thread and a block would still hold
     * {@link #SERIAL_WORK} multiply-adds, so that medium products are shared by several
     * threads; not halved when the product will run on the calling thread alone
     * ({@link Parallel#isSerial()}, e.g. one product per sample inside a parallel loop over
     * samples), as every block packs its own panels. The result never depends on the shape.
     */
    private static int[] blockShape(SimdKernels kernels, int batch, Problem pr) {
        int tr = kernels.gemmTileRows();
        int tc = kernels.gemmTileCols();
        int mc = Math.min(kernels.gemmBlockRows(), roundUp(pr.m, tr));
        int nc = Math.min(kernels.gemmBlockCols(), roundUp(pr.n, tc));
        boolean serial = Parallel.isSerial();
        long minBlocks = (long) BLOCKS_PER_THREAD * Parallel.threads();
        while (!serial && (long) batch * Parallel.chunks(pr.m, mc) * Parallel.chunks(pr.n, nc) < minBlocks) {
            int mc2 = roundUp(mc / 2, tr);
            int nc2 = evenColumns(pr.n, 2 * Parallel.chunks(pr.n, nc), tc, kernels.gemmNarrowCols());
            long now = makespan(batch, pr, mc, nc);
            boolean rowsSplit = Parallel.chunks(pr.m, mc2) > Parallel.chunks(pr.m, mc)
                    && makespan(batch, pr, mc2, nc) <= now;
            boolean colsSplit = Parallel.chunks(pr.n, nc2) > Parallel.chunks(pr.n, nc)
                    && makespan(batch, pr, mc, nc2) <= now;
            if (rowsSplit && mc2 >= MIN_BLOCK_ROWS && (mc >= nc || !colsSplit) && (long) mc2 * nc * pr.k >= SERIAL_WORK) {
                mc = mc2;
            } else if (colsSplit && (long) mc * nc2 * pr.k >= SERIAL_WORK) {
                nc = nc2;
            } else {
                break;
            }
        }
        return new int[] {mc, nc};
    }

    /**
     * Column blocks of width {@code nc} over {@code n} columns, except that a last block of
     * fewer than {@code tileCols} columns joins the one before (which then has up to
     * {@code nc + tileCols - 1} columns): so {@code n = 196} in blocks of 192 is one block,
     * and the A panels (a convolution's weights, say) are packed once rather than twice for
     * four columns.
     */
    private static int columnBlocks(int n, int nc, int tileCols) {
        int blocks = Parallel.chunks(n, nc);
        return blocks > 1 && n - (blocks - 1) * nc < tileCols ? blocks - 1 : blocks;
    }

    /**
     * The elements of C the busiest thread computes if blocks of {@code mc x nc} are dealt out
     * evenly: a split that raises it (128 columns in three blocks on two threads, after two
     * even ones) only adds packing.
     */
    private static long makespan(int batch, Problem pr, int mc, int nc) {
        long blocks = (long) batch * Parallel.chunks(pr.m, mc) * Parallel.chunks(pr.n, nc);
        int threads = Parallel.threads();
        return (blocks + threads - 1) / threads * Math.min(mc, pr.m) * Math.min(nc, pr.n);
    }

    /**
     * The width of column blocks that cuts {@code n} columns into about {@code blocks} equal
     * blocks: the least width of the form {@code q * tileCols} or {@code q * tileCols + narrow}
     * that is at least {@code n / blocks}, so that every block is tiled without waste (with
     * 48-column tiles and a 16-column narrow kernel, 128 columns in two blocks are 64 + 64,
     * each a tile and a narrow panel, rather than 96 + 32, which leaves one thread idle for a
     * third of the time).
     */
    static int evenColumns(int n, int blocks, int tileCols, int narrow) {
        int target = (n + blocks - 1) / blocks;
        int tiles = target / tileCols * tileCols;
        if (tiles >= target) {
            return Math.max(tileCols, tiles);
        }
        return tiles + narrow >= target && narrow < tileCols ? tiles + narrow : tiles + tileCols;
    }

    private static int roundUp(int x, int multiple) {
        return Math.max(multiple, (x + multiple - 1) / multiple * multiple);
    }

    /** Computes the {@code mb x nb} block of product {@code t} whose top-left element is {@code C[i0][j0]}. */
    private static void computeBlock(SimdKernels kernels, Problem pr, int t, int i0, int j0, int mb, int nb) {
        int aBase = pr.aOff + t * pr.aStride;
        int bBase = pr.bOff + t * pr.bStride;
        int aAt = pr.transA ? aBase + i0 : aBase + i0 * pr.lda;
        int bAt = pr.transB ? bBase + j0 * pr.ldb : bBase + j0;
        int cAt = pr.cOff + t * pr.cStride + i0 * pr.ldc + j0;
        kernels.gemmBlock(pr.transA, pr.transB, mb, nb, pr.k, pr.a, aAt, pr.lda, pr.b, bAt, pr.ldb,
                pr.c, cAt, pr.ldc, pr.accumulate, pr.packedB);
    }
}
