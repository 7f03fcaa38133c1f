package dev.nabla.core.kernels.vector;

import dev.nabla.core.kernels.GemmPacking;
import dev.nabla.core.kernels.PackedPanels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One output block of a GEMM with a packed, register-blocked Vector API micro-kernel.
 *
 * <p><b>Blocking</b> (GotoBLAS/BLIS loop order within a block of at most {@link #MC} x
 * {@link #NC} elements of C): the k dimension is walked in slices of {@link #KC}. For each
 * slice, op(B) is packed into micro-panels of {@link #NR} columns ({@code KC x NR}, k-major;
 * the last one or two may be one vector wide, see {@link #panelCols}) and op(A) into
 * micro-panels of {@link #MR} rows ({@code KC x MR}, k-major). Then for each B micro-panel
 * (kept hot in L1/L2) the A micro-panels stream past it and the micro-kernel updates one
 * {@code MR x NR} tile of C held in registers.
 *
 * <p><b>Micro-kernel.</b> 8 rows x 3 vectors: 24 accumulator vectors, 3 B vectors and one
 * broadcast of an A element, 28 of AVX-512's 32 vector registers. Per k step it loads 3 B
 * vectors and 8 A scalars for 24 fused multiply-adds. Every C element is computed as
 * {@code c = Math.fma(op(A)[i][p], op(B)[p][j], c)} for p in increasing order, starting from
 * the old C (accumulate, or a later k-slice) or +0: partial tiles at the edges run the same
 * kernel on a zero-padded copy, so the result of an element depends only on its inputs. A last
 * column panel of at most one vector's width is multiplied by a one-vector kernel (8 x 1
 * vectors) that does the same operations per element.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 8;
    /** Columns of the register tile: three vectors. */
    static final int NR = 3 * L;
    /** Depth of a k-slice; a B micro-panel is {@code KC x NR} floats. */
    static final int KC = 256;
    /**
     * Rows of an output block, a multiple of {@link #MR}; the packed A slice is {@code MC x KC}
     * (256 KB, in L2). Each B micro-panel serves {@code MC / MR} micro-kernel calls, and the B
     * slice is packed once per block: 256 rows measured about 20% faster than 128 at n = 1024.
     */
    static final int MC = 256;
    /** Columns of an output block, a multiple of {@link #NR}; the packed B slice is {@code KC x NC}. */
    static final int NC = 4 * NR;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packed panels and an edge tile, reused across calls. */
    private static final class Scratch {
        /** A micro-panels: panel {@code q} (rows {@code q*MR ..}) at {@code q*kb*MR}. */
        final float[] aPack = new float[MC * KC];
        /**
         * B micro-panels: the panel of columns {@code j ..} at {@code j*kb}; one panel more
         * than a block of NC columns holds, for a last block that absorbs a tail.
         */
        final float[] bPack = new float[KC * (NC + NR)];
        /** An {@code MR x NR} tile (row stride NR) for partial tiles at the block's edges. */
        final float[] tile = new float[MR * NR];
    }

    private VectorGemm() {
    }

    /** See {@link dev.nabla.core.kernels.SimdKernels#gemmBlock}; mb <= MC, nb < NC + NR. */
    static void block(boolean transA, boolean transB, int mb, int nb, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate, PackedPanels packedB) {
        Scratch s = SCRATCH.get();
        if (!accumulate) {
            for (int i = 0; i < mb; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + nb, 0f);
            }
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kb = Math.min(KC, k - p0);
            float[] bp;
            if (packedB == null || k > KC << 20) { // (the key below holds 2^20 k-slices)
                bp = s.bPack;
                packSlice(transB, b, bOff, ldb, p0, kb, nb, bp);
            } else {
                // The key: the block's first element of B, its width and its k-slice.
                long key = ((long) bOff << 32) | ((long) nb << 20) | (p0 / KC);
                int p = p0;
                bp = packedB.slice(key, () -> {
                    float[] fresh = new float[sliceLength(kb, nb)];
                    packSlice(transB, b, bOff, ldb, p, kb, nb, fresh);
                    return fresh;
                });
            }
            for (int i = 0; i < mb; i += MR) {
                int at = transA ? aOff + p0 * lda + i : aOff + i * lda + p0;
                GemmPacking.packA(transA, a, at, lda, Math.min(MR, mb - i), kb, MR, s.aPack, (i / MR) * kb * MR);
            }
            for (int j = 0, cols; j < nb; j += cols) {
                cols = panelCols(nb - j);
                int bAt = j * kb;
                for (int i = 0; i < mb; i += MR) {
                    int rows = Math.min(MR, mb - i);
                    int aAt = (i / MR) * kb * MR;
                    int cAt = cOff + i * ldc + j;
                    if (rows == MR && cols == NR) {
                        kernel(kb, s.aPack, aAt, bp, bAt, c, cAt, ldc);
                    } else if (rows == MR && cols == L) {
                        narrowKernel(kb, s.aPack, aAt, bp, bAt, c, cAt, ldc);
                    } else {
                        edge(kb, s, aAt, bp, bAt, c, cAt, ldc, rows, cols);
                    }
                }
            }
        }
    }

    /** @return the floats of a packed k-slice of depth kb over nb columns: to the end of its last panel */
    private static int sliceLength(int kb, int nb) {
        int j = 0;
        while (nb - j > panelCols(nb - j)) {
            j += panelCols(nb - j);
        }
        return kb * (j + panelWidth(panelCols(nb - j)));
    }

    /** Packs the k-slice {@code [p0, p0 + kb)} of the block's B columns into panels, panel j at {@code j * kb}. */
    private static void packSlice(boolean transB, float[] b, int bOff, int ldb, int p0, int kb, int nb, float[] dst) {
        for (int j = 0, cols; j < nb; j += cols) {
            int at = transB ? bOff + j * ldb + p0 : bOff + p0 * ldb + j;
            cols = panelCols(nb - j);
            GemmPacking.packB(transB, b, at, ldb, kb, cols, panelWidth(cols), dst, j * kb);
        }
    }

    /**
     * Columns of op(B) the next micro-panel holds when {@code left} columns of the block are
     * left: {@link #NR}; or, for the last {@code L + 1 .. 2L} columns, one vector's width, so
     * that they make two one-vector panels (a remainder of 32, as in 128 = 2 * 48 + 32, then
     * costs two vectors per row and no padded tile rather than three); or all that is left.
     * Every panel but the last is full, so panel {@code j} (its first column) starts at
     * {@code j * kb} in the packed slice.
     */
    private static int panelCols(int left) {
        return left >= NR ? NR : left > L && left <= 2 * L ? L : left;
    }

    /**
     * Columns of the micro-panel that holds {@code cols} columns of op(B): one vector for a
     * panel of at most {@link #L} columns (multiplied by {@link #narrowKernel}, so that an
     * edge of 16 columns, as in 256 = 5 * 48 + 16, costs one vector per row and not three),
     * otherwise {@link #NR}.
     */
    private static int panelWidth(int cols) {
        return cols <= L ? L : NR;
    }

    /**
     * A partial tile: its C elements are copied into the scratch tile, updated by the kernel
     * of its panel's width (the padded rows and columns compute garbage that is never read)
     * and copied back.
     */
    private static void edge(int kb, Scratch s, int aAt, float[] bp, int bAt, float[] c, int cAt, int ldc, int rows,
                             int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(c, cAt + r * ldc, s.tile, r * NR, cols);
        }
        if (panelWidth(cols) == L) {
            narrowKernel(kb, s.aPack, aAt, bp, bAt, s.tile, 0, NR);
        } else {
            kernel(kb, s.aPack, aAt, bp, bAt, s.tile, 0, NR);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s.tile, r * NR, c, cAt + r * ldc, cols);
        }
    }

    /**
     * The micro-kernel: {@code C[r][j] = fma(ap[aOff + p*MR + r], bp[bOff + p*NR + j], C[r][j])}
     * for {@code p < kb} in order, {@code r < MR, j < NR}, with {@code C[r][j] = c[cOff + r*ldc + j]}.
     * Written out by hand (one line per row of the tile) so that the 24 accumulators are plain
     * locals C2 keeps in registers; this is longer than our usual methods on purpose. Every
     * vector comes straight from a Vector API call, never through a helper of ours: a helper
     * that C2 leaves out of line returns a boxed vector of inexact type, and the operations on
     * it then run the API's slow fallback (seen in some JVMs: a training step 1.5x slower).
     */
    private static void kernel(int kb, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc) {
        int o0 = cOff;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        int o6 = o5 + ldc;
        int o7 = o6 + ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, o0);
        FloatVector c01 = FloatVector.fromArray(S, c, o0 + L);
        FloatVector c02 = FloatVector.fromArray(S, c, o0 + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, o1);
        FloatVector c11 = FloatVector.fromArray(S, c, o1 + L);
        FloatVector c12 = FloatVector.fromArray(S, c, o1 + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, o2);
        FloatVector c21 = FloatVector.fromArray(S, c, o2 + L);
        FloatVector c22 = FloatVector.fromArray(S, c, o2 + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, o3);
        FloatVector c31 = FloatVector.fromArray(S, c, o3 + L);
        FloatVector c32 = FloatVector.fromArray(S, c, o3 + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, o4);
        FloatVector c41 = FloatVector.fromArray(S, c, o4 + L);
        FloatVector c42 = FloatVector.fromArray(S, c, o4 + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, o5);
        FloatVector c51 = FloatVector.fromArray(S, c, o5 + L);
        FloatVector c52 = FloatVector.fromArray(S, c, o5 + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, o6);
        FloatVector c61 = FloatVector.fromArray(S, c, o6 + L);
        FloatVector c62 = FloatVector.fromArray(S, c, o6 + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, o7);
        FloatVector c71 = FloatVector.fromArray(S, c, o7 + L);
        FloatVector c72 = FloatVector.fromArray(S, c, o7 + 2 * L);
        for (int p = 0, ai = aOff, bi = bOff; p < kb; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61); c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71); c72 = x.fma(b2, c72);
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L); c22.intoArray(c, o2 + 2 * L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L); c32.intoArray(c, o3 + 2 * L);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + L); c42.intoArray(c, o4 + 2 * L);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + L); c52.intoArray(c, o5 + 2 * L);
        c60.intoArray(c, o6); c61.intoArray(c, o6 + L); c62.intoArray(c, o6 + 2 * L);
        c70.intoArray(c, o7); c71.intoArray(c, o7 + L); c72.intoArray(c, o7 + 2 * L);
    }

    /**
     * {@link #kernel} for a micro-panel one vector wide ({@code bp} rows {@link #L} apart):
     * {@code C[r][j] = fma(ap[aOff + p*MR + r], bp[bOff + p*L + j], C[r][j])} for {@code p < kb}
     * in order, {@code r < MR, j < L}; the same operations per element as {@link #kernel}.
     */
    private static void narrowKernel(int kb, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.fromArray(S, c, cOff);
        FloatVector c1 = FloatVector.fromArray(S, c, cOff + ldc);
        FloatVector c2 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
        FloatVector c3 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
        FloatVector c4 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
        FloatVector c5 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
        FloatVector c6 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
        FloatVector c7 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
        for (int p = 0, ai = aOff, bi = bOff; p < kb; p++, ai += MR, bi += L) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, ap[ai + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, ap[ai + 7]).fma(b0, c7);
        }
        c0.intoArray(c, cOff); c1.intoArray(c, cOff + ldc); c2.intoArray(c, cOff + 2 * ldc);
        c3.intoArray(c, cOff + 3 * ldc); c4.intoArray(c, cOff + 4 * ldc); c5.intoArray(c, cOff + 5 * ldc);
        c6.intoArray(c, cOff + 6 * ldc); c7.intoArray(c, cOff + 7 * ldc);
    }
}
