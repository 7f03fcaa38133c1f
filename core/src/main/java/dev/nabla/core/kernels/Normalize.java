package dev.nabla.core.kernels;

/**
 * Kernels of the normalisation ops over a tensor viewed as {@code (outer, stats, inner)}:
 * element {@code (a, c, s)} sits at {@code (a * stats + c) * inner + s}, and statistic
 * {@code c} covers the {@code M = outer * inner} elements with that middle index. Batch norm
 * is {@code (N, C, H * W)}; layer norm and group norm are {@code (1, rows, row length)}.
 *
 * <p>Each statistic is computed by exactly one chunk, in a fixed order, with sums in double,
 * so results are bitwise identical for any thread count. Elementwise passes are split into
 * fixed chunks of rows.
 */
public final class Normalize {

    /** Elements of work per parallel chunk. */
    static final int GRAIN = 1 << 15;

    private Normalize() {
    }

    /** Statistics per chunk so that a chunk covers about {@link #GRAIN} elements. */
    private static int statGrain(int outer, int inner) {
        return Math.max(1, GRAIN / Math.max(1, outer * inner));
    }

    /**
     * Mean and biased variance of every statistic, in two passes (the mean, then the squared
     * deviations from it) accumulated in double.
     *
     * @param x the input, {@code outer * stats * inner} elements; read
     * @param mean receives {@code stats} means; written
     * @param var receives {@code stats} biased variances {@code sum (x - mean)^2 / M}; written
     */
    public static void moments(float[] x, int outer, int stats, int inner, float[] mean, float[] var) {
        double count = (double) outer * inner;
        Parallel.forChunks(stats, statGrain(outer, inner), (chunk, from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int a = 0; a < outer; a++) {
                    for (int i = 0, base = (a * stats + c) * inner; i < inner; i++) {
                        s += x[base + i];
                    }
                }
                double mu = s / count;
                double s2 = 0;
                for (int a = 0; a < outer; a++) {
                    for (int i = 0, base = (a * stats + c) * inner; i < inner; i++) {
                        double d = x[base + i] - mu;
                        s2 += d * d;
                    }
                }
                mean[c] = (float) mu;
                var[c] = (float) (s2 / count);
            }
        });
    }

    /**
     * {@code out = (x - mean[c]) * rstd[c]}.
     *
     * @param x the input; read
     * @param mean per-statistic means, {@code stats} elements; read
     * @param rstd per-statistic reciprocal standard deviations; read
     * @param out the output, of x's size; written (may be {@code x})
     */
    public static void normalize(float[] x, int outer, int stats, int inner, float[] mean, float[] rstd,
                                 float[] out) {
        int rows = outer * stats;
        Parallel.forChunks(rows, Math.max(1, GRAIN / Math.max(1, inner)), (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                int c = r % stats;
                float mu = mean[c];
                float k = rstd[c];
                for (int i = 0, base = r * inner; i < inner; i++) {
                    out[base + i] = (x[base + i] - mu) * k;
                }
            }
        });
    }

    /**
     * The gradient of {@link #normalize} with batch statistics (which depend on x):
     * {@code dx = rstd (g - mean(g) - xhat mean(g xhat))}, means over each statistic's
     * elements, {@code xhat = (x - mean) rstd} recomputed from x.
     *
     * @param g the gradient of the normalised output; read
     * @param x the input; read
     * @param mean per-statistic means (as {@link #moments} gave); read
     * @param rstd per-statistic reciprocal standard deviations; read
     * @param dx receives the input gradient, of x's size; written
     */
    public static void normalizeBackward(float[] g, float[] x, int outer, int stats, int inner, float[] mean,
                                         float[] rstd, float[] dx) {
        double count = (double) outer * inner;
        Parallel.forChunks(stats, statGrain(outer, inner), (chunk, from, to) -> {
            for (int c = from; c < to; c++) {
                float mu = mean[c];
                float k = rstd[c];
                double sumG = 0;
                double sumGx = 0;
                for (int a = 0; a < outer; a++) {
                    for (int i = 0, base = (a * stats + c) * inner; i < inner; i++) {
                        float gi = g[base + i];
                        sumG += gi;
                        sumGx += (double) gi * ((x[base + i] - mu) * k);
                    }
                }
                float meanG = (float) (sumG / count);
                float meanGx = (float) (sumGx / count);
                for (int a = 0; a < outer; a++) {
                    for (int i = 0, base = (a * stats + c) * inner; i < inner; i++) {
                        float xhat = (x[base + i] - mu) * k;
                        dx[base + i] = k * (g[base + i] - meanG - xhat * meanGx);
                    }
                }
            }
        });
    }

    /**
     * Per-channel affine over {@code (outer, channels, inner)}: {@code out = y * w[c] + b[c]}.
     *
     * @param y the input; read
     * @param w per-channel scales ({@code channels} elements), or {@code null} for 1; read
     * @param b per-channel shifts, or {@code null} for 0; read
     * @param out the output, of y's size; written (may be {@code y})
     */
    public static void scaleShift(float[] y, int outer, int channels, int inner, float[] w, float[] b,
                                  float[] out) {
        int rows = outer * channels;
        Parallel.forChunks(rows, Math.max(1, GRAIN / Math.max(1, inner)), (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                int c = r % channels;
                float k = w == null ? 1f : w[c];
                float h = b == null ? 0f : b[c];
                for (int i = 0, base = r * inner; i < inner; i++) {
                    out[base + i] = y[base + i] * k + h;
                }
            }
        });
    }
}
