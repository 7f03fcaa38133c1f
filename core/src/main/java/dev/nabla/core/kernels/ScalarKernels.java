package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * The scalar implementation of {@link SimdKernels}: plain Java loops, written so that C2
 * auto-vectorises the hot ones. It is the fallback when the Vector API is absent and the
 * oracle the SIMD implementation is tested against.
 *
 * <p><b>GEMM.</b> For each k-slice of {@link #KC}, op(B) is packed into {@code KC} separate
 * row arrays and each group of {@link #MR} rows of op(A) into a k-major micro-panel; the
 * micro-kernel updates {@code MR} accumulator row arrays. Separate arrays indexed from 0 are
 * what lets C2 vectorise {@code acc[j] += a * b[j]}: over two flat arrays at unrelated
 * offsets it cannot rule out overlap and stays scalar (3-5 GFLOPS instead of about 16 per
 * thread). Every element is summed as the naive loop does, {@code c = c + a*b} in order of p.
 */
final class ScalarKernels implements SimdKernels {

    /**
     * Rows of the micro-kernel tile. Each B element loaded serves MR rows; with 5 or more row
     * arrays JDK 17's C2 stops vectorising the inner loop (measured: 4 rows ~28 GFLOPS, 6 or 8
     * rows ~6-7 GFLOPS on one thread), so 4 it is.
     */
    static final int MR = 4;
    /** Depth of a k-slice: the packed B slice is {@code KC x NC} floats (256 KB, fits in L2). */
    static final int KC = 256;
    /** Columns of an output block. */
    static final int NC = 256;
    /** Columns of the register tile ({@link #gemmTileCols()}). */
    static final int NR = 16;
    /** Rows of an output block: larger amortises B packing (done once per block and k-slice). */
    static final int MC = 128;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packing buffers and accumulators (about 260 KB), reused across calls. */
    private static final class Scratch {
        /** Packed k-slice of op(B): {@code bRows[p][j] = op(B)[p0 + p][j]}. */
        final float[][] bRows = new float[KC][NC + NR - 1];
        /** Packed micro-panel of op(A): {@code aPack[p*MR + r] = op(A)[i + r][p0 + p]}. */
        final float[] aPack = new float[KC * MR];
        /** Accumulator rows of one {@code MR x nb} tile of C. */
        final float[][] acc = new float[MR][NC + NR - 1];
    }

    @Override
    public String name() {
        return "scalar";
    }

    /** Sums {@code a[i] * b[i]} left to right, each product and sum rounded to float. */
    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** Sums left to right in float. */
    @Override
    public float sum(float[] x, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public void map(Elementwise.Function f, float[] x, float[] y, int from, int to) {
        // Directly, without a chunk body: the vector kernels call this for every tail.
        Elementwise.mapRange(f, x, y, from, to);
    }

    @Override
    public Parallel.ChunkBody mapper(Elementwise.Function f, float[] x, float[] y) {
        return (chunk, from, to) -> Elementwise.mapRange(f, x, y, from, to);
    }

    @Override
    public void zip(Elementwise.Operator op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
                    int oo, int len) {
        Elementwise.row(op, a, ao, as, b, bo, bs, out, oo, len);
    }

    @Override
    public double sumDouble(float[] x, int from, int to) {
        return Reduce.sumDouble(x, from, to);
    }

    @Override
    public void lstmRow(float[] act, int a, float[] c, float[] hc, float[] tanhC, int s, int nh, int h) {
        CellKernels.lstmRow(act, a, c, hc, tanhC, s, nh, h, 0);
    }

    @Override
    public void lstmRowBackward(float[] grad, float[] act, int a, float[] c, float[] tanhC, int s, int nh, int h,
                                float[] dGates, float[] dC) {
        CellKernels.lstmRowBackward(grad, act, a, c, tanhC, s, nh, h, dGates, dC, 0);
    }

    @Override
    public void gruRow(float[] xw, float[] hw, float[] act, int a, float[] hPrev, float[] out, int s, int h) {
        CellKernels.gruRow(xw, hw, act, a, hPrev, out, s, h, 0);
    }

    @Override
    public void gruRowBackward(float[] grad, float[] act, float[] hw, int a, float[] hPrev, int s, int h,
                               float[] dxw, float[] dhw, float[] dh) {
        CellKernels.gruRowBackward(grad, act, hw, a, hPrev, s, h, dxw, dhw, dh, 0);
    }

    @Override
    public int gemmBlockRows() {
        return MC;
    }

    @Override
    public int gemmBlockCols() {
        return NC;
    }

    @Override
    public int gemmTileRows() {
        return MR;
    }

    /** 16: the accumulator rows are vectorised by C2, 16 floats being one AVX-512 vector. */
    @Override
    public int gemmTileCols() {
        return NR;
    }

    @Override
    public int gemmNarrowCols() {
        return NR;
    }

    @Override
    public void gemmBlock(boolean transA, boolean transB, int mb, int nb, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate, PackedPanels packedB) {
        // Packs B afresh always (keepsPackedPanels is false): its row arrays are per thread.
        Scratch s = SCRATCH.get();
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kb = Math.min(KC, k - p0);
            packRows(transB, b, transB ? bOff + p0 : bOff + p0 * ldb, ldb, kb, nb, s.bRows);
            // The first slice starts from 0 unless accumulating; later ones continue from C.
            boolean load = accumulate || p0 > 0;
            for (int i = 0; i < mb; i += MR) {
                int rows = Math.min(MR, mb - i);
                int cRow = cOff + i * ldc;
                int aAt = transA ? aOff + p0 * lda + i : aOff + i * lda + p0;
                GemmPacking.packA(transA, a, aAt, lda, rows, kb, MR, s.aPack, 0);
                loadTile(c, cRow, ldc, rows, nb, load, s.acc);
                if (rows == MR) {
                    kernel4(kb, nb, s.aPack, s.bRows, s.acc[0], s.acc[1], s.acc[2], s.acc[3]);
                } else {
                    for (int r = 0; r < rows; r++) {
                        kernel1(kb, nb, s.aPack, r, s.bRows, s.acc[r]);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(s.acc[r], 0, c, cRow + r * ldc, nb);
                }
            }
        }
    }

    /** {@code bRows[p][j] = op(B)[p][j]} for {@code p < kb, j < nb}, op(B) starting at src. */
    private static void packRows(boolean transB, float[] b, int src, int ldb, int kb, int nb, float[][] bRows) {
        if (!transB) {
            for (int p = 0; p < kb; p++) {
                System.arraycopy(b, src + p * ldb, bRows[p], 0, nb);
            }
            return;
        }
        // A transpose: four stored rows of B are read side by side so each write touches four
        // adjacent floats of one packed row.
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

    /**
     * The micro-kernel: {@code acc_r[j] += sum_p aPack[p*MR + r] * bRows[p][j]} for
     * {@code r < 4, j < nb}, p in increasing order. One A element per row is broadcast against
     * a row of the B panel; the j loop indexes every array from 0, so C2 vectorises it, and each
     * loaded B element serves four rows.
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

    /** One-row version of {@link #kernel4} for the last {@code mb % MR} rows of a block. */
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
