package dev.nabla.core.kernels;

/**
 * Kernels that work plane by plane on {@code (planes, H, W)} data (a plane is one channel of
 * one sample): a sparse linear map applied to every plane (average pooling, adaptive pooling
 * and upsampling are such maps) and the window argmax of max pooling. Planes run in parallel
 * in fixed chunks and each output is computed by one thread in a fixed order, so results do not
 * depend on the thread count.
 */
public final class PlaneKernels {

    /** Floats of work below which a chunk of planes stays on one thread. */
    private static final int GRAIN = 1 << 14;

    private PlaneKernels() {
    }

    /**
     * {@code y[p][o] = sum_{e in [rowStart[o], rowStart[o+1])} weights[e] x[p][cols[e]]} for every
     * plane {@code p}: one sparse matrix (compressed rows) applied to each plane.
     *
     * @param planes number of planes
     * @param inPlane values per input plane
     * @param outPlane values per output plane; {@code rowStart} has {@code outPlane + 1} entries
     * @param rowStart read only: where each output's entries start in {@code cols}/{@code weights}
     * @param cols read only: input positions in {@code [0, inPlane)}
     * @param weights read only: one weight per entry
     * @param x read only, {@code planes * inPlane} values
     * @param y written, {@code planes * outPlane} values
     */
    public static void sparseMap(int planes, int inPlane, int outPlane, int[] rowStart, int[] cols, float[] weights,
                                 float[] x, float[] y) {
        int work = Math.max(1, Math.max(outPlane, cols.length));
        Parallel.forChunks(planes, Math.max(1, GRAIN / work), (c, from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * inPlane;
                int yo = p * outPlane;
                for (int o = 0; o < outPlane; o++) {
                    float acc = 0f;
                    for (int e = rowStart[o]; e < rowStart[o + 1]; e++) {
                        acc += weights[e] * x[xo + cols[e]];
                    }
                    y[yo + o] = acc;
                }
            }
        });
    }

    /**
     * For every plane and output position {@code (oh, ow)} of a max pool, the flat position
     * {@code h * W + w} of the largest input in its window (rows {@code oh sH - pH + kh dH},
     * columns {@code ow sW - pW + kw dW}, positions outside the plane skipped). The first
     * largest in row-major window order wins ties; a NaN wins over numbers (the last NaN), as in PyTorch.
     *
     * @param planes number of planes
     * @param h input rows
     * @param w input columns
     * @param outH output rows
     * @param outW output columns
     * @param window {@code {kH, kW, sH, sW, pH, pW, dH, dW}}; every window must hold at least
     *     one input position (the op checks that padding is at most half the kernel)
     * @param x read only, {@code planes * h * w} values
     * @param index written, {@code planes * outH * outW} positions
     */
    public static void maxPoolArgmax(int planes, int h, int w, int outH, int outW, int[] window,
                                     float[] x, int[] index) {
        int kh = window[0];
        int kw = window[1];
        if (kh == 2 && kw == 2 && window[2] == 2 && window[3] == 2 && window[4] == 0 && window[5] == 0
                && window[6] == 1 && window[7] == 1) {
            maxPool2x2Argmax(planes, h, w, outH, outW, x, index);
            return;
        }
        // The taps inside the plane, per output row (u in [uLo, uHi)) and column (v in [vLo, vHi)),
        // so that the loops below test nothing but the values.
        int[] uLo = new int[outH];
        int[] uHi = new int[outH];
        int[] vLo = new int[outW];
        int[] vHi = new int[outW];
        insideTaps(outH, kh, window[2], window[4], window[6], h, uLo, uHi);
        insideTaps(outW, kw, window[3], window[5], window[7], w, vLo, vHi);
        int sH = window[2];
        int sW = window[3];
        int pH = window[4];
        int pW = window[5];
        int dH = window[6];
        int dW = window[7];
        Parallel.forChunks(planes, Math.max(1, GRAIN / Math.max(1, outH * outW * kh * kw)), (c, from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * h * w;
                int out = p * outH * outW;
                for (int i = 0; i < outH; i++) {
                    int u0 = uLo[i];
                    int u1 = uHi[i];
                    int r0 = i * sH - pH;
                    for (int j = 0; j < outW; j++, out++) {
                        int v0 = vLo[j];
                        int v1 = vHi[j];
                        int q0 = j * sW - pW;
                        if (u0 == u1 || v0 == v1) {
                            index[out] = -1; // no tap inside: the op's checks exclude this
                            continue;
                        }
                        int best = (r0 + u0 * dH) * w + q0 + v0 * dW;
                        float max = x[xo + best];
                        for (int u = u0; u < u1; u++) {
                            int at = (r0 + u * dH) * w + q0;
                            for (int v = v0; v < v1; v++) {
                                float val = x[xo + at + v * dW];
                                // Taken if val > max, or val is NaN (a NaN wins over numbers, the
                                // last NaN over earlier ones); Math.max keeps a NaN max. Written
                                // so that the JIT emits selects, not branches, which on noisy
                                // data mispredict about every other tap (3x slower, measured).
                                float larger = Math.max(val, max);
                                boolean take = larger > max | val != val;
                                best = take ? at + v * dW : best;
                                max = larger;
                            }
                        }
                        index[out] = best;
                    }
                }
            }
        });
    }

    /**
     * {@link #maxPoolArgmax} for the commonest window, 2x2 with stride 2 and no padding: every
     * window lies inside the plane, so its four taps are written out, in the general loop's order
     * and with its update, and give the same indices. The op with indices on 64 x 32 planes of
     * 28x28, 2 threads: 2.95 ms with the general loop, 1.48 ms with this one.
     */
    private static void maxPool2x2Argmax(int planes, int h, int w, int outH, int outW, float[] x, int[] index) {
        Parallel.forChunks(planes, Math.max(1, GRAIN / Math.max(1, outH * outW * 4)), (c, from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * h * w;
                int out = p * outH * outW;
                for (int i = 0; i < outH; i++) {
                    for (int j = 0, at = 2 * i * w + xo; j < outW; j++, out++, at += 2) {
                        int best = at;
                        float max = x[at];
                        float val = x[at + 1];
                        float larger = Math.max(val, max);
                        best = larger > max | val != val ? at + 1 : best;
                        max = larger;
                        val = x[at + w];
                        larger = Math.max(val, max);
                        best = larger > max | val != val ? at + w : best;
                        max = larger;
                        val = x[at + w + 1];
                        larger = Math.max(val, max);
                        best = larger > max | val != val ? at + w + 1 : best;
                        index[out] = best - xo;
                    }
                }
            }
        });
    }

    /**
     * For each output position {@code o < out} along one axis, the taps {@code t} of a window of
     * {@code k} taps (position {@code o * stride - pad + t * dilation}) that fall inside
     * {@code [0, size)}: {@code t in [lo[o], hi[o])}, at least one by the op's checks.
     */
    private static void insideTaps(int out, int k, int stride, int pad, int dilation, int size, int[] lo, int[] hi) {
        for (int o = 0; o < out; o++) {
            // The same count as im2col's inside columns, with taps in the role of columns.
            int start = o * stride - pad;
            lo[o] = Im2col.firstInside(start, dilation, k);
            hi[o] = Math.max(lo[o], Im2col.endInside(start, dilation, size, k));
        }
    }
}
