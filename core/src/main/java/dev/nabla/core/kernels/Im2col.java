package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * The patch-matrix transforms that lower a convolution to GEMM, for one sample of a
 * {@link ConvGeometry}.
 *
 * <p>{@code im2col} unrolls the sample {@code (Cin, H, W)} into a matrix with one row per
 * kernel tap {@code r = (c * kernelH + kh) * kernelW + kw} and one column per output position
 * {@code p = oh * outW + ow}: {@code col[r][p] = x[c][oh*sH - pH + kh*dH][ow*sW - pW + kw*dW]},
 * or 0 where that lies in the padding. {@code col2im} is its adjoint: it adds every entry of
 * such a matrix back to the input position it was read from. Rows are {@code ldCol} apart, so
 * several samples can sit side by side in one wide matrix.
 */
public final class Im2col {

    private Im2col() {
    }

    /**
     * Writes the patch matrix of one sample.
     *
     * @param g the geometry (its batch and channel-group fields are not used)
     * @param x the input, read only; the sample starts at {@code xOff} and is {@code (Cin, H, W)}
     * @param xOff index of the sample's first element
     * @param col written: {@code Cin * kernelH * kernelW} rows of {@code outH * outW} entries,
     *     row {@code r} starting at {@code colOff + r * ldCol}; nothing else is touched
     * @param colOff index of the first entry of the matrix
     * @param ldCol distance between rows, at least {@code outH * outW}
     */
    public static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ldCol) {
        int oh = g.outH();
        int ow = g.outW();
        boolean flat = isFlat(g);
        int row = colOff;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int kh = 0; kh < g.kernelH(); kh++) {
                int y0 = firstInside(kh * g.dilationH() - g.padH(), g.strideH(), oh);
                int y1 = Math.max(y0, endInside(kh * g.dilationH() - g.padH(), g.strideH(), g.height(), oh));
                for (int kw = 0; kw < g.kernelW(); kw++, row += ldCol) {
                    int baseW = kw * g.dilationW() - g.padW();
                    int lo = firstInside(baseW, g.strideW(), ow);
                    int hi = Math.max(lo, endInside(baseW, g.strideW(), g.width(), ow));
                    Arrays.fill(col, row, row + y0 * ow, 0f);
                    Arrays.fill(col, row + y1 * ow, row + oh * ow, 0f);
                    if (y0 == y1) {
                        continue;
                    }
                    int src = plane + (y0 * g.strideH() - g.padH() + kh * g.dilationH()) * g.width() + baseW;
                    if (flat) {
                        // Output rows are input rows shifted by baseW: one copy for all of them,
                        // then the columns that wrapped around into a neighbouring row are zeroed.
                        int dst = row + y0 * ow;
                        System.arraycopy(x, src + lo, col, dst + lo, (y1 - y0 - 1) * ow + hi - lo);
                        zeroRows(col, row, y0, y1, lo, hi, ow);
                        continue;
                    }
                    for (int y = y0; y < y1; y++, src += g.strideH() * g.width()) {
                        int dst = row + y * ow;
                        if (g.strideW() == 1) {
                            System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
                        } else {
                            for (int o = lo; o < hi; o++) {
                                col[dst + o] = x[src + o * g.strideW()];
                            }
                        }
                        zero(col, dst, lo, hi, ow);
                    }
                }
            }
        }
    }

    /**
     * Adds a patch matrix back into one sample: the adjoint of {@link #im2col}. Every input
     * element receives its entries in increasing order of row {@code r}, so the result does not
     * depend on threads.
     *
     * @param g the geometry (its batch and channel-group fields are not used)
     * @param col read, and used as scratch: the matrix laid out as {@link #im2col} writes it; its
     *     entries that {@link #im2col} would set to 0 (taps in the padding) are set to 0
     * @param colOff index of the first entry of the matrix
     * @param ldCol distance between rows, at least {@code outH * outW}
     * @param x accumulated into: the sample {@code (Cin, H, W)} starting at {@code xOff}
     * @param xOff index of the sample's first element
     */
    public static void col2im(ConvGeometry g, float[] col, int colOff, int ldCol, float[] x, int xOff) {
        int oh = g.outH();
        int ow = g.outW();
        boolean flat = isFlat(g);
        int row = colOff;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int kh = 0; kh < g.kernelH(); kh++) {
                int y0 = firstInside(kh * g.dilationH() - g.padH(), g.strideH(), oh);
                int y1 = endInside(kh * g.dilationH() - g.padH(), g.strideH(), g.height(), oh);
                for (int kw = 0; kw < g.kernelW(); kw++, row += ldCol) {
                    int baseW = kw * g.dilationW() - g.padW();
                    int lo = firstInside(baseW, g.strideW(), ow);
                    int hi = endInside(baseW, g.strideW(), g.width(), ow);
                    if (y0 >= y1 || lo >= hi) {
                        continue;
                    }
                    int dst = plane + (y0 * g.strideH() - g.padH() + kh * g.dilationH()) * g.width() + baseW;
                    if (flat) {
                        // As in im2col: one pass over all rows, after zeroing the wrapped-around
                        // entries, which then add +0 to the neighbouring row's ends.
                        zeroRows(col, row, y0, y1, lo, hi, ow);
                        addTo(col, row + y0 * ow + lo, x, dst + lo, (y1 - y0 - 1) * ow + hi - lo);
                        continue;
                    }
                    int s = g.strideW();
                    for (int y = y0; y < y1; y++, dst += g.strideH() * g.width()) {
                        int src = row + y * ow;
                        if (s == 1) {
                            addTo(col, src + lo, x, dst + lo, hi - lo);
                        } else {
                            for (int o = lo; o < hi; o++) {
                                x[dst + o * s] += col[src + o];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether output rows are input rows read with unit steps and the same length
     * ({@code strideH = strideW = 1}, {@code outW = W}): then the taps of all output rows are one
     * contiguous run of the input, apart from columns in the padding.
     */
    private static boolean isFlat(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.outW() == g.width();
    }

    /**
     * Zeroes the columns {@code [0, lo)} and {@code [hi, ow)} of rows {@code [y0, y1)} of the
     * {@code ow}-wide rows starting at {@code at}, one column at a time (a padding of p leaves
     * at most p such columns on each side).
     */
    private static void zeroRows(float[] col, int at, int y0, int y1, int lo, int hi, int ow) {
        for (int o = 0; o < lo; o++) {
            zeroColumn(col, at + y0 * ow + o, at + y1 * ow, ow);
        }
        for (int o = hi; o < ow; o++) {
            zeroColumn(col, at + y0 * ow + o, at + y1 * ow, ow);
        }
    }

    /** Zeroes {@code col[i]} for {@code i = from, from + step, ...} below {@code end}. */
    private static void zeroColumn(float[] col, int from, int end, int step) {
        for (int i = from; i < end; i += step) {
            col[i] = 0f;
        }
    }

    /** Zeroes the columns {@code [0, lo)} and {@code [hi, ow)} of the row starting at {@code at}. */
    private static void zero(float[] col, int at, int lo, int hi, int ow) {
        for (int o = 0; o < lo; o++) {
            col[at + o] = 0f;
        }
        for (int o = hi; o < ow; o++) {
            col[at + o] = 0f;
        }
    }

    /** {@code x[xAt + i] += col[colAt + i]} for {@code i < len}, with the active SIMD kernels. */
    private static void addTo(float[] col, int colAt, float[] x, int xAt, int len) {
        Simd.kernels().zip(Elementwise.Operator.ADD, x, xAt, 1, col, colAt, 1, x, xAt, len);
    }

    /** Smallest output column {@code o >= 0} with {@code o * stride + base >= 0}. */
    static int firstInside(int base, int stride, int outW) {
        if (base >= 0) {
            return 0;
        }
        return Math.min(outW, (-base + stride - 1) / stride);
    }

    /** One past the largest output column {@code o < outW} with {@code o * stride + base < width}. */
    static int endInside(int base, int stride, int width, int outW) {
        if (base >= width) {
            return 0;
        }
        return Math.min(outW, (width - 1 - base) / stride + 1);
    }
}
