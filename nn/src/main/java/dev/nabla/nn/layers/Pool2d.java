package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.Arrays;

/**
 * What the window pooling layers ({@link MaxPool2d}, {@link AvgPool2d}) share: the window
 * settings, each expanded to {@code {h, w}} and checked as PyTorch checks them, the check that
 * the input is {@code (N, C, H, W)}, and the accessors. Subclasses supply the pooling op.
 * No parameters. Only batched input is accepted.
 */
public abstract class Pool2d extends Module {

    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;

    /**
     * Expands and checks the window settings; each array holds one value for both directions or
     * {@code {h, w}}.
     *
     * @param name the layer's name, for messages
     * @param kernelSize the window size, each at least 1; copied
     * @param stride the step, each at least 1, or {@code null} for the kernel size; copied
     * @param padding each between 0 and half the kernel size; copied
     * @param dilation the spacing of window taps, each at least 1; copied
     * @throws IllegalArgumentException if an array has neither 1 nor 2 values or a value is out of range
     */
    Pool2d(String name, int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        this.kernel = ConvOptions.expand(name, "kernelSize", kernelSize, 2);
        this.stride = stride == null ? kernel.clone() : ConvOptions.expand(name, "stride", stride, 2);
        this.padding = ConvOptions.expand(name, "padding", padding, 2);
        this.dilation = ConvOptions.expand(name, "dilation", dilation, 2);
        for (int i = 0; i < 2; i++) {
            if (kernel[i] < 1 || this.stride[i] < 1 || this.dilation[i] < 1 || this.padding[i] < 0
                    || this.padding[i] > kernel[i] / 2) {
                throw new IllegalArgumentException(name + ": expected kernel, stride and dilation >= 1 and padding"
                        + " in [0, kernel / 2], got kernel " + Arrays.toString(kernel) + ", stride "
                        + Arrays.toString(this.stride) + ", padding " + Arrays.toString(this.padding) + ", dilation "
                        + Arrays.toString(this.dilation));
            }
        }
    }

    /**
     * Pools an input already checked to be {@code (N, C, H, W)}.
     *
     * @param x the input, {@code (N, C, H, W)}; not modified
     * @return the pooled input, {@code (N, C, outH, outW)}
     */
    abstract Tensor pool(Tensor x);

    /**
     * @param x the input, {@code (N, C, H, W)}, with the padded planes at least as large as the
     *     (dilated) window
     * @return the pooled input, {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, C, H, W)} or
     *     is too small for the window
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw badInput("(N, C, H, W)", x);
        }
        return naming(() -> pool(x));
    }

    /** @return {@code {kH, kW}}; a copy */
    public int[] kernelSize() {
        return kernel.clone();
    }

    /** @return {@code {sH, sW}}; a copy */
    public int[] stride() {
        return stride.clone();
    }

    /** @return {@code {pH, pW}}; a copy */
    public int[] padding() {
        return padding.clone();
    }

    /** @return {@code {dH, dW}}, the spacing of window taps (always {@code {1, 1}} for average pooling); a copy */
    int[] dilationValues() {
        return dilation.clone();
    }

    /** @return {@code "kernel_size=[kH, kW], stride=[sH, sW], padding=[pH, pW]"}, the start of {@link #extraRepr()} */
    String windowRepr() {
        return "kernel_size=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding);
    }
}
