package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * The three products of a 2-D convolution, lowered to GEMM through {@link Im2col}: the
 * convolution itself, its adjoint in the input (the transposed convolution) and its adjoint in
 * the weights. Together they are closed under differentiation: each one's derivatives are the
 * other two.
 *
 * <p>Layout: the samples are split into fixed chunks that run in parallel; a thread builds the
 * patch matrix {@code (Cin * kH * kW, outH * outW)} of one sample at a time in its own scratch
 * buffer and multiplies it while it is still in cache (GEMM called from inside a chunk runs on
 * that thread). No patch matrix of the whole batch is ever built, so memory traffic stays
 * that of the tensors themselves. The chunks depend only on the geometry, each output element
 * is computed by one thread, and the weight gradient adds its per-part sums in part order, so
 * results are bitwise identical for any thread count.
 */
public final class ConvGemm {

    /** Most parts the samples of a weight gradient are cut into (fixed, not the thread count). */
    static final int PARTS = 8;

    /**
     * Patch lengths (rows of a group's patch matrix, {@code Cin/groups * kH * kW}) up to which
     * the weight gradient is computed as row-by-row dot products ({@link #dots})
     * instead of GEMM: with so few output columns the GEMM would spend most of its time
     * packing a sample's output gradient into panels for a handful of columns (measured for a
     * 1->32 3x3 conv on 64 28x28 images, one thread: 2.6 ms by GEMM, see the commit for dots).
     */
    static final int DOTS_MAX_PATCH = 16;

    /** Floats of patch work below which a chunk of samples stays on one thread. */
    private static final int GRAIN = 1 << 15;

    private ConvGemm() {
    }

    /** Floats in one sample's patch matrix. */
    private static int patchSize(ConvGeometry g) {
        return g.inChannels() * g.kernelH() * g.kernelW() * g.outPlane();
    }

    /** Samples per parallel chunk: one, or as many as make {@link #GRAIN} floats of patch work. */
    private static int sampleGrain(ConvGeometry g) {
        return Math.max(1, GRAIN / Math.max(1, patchSize(g)));
    }

    /** Sets every plane {@code c} of the {@code (channels, plane)} sample at {@code off} to {@code value[c]}. */
    private static void fillPlanes(float[] y, int off, int channels, int plane, float[] value) {
        for (int c = 0; c < channels; c++) {
            Arrays.fill(y, off + c * plane, off + (c + 1) * plane, value[c]);
        }
    }

