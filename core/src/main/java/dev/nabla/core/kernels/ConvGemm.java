package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * The three products of a 2-D convolution, lowered to GEMM through {@link Im2col}: the
 * convolution itself, its adjoint in the input (the transposed convolution) and its adjoint in
 * the weights. Together they are closed under differentiation: each one's derivatives are the
 * other two.
 *
 * <p>Layout: samples are processed in blocks whose patch matrices sit side by side in one
 * {@code (Cin * kH * kW, block * outH * outW)} matrix, so the weight gradient of a whole block
 * is one GEMM with a long inner dimension. The block size depends only on the geometry, the
 * patch transforms run in parallel over samples (each writes its own part) and GEMM is
 * deterministic, so results are bitwise identical for any thread count.
 */
public final class ConvGemm {

    /** Largest patch matrix, in floats, built at once (32 MB); larger batches go in blocks. */
    static final int COL_LIMIT = 1 << 23;

    /** Most parts the samples of a weight gradient are cut into (fixed, not the thread count). */
    static final int PARTS = 8;

    /** Floats of patch work below which a chunk of samples stays on one thread. */
    private static final int GRAIN = 1 << 15;

    private ConvGemm() {
    }

    /** Samples per block for this geometry: as many as fit under {@link #COL_LIMIT}. */
    private static int blockSize(ConvGeometry g) {
        long perSample = (long) g.inChannels() * g.kernelH() * g.kernelW() * g.outPlane();
        return (int) Math.max(1, Math.min(g.batch(), COL_LIMIT / Math.max(1, perSample)));
    }

    private static int sampleGrain(ConvGeometry g) {
        long perSample = (long) g.inChannels() * g.kernelH() * g.kernelW() * g.outPlane();
        return (int) Math.max(1, GRAIN / Math.max(1, perSample));
    }

    /** Sets every plane {@code (n, c)} of {@code (batch, channels, plane)} data to {@code value[c]}. */
    private static void fillPlanes(float[] y, int batch, int channels, int plane, float[] value) {
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int off = (n * channels + c) * plane;
                Arrays.fill(y, off, off + plane, value[c]);
            }
        }
    }

    /** Builds the side-by-side patch matrix of samples {@code [n0, n0 + nb)}. */
    private static void patches(ConvGeometry g, float[] x, int n0, int nb, float[] col) {
        int ld = nb * g.outPlane();
        int sample = g.inChannels() * g.inPlane();
        Parallel.forChunks(nb, sampleGrain(g), (c, from, to) -> {
            for (int s = from; s < to; s++) {
                Im2col.im2col(g, x, (n0 + s) * sample, col, s * g.outPlane(), ld);
            }
        });
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
        int coG = g.outChannels() / g.groups();
        int block = blockSize(g);
        float[] col = Scratch.COL.get(block * g.inChannels() * g.kernelH() * g.kernelW() * plane);
        if (bias != null) {
            fillPlanes(y, g.batch(), g.outChannels(), plane, bias);
        }
        for (int n0 = 0; n0 < g.batch(); n0 += block) {
            int nb = Math.min(block, g.batch() - n0);
            int ld = nb * plane;
            patches(g, x, n0, nb, col);
            for (int grp = 0; grp < g.groups(); grp++) {
                // One product per sample: W_grp (coG x kk) times that sample's columns (kk x plane).
                Gemm.gemmBatched(nb, false, false, coG, plane, kk,
                        w, grp * coG * kk, kk, 0,
                        col, grp * kk * ld, ld, plane,
                        y, (n0 * g.outChannels() + grp * coG) * plane, plane, g.outChannels() * plane, bias != null);
            }
        }
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
        int coG = g.outChannels() / g.groups();
        int sample = g.inChannels() * g.inPlane();
        int block = blockSize(g);
        float[] col = Scratch.COL.get(block * g.inChannels() * g.kernelH() * g.kernelW() * plane);
        if (bias == null) {
            Arrays.fill(dx, 0, g.batch() * sample, 0f);
        } else {
            fillPlanes(dx, g.batch(), g.inChannels(), g.inPlane(), bias);
        }
        for (int n0 = 0; n0 < g.batch(); n0 += block) {
            int nb = Math.min(block, g.batch() - n0);
            int ld = nb * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                // col_n rows of this group = W_grp^T (kk x coG) times gy_n of this group (coG x plane).
                Gemm.gemmBatched(nb, true, false, kk, plane, coG,
                        w, grp * coG * kk, kk, 0,
                        gy, (n0 * g.outChannels() + grp * coG) * plane, plane, g.outChannels() * plane,
                        col, grp * kk * ld, ld, plane, false);
            }
            int first = n0;
            Parallel.forChunks(nb, sampleGrain(g), (c, from, to) -> {
                for (int s = from; s < to; s++) {
                    Im2col.col2im(g, col, s * plane, ld, dx, (first + s) * sample);
                }
            });
        }
    }

    /**
     * The weight gradient (the adjoint of {@link #forward} in w):
     * {@code dw[co][r] = sum_n sum_p gy[n][co][p] col_n[group(co) r][p]}.
     *
     * <p>The samples are cut into at most {@link #PARTS} fixed parts (the cut depends only on the
     * batch size); each part's sum is one GEMM per group with the part's samples side by side,
     * the parts run in parallel, and their sums are added in part order. So the work splits even
     * when dw is too small for GEMM to split, and the result does not depend on the thread count.
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
        int per = Math.min(blockSize(g), (g.batch() + PARTS - 1) / PARTS);
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

    /** dw over samples {@code [n0, n0 + nb)}, on the calling thread's scratch buffers. */
    private static void partSum(ConvGeometry g, float[] x, float[] gy, int n0, int nb, float[] dw) {
        int kk = g.groupPatch();
        int plane = g.outPlane();
        int cout = g.outChannels();
        int coG = cout / g.groups();
        int ld = nb * plane;
        int sample = g.inChannels() * g.inPlane();
        float[] col = Scratch.COL.get(nb * g.inChannels() * g.kernelH() * g.kernelW() * plane);
        float[] gt = Scratch.GRAD.get(nb * cout * plane);
        for (int s = 0; s < nb; s++) {
            Im2col.im2col(g, x, (n0 + s) * sample, col, s * plane, ld);
            // gy of these samples as (Cout, nb * plane), so each group's product is one GEMM.
            for (int co = 0; co < cout; co++) {
                System.arraycopy(gy, ((n0 + s) * cout + co) * plane, gt, co * ld + s * plane, plane);
            }
        }
        for (int grp = 0; grp < g.groups(); grp++) {
            Gemm.gemm(false, true, coG, kk, ld,
                    gt, grp * coG * ld, ld,
                    col, grp * kk * ld, ld,
                    dw, grp * coG * kk, kk, false);
        }
    }
}
