package dev.nabla.core;

import dev.nabla.core.kernels.ConvGeometry;
import dev.nabla.core.kernels.PlaneKernels;
import java.util.Arrays;

/**
 * Pooling and upsampling over the last two axes of {@code (N, C, H, W)} tensors, with
 * PyTorch's semantics and output sizes (ceil mode off).
 *
 * <p>Max pooling picks one input per output: its values are a gather of the input at the
 * window argmax, so its gradient is a scatter into the argmax positions, whose own gradient
 * is a gather again (second order works piecewise). Every other op here is linear in x, a
 * fixed {@link PlaneMap} applied to every plane, whose gradient is the transposed map.
 */
public final class Pooling {

    private Pooling() {
    }

    /**
     * Max pooling with indices, as {@code torch.nn.functional.max_pool2d(..., return_indices=True)}:
     * {@code y[n][c][oh][ow] = max x[n][c][oh sH - pH + kh dH][ow sW - pW + kw dW]} over the
     * window taps inside x (padding never wins). dx = g scattered to the argmax positions.
     *
     * @param x {@code (N, C, H, W)}
     * @param kernel {@code {kH, kW}}, each at least 1
     * @param stride {@code {sH, sW}}, each at least 1 (PyTorch's default is the kernel size)
     * @param padding {@code {pH, pW}}, each between 0 and half the kernel size
     * @param dilation {@code {dH, dW}}, each at least 1
     * @return the values {@code (N, C, outH, outW)} with {@code out = floor((in + 2p - d (k - 1) - 1) / s) + 1},
     *     and for each value the flat position {@code h * W + w} of its argmax within its plane
     *     (first maximum in window order on ties)
     * @throws IllegalArgumentException (message starting {@code "maxPool2d:"}) on a rank other
     *     than 4, non-positive kernel, stride or dilation, padding outside {@code [0, k/2]} or an
     *     empty output
     */
    public static ValuesAndIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding,
                                                        int[] dilation) {
        String op = "maxPool2d";
        checkWindow(op, x, kernel, stride, padding, dilation);
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int[] out = outputSize(op, x, kernel, stride, padding, dilation);
        int[] index = new int[n * c * out[0] * out[1]];
        int[] window = {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]};
        PlaneKernels.maxPoolArgmax(n * c, h, w, out[0], out[1], window, x.data(), index);
        Tensor values = Indexing.gather(x.reshape(n * c, h * w), 1, index, n * c, out[0] * out[1])
                .reshape(n, c, out[0], out[1]);
        return new ValuesAndIndices(values, index);
    }

    /**
     * Max pooling, as {@code torch.nn.functional.max_pool2d}: the values of
     * {@link #maxPool2dWithIndices}; dx = g scattered to the argmax positions.
     *
     * @throws IllegalArgumentException as {@link #maxPool2dWithIndices}
     */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return maxPool2dWithIndices(x, kernel, stride, padding, dilation).values();
    }

    /**
     * Max pooling over {@code k x k} windows with stride k, no padding, no dilation (PyTorch's
     * defaults for {@code max_pool2d(x, k)}).
     *
     * @throws IllegalArgumentException as {@link #maxPool2dWithIndices}
     */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0},
                new int[] {1, 1});
    }

    /**
     * Average pooling, as {@code torch.nn.functional.avg_pool2d} (ceil mode off):
     * {@code y = (sum of the window's inputs inside x) / divisor}, where the divisor is
     * {@code kH kW} if {@code countIncludePad} (PyTorch's default) and the number of window
     * positions inside x otherwise. dx = each g spread back over its window with the same weights.
     *
     * @param x {@code (N, C, H, W)}
     * @param kernel {@code {kH, kW}}, each at least 1
     * @param stride {@code {sH, sW}}, each at least 1
     * @param padding {@code {pH, pW}}, each between 0 and half the kernel size
     * @param countIncludePad whether padded positions count in the divisor
     * @return {@code (N, C, outH, outW)}, {@code out = floor((in + 2p - k) / s) + 1}
     * @throws IllegalArgumentException (message starting {@code "avgPool2d:"}) on a rank other
     *     than 4, non-positive kernel or stride, padding outside {@code [0, k/2]} or an empty output
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        String op = "avgPool2d";
        int[] dilation = {1, 1};
        checkWindow(op, x, kernel, stride, padding, dilation);
        int h = x.size(2);
        int w = x.size(3);
        int[] out = outputSize(op, x, kernel, stride, padding, dilation);
        PlaneMap.Builder map = new PlaneMap.Builder(h, w, out[0], out[1]);
        for (int i = 0; i < out[0]; i++) {
            int h0 = i * stride[0] - padding[0];
            int h1 = Math.min(h0 + kernel[0], h + padding[0]);
            for (int j = 0; j < out[1]; j++) {
                int w0 = j * stride[1] - padding[1];
                int w1 = Math.min(w0 + kernel[1], w + padding[1]);
                int padded = (h1 - h0) * (w1 - w0);
                int hs = Math.max(h0, 0);
                int he = Math.min(h1, h);
                int ws = Math.max(w0, 0);
                int we = Math.min(w1, w);
                float weight = 1f / (countIncludePad ? padded : (he - hs) * (we - ws));
                for (int r = hs; r < he; r++) {
                    for (int q = ws; q < we; q++) {
                        map.add(r, q, weight);
                    }
                }
                map.next();
            }
        }
        return map.build().apply(op, x);
    }

    /**
     * Average pooling over {@code k x k} windows with stride k and no padding.
     *
     * @throws IllegalArgumentException as {@link #avgPool2d(Tensor, int[], int[], int[], boolean)}
     */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, true);
    }

    /**
     * Adaptive average pooling, as {@code torch.nn.functional.adaptive_avg_pool2d}: output row
     * {@code i} averages input rows {@code [floor(i H / outH), ceil((i + 1) H / outH))}, and
     * likewise for columns. dx = each g spread evenly over its window.
     *
     * @param x {@code (N, C, H, W)}
     * @param outH output rows, at least 1
     * @param outW output columns, at least 1
     * @return {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException (message starting {@code "adaptiveAvgPool2d:"}) on a rank
     *     other than 4, an empty input plane or an output size below 1
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        checkResize("adaptiveAvgPool2d", x, outH, outW);
        int h = x.size(2);
        int w = x.size(3);
        PlaneMap.Builder map = new PlaneMap.Builder(h, w, outH, outW);
        for (int i = 0; i < outH; i++) {
            int hs = i * h / outH;
            int he = ((i + 1) * h + outH - 1) / outH;
            for (int j = 0; j < outW; j++) {
                int ws = j * w / outW;
                int we = ((j + 1) * w + outW - 1) / outW;
                float weight = 1f / ((he - hs) * (we - ws));
                for (int r = hs; r < he; r++) {
                    for (int q = ws; q < we; q++) {
                        map.add(r, q, weight);
                    }
                }
                map.next();
            }
        }
        return map.build().apply("adaptiveAvgPool2d", x);
    }

    /**
     * Nearest-neighbour upsampling (or downsampling) to a size, as
     * {@code torch.nn.functional.interpolate(mode="nearest")}: output row {@code i} copies input
     * row {@code min(floor(i * (H / outH)), H - 1)} (the ratio in fp32, as PyTorch), likewise for
     * columns. dx = the sum of g over the outputs that copied each input.
     *
     * @param x {@code (N, C, H, W)}
     * @param outH output rows, at least 1
     * @param outW output columns, at least 1
     * @return {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException (message starting {@code "upsampleNearest2d:"}) on a rank
     *     other than 4, an empty input plane or an output size below 1
     */
    public static Tensor upsampleNearest2d(Tensor x, int outH, int outW) {
        checkResize("upsampleNearest2d", x, outH, outW);
        int h = x.size(2);
        int w = x.size(3);
        PlaneMap.Builder map = new PlaneMap.Builder(h, w, outH, outW);
        for (int i = 0; i < outH; i++) {
            int r = nearest(i, h, outH);
            for (int j = 0; j < outW; j++) {
                map.add(r, nearest(j, w, outW), 1f).next();
            }
        }
        return map.build().apply("upsampleNearest2d", x);
    }

    /** PyTorch's nearest source index: {@code min(floor(dst * (in / out)), in - 1)} in fp32. */
    private static int nearest(int dst, int in, int out) {
        if (out == in) {
            return dst;
        }
        if (out == 2 * in) {
            return dst >> 1;
        }
        float scale = (float) in / out;
        return Math.min((int) Math.floor(dst * scale), in - 1);
    }

    /**
     * Bilinear upsampling (or downsampling) to a size, as
     * {@code torch.nn.functional.interpolate(mode="bilinear", align_corners=...)}. The source
     * coordinate of output row {@code i} is {@code i (H - 1) / (outH - 1)} with aligned corners
     * (0 if {@code outH = 1}), else {@code max((i + 1/2) H / outH - 1/2, 0)}; the output mixes the
     * two nearest input rows (and columns) with weights {@code 1 - frac, frac}. dx = each g spread
     * back with the same weights.
     *
     * @param x {@code (N, C, H, W)}
     * @param outH output rows, at least 1
     * @param outW output columns, at least 1
     * @param alignCorners whether the corner pixels of input and output are aligned
     * @return {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException (message starting {@code "upsampleBilinear2d:"}) on a rank
     *     other than 4, an empty input plane or an output size below 1
     */
    public static Tensor upsampleBilinear2d(Tensor x, int outH, int outW, boolean alignCorners) {
        checkResize("upsampleBilinear2d", x, outH, outW);
        int h = x.size(2);
        int w = x.size(3);
        float[][] rows = linearTaps(h, outH, alignCorners);
        float[][] cols = linearTaps(w, outW, alignCorners);
        PlaneMap.Builder map = new PlaneMap.Builder(h, w, outH, outW);
        for (int i = 0; i < outH; i++) {
            int r0 = (int) rows[i][0];
            int r1 = (int) rows[i][1];
            for (int j = 0; j < outW; j++) {
                int q0 = (int) cols[j][0];
                int q1 = (int) cols[j][1];
                map.add(r0, q0, rows[i][2] * cols[j][2]).add(r0, q1, rows[i][2] * cols[j][3])
                        .add(r1, q0, rows[i][3] * cols[j][2]).add(r1, q1, rows[i][3] * cols[j][3]).next();
            }
        }
        return map.build().apply("upsampleBilinear2d", x);
    }

    /** For each output position: {i0, i1, weight of i0, weight of i1}, as PyTorch computes them in fp32. */
    private static float[][] linearTaps(int in, int out, boolean alignCorners) {
        float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : (float) in / out;
        float[][] taps = new float[out][];
        for (int o = 0; o < out; o++) {
            float src = alignCorners ? scale * o : Math.max(scale * (o + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            int i1 = i0 + (i0 < in - 1 ? 1 : 0);
            float l1 = Math.min(Math.max(src - i0, 0f), 1f);
            taps[o] = new float[] {i0, i1, 1f - l1, l1};
        }
        return taps;
    }

    private static void checkWindow(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W), got " + x.shape());
        }
        Convolution.checkPair(op, "kernel", kernel, 1);
        Convolution.checkPair(op, "stride", stride, 1);
        Convolution.checkPair(op, "padding", padding, 0);
        Convolution.checkPair(op, "dilation", dilation, 1);
        if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
            throw new IllegalArgumentException(op + ": padding " + Arrays.toString(padding)
                    + " must be at most half the kernel " + Arrays.toString(kernel));
        }
    }

    private static int[] outputSize(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        int oh = ConvGeometry.outputSize(x.size(2), kernel[0], stride[0], padding[0], dilation[0]);
        int ow = ConvGeometry.outputSize(x.size(3), kernel[1], stride[1], padding[1], dilation[1]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel) + " with dilation "
                    + Arrays.toString(dilation) + " is larger than the padded input " + (x.size(2) + 2 * padding[0])
                    + "x" + (x.size(3) + 2 * padding[1]) + " (input " + x.shape() + ")");
        }
        return new int[] {oh, ow};
    }

    private static void checkResize(String op, Tensor x, int outH, int outW) {
        if (x.dim() != 4 || x.size(2) < 1 || x.size(3) < 1) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W) with H, W >= 1, got " + x.shape());
        }
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size must be >= 1, got " + outH + "x" + outW
                    + " for input " + x.shape());
        }
    }
}
