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
        int row = colOff;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++, row += ldCol) {
                    int baseW = kw * g.dilationW() - g.padW();
                    int lo = firstInside(baseW, g.strideW(), ow);
                    int hi = endInside(baseW, g.strideW(), g.width(), ow);
                    for (int y = 0; y < oh; y++) {
                        int dst = row + y * ow;
                        int ih = y * g.strideH() - g.padH() + kh * g.dilationH();
                        if (ih < 0 || ih >= g.height() || lo >= hi) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + ih * g.width() + baseW;
                        Arrays.fill(col, dst, dst + lo, 0f);
                        if (g.strideW() == 1) {
                            System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
                        } else {
                            for (int o = lo; o < hi; o++) {
                                col[dst + o] = x[src + o * g.strideW()];
                            }
                        }
                        Arrays.fill(col, dst + hi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    /**
     * Adds a patch matrix back into one sample: the adjoint of {@link #im2col}. Entries are
     * added row by row, column by column, so the result does not depend on threads.
     *
     * @param g the geometry (its batch and channel-group fields are not used)
     * @param col read only: the matrix laid out as {@link #im2col} writes it
     * @param colOff index of the first entry of the matrix
     * @param ldCol distance between rows, at least {@code outH * outW}
     * @param x accumulated into: the sample {@code (Cin, H, W)} starting at {@code xOff}
     * @param xOff index of the sample's first element
     */
    public static void col2im(ConvGeometry g, float[] col, int colOff, int ldCol, float[] x, int xOff) {
        int oh = g.outH();
        int ow = g.outW();
        int row = colOff;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++, row += ldCol) {
                    int baseW = kw * g.dilationW() - g.padW();
                    int lo = firstInside(baseW, g.strideW(), ow);
                    int hi = endInside(baseW, g.strideW(), g.width(), ow);
                    for (int y = 0; y < oh; y++) {
                        int ih = y * g.strideH() - g.padH() + kh * g.dilationH();
                        if (ih < 0 || ih >= g.height()) {
                            continue;
                        }
                        int src = row + y * ow;
                        int dst = plane + ih * g.width() + baseW;
                        int s = g.strideW();
                        for (int o = lo; o < hi; o++) {
                            x[dst + o * s] += col[src + o];
                        }
                    }
                }
            }
        }
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