    /**
     * The convolution: {@code y[n][co][p] = sum_{r} w[co][r] col_n[group(co) r][p]}.
     *
     * @param g the geometry
     * @param x read only, {@code (N, Cin, H, W)}
     * @param w read only, {@code (Cout, Cin / groups, kH, kW)}
     * @param bias read only, {@code (Cout)} added to every output of its channel, or {@code null}
     * @param y written, {@code (N, Cout, outH, outW)}
     */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int kk = g.groupPatch();
        int plane = g.outPlane();
        int cout = g.outChannels();
        int coG = cout / g.groups();
        int sample = g.inChannels() * g.inPlane();
        Parallel.forChunks(g.batch(), sampleGrain(g), (chunk, from, to) -> {
            float[] col = Scratch.COL.get(patchSize(g));
            for (int n = from; n < to; n++) {
                int yOff = n * cout * plane;
                Im2col.im2col(g, x, n * sample, col, 0, plane);
                if (bias != null) {
                    fillPlanes(y, yOff, cout, plane, bias);
                }
                for (int grp = 0; grp < g.groups(); grp++) {
                    // W_grp (coG x kk) times this sample's columns of the group (kk x plane).
                    Gemm.gemm(false, false, coG, plane, kk, w, grp * coG * kk, kk, col, grp * kk * plane, plane,
                            y, yOff + grp * coG * plane, plane, bias != null);
                }
            }
        });
    }

    /**
     * The transposed convolution (the adjoint of {@link #forward} in x):
     * {@code dx = col2im(W^T gy)} per sample and group.
     *
     * @param g the geometry of the forward convolution
     * @param gy read only, {@code (N, Cout, outH, outW)}
     * @param w read only, {@code (Cout, Cin / groups, kH, kW)}
     * @param bias read only, {@code (Cin)} added to every value of its channel (the bias of a
     *     transposed convolution), or {@code null}
     * @param dx written (overwritten), {@code (N, Cin, H, W)}
     */
    public static void inputGrad(ConvGeometry g, float[] gy, float[] w, float[] bias, float[] dx) {
        int kk = g.groupPatch();
        int plane = g.outPlane();
        int cout = g.outChannels();
        int coG = cout / g.groups();
        int sample = g.inChannels() * g.inPlane();
        Parallel.forChunks(g.batch(), sampleGrain(g), (chunk, from, to) -> {
            float[] col = Scratch.COL.get(patchSize(g));
            for (int n = from; n < to; n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    // The group's rows of col = W_grp^T (kk x coG) times gy_n of the group (coG x plane).
                    Gemm.gemm(true, false, kk, plane, coG, w, grp * coG * kk, kk,
                            gy, (n * cout + grp * coG) * plane, plane, col, grp * kk * plane, plane, false);
                }
                if (bias == null) {
                    Arrays.fill(dx, n * sample, (n + 1) * sample, 0f);
                } else {
                    fillPlanes(dx, n * sample, g.inChannels(), g.inPlane(), bias);
                }
                Im2col.col2im(g, col, 0, plane, dx, n * sample);
            }
        });
    }

    /**
     * The weight gradient (the adjoint of {@link #forward} in w):
     * {@code dw[co][r] = sum_n sum_p gy[n][co][p] col_n[group(co) r][p]}.
     *
     * <p>A short patch ({@code Cin/groups * kH * kW <= }{@link #DOTS_MAX_PATCH}) is summed
     * as dot products over each sample's pixels, added sample after sample; a longer one by
     * GEMM. The samples are cut into at most {@link #PARTS} fixed parts (the cut depends only on the
     * batch size); each part accumulates its samples in order, one GEMM per sample and group
     * (which gives the same bits as one GEMM over the part's samples side by side), the parts
     * run in parallel, and their sums are added in part order. So the work splits even when dw
     * is too small for GEMM to split, and the result does not depend on the thread count.
     *
     * @param g the geometry
     * @param x read only, {@code (N, Cin, H, W)}
     * @param gy read only, {@code (N, Cout, outH, outW)}
     * @param dw written (overwritten), {@code (Cout, Cin / groups, kH, kW)}
     */
    public static void weightGrad(ConvGeometry g, float[] x, float[] gy, float[] dw) {
        int size = g.outChannels() * g.groupPatch();
        if (g.batch() == 0) {
            Arrays.fill(dw, 0, size, 0f);
            return;
        }
        int per = (g.batch() + PARTS - 1) / PARTS;
        int parts = Parallel.chunks(g.batch(), per);
        float[][] partial = new float[parts][];
        Parallel.forChunks(parts, 1, (c, from, to) -> {
            for (int part = from; part < to; part++) {
                partial[part] = part == 0 ? dw : new float[size];
                int n0 = part * per;
                partSum(g, x, gy, n0, Math.min(per, g.batch() - n0), partial[part]);
            }
        });
        for (int part = 1; part < parts; part++) {
            float[] q = partial[part];
            for (int i = 0; i < size; i++) {
                dw[i] += q[i];
            }
        }
    }

    /** dw (overwritten) over samples {@code [n0, n0 + nb)}, on the calling thread's scratch buffer. */
    private static void partSum(ConvGeometry g, float[] x, float[] gy, int n0, int nb, float[] dw) {
        int kk = g.groupPatch();
        int plane = g.outPlane();
        int cout = g.outChannels();
        int coG = cout / g.groups();
        int sample = g.inChannels() * g.inPlane();
        float[] col = Scratch.COL.get(patchSize(g));
        boolean dots = kk <= DOTS_MAX_PATCH;
        if (dots) {
            Arrays.fill(dw, 0, cout * kk, 0f);
        }
        for (int n = n0; n < n0 + nb; n++) {
            Im2col.im2col(g, x, n * sample, col, 0, plane);
            for (int grp = 0; grp < g.groups(); grp++) {
                // dw_grp (+)= gy_n of the group (coG x plane) times the group's columns transposed (plane x kk).
                int gyAt = (n * cout + grp * coG) * plane;
                if (dots) {
                    dots(Simd.kernels(), coG, kk, plane, gy, gyAt, plane, col, grp * kk * plane, plane,
                            dw, grp * coG * kk, kk);
                } else {
                    Gemm.gemm(false, true, coG, kk, plane, gy, gyAt, plane, col, grp * kk * plane, plane,
                            dw, grp * coG * kk, kk, n > n0);
                }
            }
        }
    }

    /**
     * Many dot products of rows at once: {@code C[i][j] += dot(A row i, B row j)} for
     * {@code i < m, j < n}, where A row i is {@code a[aOff + i*lda ..]}, B row j is
     * {@code b[bOff + j*ldb ..]} (both {@code k} long) and {@code C[i][j] = c[cOff + i*ldc + j]}.
     * Each product is exactly the kernels' {@link SimdKernels#dot} of the two rows (same bits),
     * then added to C in float. It is the product {@code A B^T} for a weight gradient with a
     * small patch: the shared dimension is long and contiguous in both, the outputs few, and
     * packing GEMM panels would cost more than the arithmetic. (A register-tiled Vector API form,
     * 4 x 3 products per pass, ran 5x faster once compiled, but JDK 17 left it in first-tier code
     * in about half of fresh JVMs.)
     *
     * @param kernels the kernels whose {@code dot} is used
     * @param m rows of A and C, at least 0
     * @param n rows of B, columns of C, at least 0
     * @param k length of every row, at least 0
     * @param a A, read
     * @param aOff index of A's first element
     * @param lda distance between A's rows
     * @param b B, read
     * @param bOff index of B's first element
     * @param ldb distance between B's rows
     * @param c C, updated (only its {@code m x n} elements); must not overlap A or B
     * @param cOff index of C's first element
     * @param ldc distance between C's rows
     */
    static void dots(SimdKernels kernels, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                     int ldb, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] += kernels.dot(a, aOff + i * lda, b, bOff + j * ldb, k);
            }
        }
    }
}
