package dev.nabla.nn.layers;

import dev.nabla.core.Convolution;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A 2-D convolution (cross-correlation) over {@code (N, Cin, H, W)} inputs, PyTorch's
 * {@code nn.Conv2d}:
 * {@code y[n][co][i][j] = b[co] + sum_{ci, kh, kw} weight[co][ci][kh][kw]
 * x[n][g Cin/groups + ci][i sH - pH + kh dH][j sW - pW + kw dW]}, where {@code g} is the group
 * of output channel {@code co} and x is zero outside its borders.
 *
 * <p>Parameters: {@code weight} of shape {@code (Cout, Cin / groups, kH, kW)} and, optionally,
 * {@code bias} of shape {@code (Cout)}. Both start as PyTorch's default, U(-1/sqrt(fanIn),
 * 1/sqrt(fanIn)) with {@code fanIn = Cin / groups * kH * kW} (for the weight this is Kaiming
 * uniform with {@code a = sqrt 5}).
 *
 * <p>Output size per spatial dimension: {@code floor((in + 2 padding - dilation (k - 1) - 1) /
 * stride) + 1}. Only batched input is accepted (PyTorch also takes an unbatched
 * {@code (Cin, H, W)}; add the batch dimension with {@code unsqueeze(0)}).
 */
public class Conv2d extends ConvLayer {

    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;

    /**
     * A square kernel with stride 1, no padding, one group and a bias.
     *
     * @param inChannels the input channels Cin, at least 1
     * @param outChannels the output channels Cout, at least 1
     * @param kernelSize the kernel height and width, at least 1
     * @param rng the generator of the initial weights
     * @throws IllegalArgumentException if a size is below 1
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.DEFAULT, rng);
    }

    /**
     * A square kernel with the same stride and padding in both directions, one group and a bias.
     *
     * @param inChannels the input channels Cin, at least 1
     * @param outChannels the output channels Cout, at least 1
     * @param kernelSize the kernel height and width, at least 1
     * @param stride the step in both directions, at least 1
     * @param padding zeros on each side, at least 0
     * @param rng the generator of the initial weights
     * @throws IllegalArgumentException if a value is out of range
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of(stride, padding), rng);
    }

    /**
     * The general form.
     *
     * @param inChannels the input channels Cin, at least 1, a multiple of groups
     * @param outChannels the output channels Cout, at least 1, a multiple of groups
     * @param kernelSize {@code {k}} or {@code {kH, kW}}, each at least 1; copied
     * @param options stride, padding, dilation (one or two values each), groups and bias
     * @param rng the generator of the initial weights (weight first, then bias)
     * @throws IllegalArgumentException if a value is out of range, the channel counts are not
     *     multiples of groups, or an array has neither 1 nor 2 values
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options, Rng rng) {
        String name = "Conv2d";
        kernel = ConvOptions.expand(name, "kernelSize", kernelSize, 2);
        stride = ConvOptions.expand(name, "stride", options.stride(), 2);
        padding = ConvOptions.expand(name, "padding", options.padding(), 2);
        dilation = ConvOptions.expand(name, "dilation", options.dilation(), 2);
        groups = options.groups();
        ConvOptions.checkLayer(name, inChannels, outChannels, groups, kernel);
        initParameters(inChannels, outChannels, new int[] {outChannels, inChannels / groups, kernel[0], kernel[1]},
                inChannels / groups * kernel[0] * kernel[1], options.bias(), rng);
    }

    /**
     * @param x the input, {@code (N, Cin, H, W)}, with the padded input at least as large as
     *     the dilated kernel
     * @return the convolution, {@code (N, Cout, outH, outW)}
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, Cin, H, W)}
     *     or is too small for the kernel
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels()) {
            throw badInput("(N, " + inChannels() + ", H, W)", x);
        }
        return naming(() -> Convolution.conv2d(x, weight(), bias(), stride, padding, dilation, groups));
    }

    /** @return {@code {kH, kW}}; a copy */
    public int[] kernelSize() {
        return kernel.clone();
    }

    /** @return the options, with every array expanded to {@code {h, w}} */
    public ConvOptions options() {
        return new ConvOptions(stride, padding, dilation, groups, bias() != null);
    }

    @Override
    protected String extraRepr() {
        return reprOf(inChannels(), outChannels(), kernel, stride, padding, dilation, null, groups, bias() != null);
    }

    /** PyTorch's {@code extra_repr} of a convolution: defaults (padding 0, dilation 1, groups 1) left out. */
    static String reprOf(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation,
                         int[] outputPadding, int groups, boolean bias) {
        StringBuilder sb = new StringBuilder();
        sb.append(in).append(", ").append(out).append(", kernel_size=").append(tuple(kernel))
                .append(", stride=").append(tuple(stride));
        if (any(padding, 0)) {
            sb.append(", padding=").append(tuple(padding));
        }
        if (any(dilation, 1)) {
            sb.append(", dilation=").append(tuple(dilation));
        }
        if (outputPadding != null && any(outputPadding, 0)) {
            sb.append(", output_padding=").append(tuple(outputPadding));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        return bias ? sb.toString() : sb.append(", bias=false").toString();
    }

    private static boolean any(int[] values, int unlike) {
        for (int v : values) {
            if (v != unlike) {
                return true;
            }
        }
        return false;
    }

    /** {@code (a, b)}, or {@code (a,)} for one value, as Python prints tuples. */
    private static String tuple(int[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(values[i]);
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }
}
