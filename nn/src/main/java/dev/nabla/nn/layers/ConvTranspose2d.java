package dev.nabla.nn.layers;

import dev.nabla.core.Convolution;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * A 2-D transposed convolution over {@code (N, Cin, H, W)} inputs, PyTorch's
 * {@code nn.ConvTranspose2d}: the gradient of a {@link Conv2d} with respect to its input, used
 * to upsample. Each input pixel scatters {@code x[n][ci][h][w] weight[ci][co][kh][kw]} to
 * output position {@code (h sH - pH + kh dH, w sW - pW + kw dW)} of channel
 * {@code g Cout/groups + co}, where {@code g} is the group of {@code ci}; then the bias is added.
 *
 * <p>Parameters: {@code weight} of shape {@code (Cin, Cout / groups, kH, kW)} and, optionally,
 * {@code bias} of shape {@code (Cout)}. Both start as PyTorch's default, U(-1/sqrt(fanIn),
 * 1/sqrt(fanIn)), where PyTorch takes the fan in from the weight's dimension 1:
 * {@code fanIn = Cout / groups * kH * kW}.
 *
 * <p>Output size per spatial dimension: {@code (in - 1) stride - 2 padding + dilation (k - 1) +
 * outputPadding + 1}. Only batched input is accepted.
 */
public class ConvTranspose2d extends ConvLayer {

    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;

    /**
     * A square kernel, stride 1, no padding, one group, with a bias.
     *
     * @param inChannels the input channels Cin, at least 1
     * @param outChannels the output channels Cout, at least 1
     * @param kernelSize the kernel height and width, at least 1
     * @param rng the generator of the initial weights
     * @throws IllegalArgumentException if a size is below 1
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.DEFAULT, new int[] {0}, rng);
    }

    /**
     * A square kernel with the same stride and padding in both directions, no output padding,
     * one group, with a bias.
     *
     * @param inChannels the input channels Cin, at least 1
     * @param outChannels the output channels Cout, at least 1
     * @param kernelSize the kernel height and width, at least 1
     * @param stride the upsampling step, at least 1
     * @param padding pixels removed from each border of the output, at least 0
     * @param rng the generator of the initial weights
     * @throws IllegalArgumentException if a value is out of range
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of(stride, padding), new int[] {0}, rng);
    }

    /**
     * The general form.
     *
     * @param inChannels the input channels Cin, at least 1, a multiple of groups
     * @param outChannels the output channels Cout, at least 1, a multiple of groups
     * @param kernelSize {@code {k}} or {@code {kH, kW}}, each at least 1; copied
     * @param options stride, padding (removed from the output's borders), dilation, groups and bias
     * @param outputPadding {@code {o}} or {@code {oH, oW}}: extra rows/columns added on one side
     *     of the output, each at least 0 and smaller than the stride or the dilation of its
     *     direction; copied
     * @param rng the generator of the initial weights (weight first, then bias)
     * @throws IllegalArgumentException if a value is out of range, the channel counts are not
     *     multiples of groups, or an array has neither 1 nor 2 values
     */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options,
                           int[] outputPadding, Rng rng) {
        String name = "ConvTranspose2d";
        kernel = ConvOptions.expand(name, "kernelSize", kernelSize, 2);
        stride = ConvOptions.expand(name, "stride", options.stride(), 2);
        padding = ConvOptions.expand(name, "padding", options.padding(), 2);
        dilation = ConvOptions.expand(name, "dilation", options.dilation(), 2);
        this.outputPadding = ConvOptions.expand(name, "outputPadding", outputPadding, 2);
        for (int i = 0; i < 2; i++) {
            int o = this.outputPadding[i];
            if (o < 0 || (o >= stride[i] && o >= dilation[i])) {
                throw new IllegalArgumentException(name + ": outputPadding " + Arrays.toString(outputPadding)
                        + " must be >= 0 and smaller than the stride " + Arrays.toString(stride)
                        + " or the dilation " + Arrays.toString(dilation) + " in each direction");
            }
        }
        groups = options.groups();
        ConvOptions.checkLayer(name, inChannels, outChannels, groups, kernel);
        // PyTorch computes the fan in from the weight's dimension 1, which here is Cout / groups.
        initParameters(inChannels, outChannels, new int[] {inChannels, outChannels / groups, kernel[0], kernel[1]},
                outChannels / groups * kernel[0] * kernel[1], options.bias(), rng);
    }

    /**
     * @param x the input, {@code (N, Cin, H, W)}
     * @return the transposed convolution, {@code (N, Cout, outH, outW)}
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, Cin, H, W)}
     *     or the output would be empty
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels()) {
            throw badInput("(N, " + inChannels() + ", H, W)", x);
        }
        return naming(() -> Convolution.convTranspose2d(x, weight(), bias(), stride, padding, outputPadding,
                dilation, groups));
    }

    /** @return {@code {kH, kW}}; a copy */
    public int[] kernelSize() {
        return kernel.clone();
    }

    /** @return {@code {oH, oW}}; a copy */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    /** @return the options, with every array expanded to {@code {h, w}} */
    public ConvOptions options() {
        return new ConvOptions(stride, padding, dilation, groups, bias() != null);
    }

    @Override
    protected String extraRepr() {
        return Conv2d.reprOf(inChannels(), outChannels(), kernel, stride, padding, dilation, outputPadding, groups,
                bias() != null);
    }
}
