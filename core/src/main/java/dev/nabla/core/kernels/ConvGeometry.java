package dev.nabla.core.kernels;

/**
 * The sizes of one 2-D convolution {@code (N, Cin, H, W) -> (N, Cout, outH, outW)} with
 * weights {@code (Cout, Cin / groups, kernelH, kernelW)}, in PyTorch's layout (NCHW, row-major).
 * Output position {@code (oh, ow)} reads input rows {@code oh * strideH - padH + kh * dilationH}
 * and columns {@code ow * strideW - padW + kw * dilationW}; positions outside the input read 0.
 *
 * <p>The output size is stored rather than derived, so that a transposed convolution with
 * output padding (whose "forward" convolution has a larger input than its formula needs) is
 * described exactly. The kernels trust these numbers: the ops validate them first.
 *
 * @param batch N, at least 1
 * @param inChannels Cin, a multiple of {@code groups}
 * @param height H, input rows
 * @param width W, input columns
 * @param outChannels Cout, a multiple of {@code groups}
 * @param kernelH kernel rows
 * @param kernelW kernel columns
 * @param strideH row step between outputs, at least 1
 * @param strideW column step between outputs, at least 1
 * @param padH zero rows added above and below, at least 0
 * @param padW zero columns added left and right, at least 0
 * @param dilationH row step between kernel taps, at least 1
 * @param dilationW column step between kernel taps, at least 1
 * @param groups channel groups: group {@code g} maps input channels
 *     {@code [g Cin/groups, (g+1) Cin/groups)} to output channels {@code [g Cout/groups, (g+1) Cout/groups)}
 * @param outH output rows
 * @param outW output columns
 */
public record ConvGeometry(int batch, int inChannels, int height, int width, int outChannels,
                           int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, int groups, int outH, int outW) {

    /**
     * PyTorch's output length of a convolution: {@code floor((in + 2 pad - dilation (k - 1) - 1) / stride) + 1}.
     *
     * @param in input length
     * @param kernel kernel length
     * @param stride step between outputs, at least 1
     * @param pad zeros added at each end
     * @param dilation step between kernel taps
     * @return the output length (may be 0 or negative when the kernel does not fit; callers check)
     */
    public static int outputSize(int in, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** @return rows of one group's im2col matrix: {@code Cin / groups * kernelH * kernelW} */
    public int groupPatch() {
        return inChannels / groups * kernelH * kernelW;
    }

    /** @return output positions per channel: {@code outH * outW} */
    public int outPlane() {
        return outH * outW;
    }

    /** @return input positions per channel: {@code height * width} */
    public int inPlane() {
        return height * width;
    }
}
