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
        Parallel.forChunks(planes, Math.max(1, GRAIN / Math.max(1, outH * outW * kh * kw)), (c, from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * h * w;
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        int best = -1;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int u = 0; u < kh; u++) {
                            int r = i * window[2] - window[4] + u * window[6];
                            if (r < 0 || r >= h) {
                                continue;
                            }
                            for (int v = 0; v < kw; v++) {
                                int q = j * window[3] - window[5] + v * window[7];
                                if (q < 0 || q >= w) {
                                    continue;
                                }
                                float val = x[xo + r * w + q];
                                if (best < 0 || val > max || Float.isNaN(val)) {
                                    best = r * w + q;
                                    max = val;
                                }
                            }
                        }
                        index[(p * outH + i) * outW + j] = best;
                    }
                }
            }
        });
    }
}
