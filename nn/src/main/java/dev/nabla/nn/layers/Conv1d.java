package dev.nabla.nn.layers;

import dev.nabla.core.Convolution;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * A 1-D convolution (cross-correlation) over {@code (N, Cin, L)} inputs, PyTorch's
 * {@code nn.Conv1d}:
 * {@code y[n][co][i] = b[co] + sum_{ci, t} weight[co][ci][t] x[n][g Cin/groups + ci][i s - p + t d]},
 * where {@code g} is the group of output channel {@code co} and x is zero outside its ends.
 *
 * <p>Parameters: {@code weight} of shape {@code (Cout, Cin / groups, k)} and, optionally,
 * {@code bias} of shape {@code (Cout)}, both starting as U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with
 * {@code fanIn = Cin / groups * k} (PyTorch's default). Output length:
 * {@code floor((L + 2 padding - dilation (k - 1) - 1) / stride) + 1}. Only batched input is
 * accepted.
 */
public class Conv1d extends ConvLayer {

    private final int kernel;
    private final ConvOptions options;

    /**
     * Stride 1, no padding, one group, with a bias.
     *
     * @param inChannels the input channels Cin, at least 1
     * @param outChannels the output channels Cout, at least 1
     * @param kernelSize the kernel length k, at least 1
     * @param rng the generator of the initial weights
     * @throws IllegalArgumentException if a size is below 1
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, kernelSize, ConvOptions.DEFAULT, rng);
    }

    /**
     * One group, with a bias.
     *
     * @param inChannels the input channels Cin, at least 1
     * @param outChannels the output channels Cout, at least 1
     * @param kernelSize the kernel length k, at least 1
     * @param stride the step, at least 1
     * @param padding zeros at each end, at least 0
     * @param rng the generator of the initial weights
     * @throws IllegalArgumentException if a value is out of range
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, kernelSize, ConvOptions.of(stride, padding), rng);
    }

    /**
     * The general form.
     *
     * @param inChannels the input channels Cin, at least 1, a multiple of groups
     * @param outChannels the output channels Cout, at least 1, a multiple of groups
     * @param kernelSize the kernel length k, at least 1
     * @param options stride, padding and dilation (one value each), groups and bias
     * @param rng the generator of the initial weights (weight first, then bias)
     * @throws IllegalArgumentException if a value is out of range, the channel counts are not
     *     multiples of groups, or an option has more than one value
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, ConvOptions options, Rng rng) {
        String name = "Conv1d";
        ConvOptions.expand(name, "stride", options.stride(), 1);
        ConvOptions.expand(name, "padding", options.padding(), 1);
        ConvOptions.expand(name, "dilation", options.dilation(), 1);
        ConvOptions.checkLayer(name, inChannels, outChannels, options.groups(), new int[] {kernelSize});
        this.kernel = kernelSize;
        this.options = options;
        initParameters(inChannels, outChannels, new int[] {outChannels, inChannels / options.groups(), kernelSize},
                inChannels / options.groups() * kernelSize, options.bias(), rng);
    }

    /**
     * @param x the input, {@code (N, Cin, L)}, with the padded length at least the dilated kernel's
     * @return the convolution, {@code (N, Cout, outL)}
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, Cin, L)} or
     *     is too short for the kernel
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(1) != inChannels()) {
            throw badInput("(N, " + inChannels() + ", L)", x);
        }
        return naming(() -> Convolution.conv1d(x, weight(), bias(), options.stride()[0], options.padding()[0],
                options.dilation()[0], options.groups()));
    }

    /** @return the kernel length k */
    public int kernelSize() {
        return kernel;
    }

    /** @return the options, as given */
    public ConvOptions options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return Conv2d.reprOf(inChannels(), outChannels(), new int[] {kernel}, options.stride(), options.padding(),
                options.dilation(), null, options.groups(), options.bias());
    }
}
