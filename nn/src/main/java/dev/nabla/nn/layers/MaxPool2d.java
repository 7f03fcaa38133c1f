package dev.nabla.nn.layers;

import dev.nabla.core.Pooling;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.Arrays;

/**
 * Max pooling over {@code (N, C, H, W)} inputs, PyTorch's {@code nn.MaxPool2d} (ceil mode off,
 * no indices returned): {@code y[n][c][i][j] = max x[n][c][i sH - pH + a dH][j sW - pW + b dW]}
 * over the window taps {@code 0 <= a < kH, 0 <= b < kW} that fall inside x (padding never wins).
 * Output size per spatial dimension: {@code floor((in + 2 padding - dilation (k - 1) - 1) /
 * stride) + 1}. The gradient flows to the argmax of each window (the first in window order on
 * ties). No parameters. Only batched input is accepted.
 */
public class MaxPool2d extends Module {

    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;

    /**
     * Square windows with stride equal to the kernel, no padding (PyTorch's defaults).
     *
     * @param kernelSize the window height and width, at least 1
     * @throws IllegalArgumentException if kernelSize is below 1
     */
    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1});
    }

    /**
     * Square windows with the same stride and padding in both directions.
     *
     * @param kernelSize the window height and width, at least 1
     * @param stride the step, at least 1
     * @param padding the implicit padding on each side (never selected), between 0 and kernelSize / 2
     * @throws IllegalArgumentException if a value is out of range
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1});
    }

    /**
     * The general form; each array holds one value for both directions or {@code {h, w}}.
     *
     * @param kernelSize the window size, each at least 1; copied
     * @param stride the step, each at least 1, or {@code null} for the kernel size (PyTorch's default); copied
     * @param padding each between 0 and half the kernel size, in pixels; copied
     * @param dilation the spacing of window taps, each at least 1; copied
     * @throws IllegalArgumentException if an array has neither 1 nor 2 values or a value is out of range
     */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        String name = "MaxPool2d";
        kernel = ConvOptions.expand(name, "kernelSize", kernelSize, 2);
        this.stride = stride == null ? kernel.clone() : ConvOptions.expand(name, "stride", stride, 2);
        this.padding = ConvOptions.expand(name, "padding", padding, 2);
        this.dilation = ConvOptions.expand(name, "dilation", dilation, 2);
        checkWindow(name, kernel, this.stride, this.padding, this.dilation);
    }

    /**
     * Checks pooling-window settings as PyTorch does.
     *
     * @param layer the layer's name, for the message
     * @param kernel {@code {kH, kW}}
     * @param stride {@code {sH, sW}}
     * @param padding {@code {pH, pW}}
     * @param dilation {@code {dH, dW}}
     * @throws IllegalArgumentException unless kernel, stride and dilation are at least 1 and
     *     the padding is between 0 and half the kernel
     */
    static void checkWindow(String layer, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        for (int i = 0; i < 2; i++) {
            if (kernel[i] < 1 || stride[i] < 1 || dilation[i] < 1 || padding[i] < 0 || padding[i] > kernel[i] / 2) {
                throw new IllegalArgumentException(layer + ": expected kernel, stride and dilation >= 1 and padding"
                        + " in [0, kernel / 2], got kernel " + Arrays.toString(kernel) + ", stride "
                        + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", dilation "
                        + Arrays.toString(dilation));
            }
        }
    }

    /**
     * @param x the input, {@code (N, C, H, W)}, with the padded planes at least as large as the dilated window
     * @return the window maxima, {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, C, H, W)} or
     *     is too small for the window
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw badInput("(N, C, H, W)", x);
        }
        return naming(() -> Pooling.maxPool2d(x, kernel, stride, padding, dilation));
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

    /** @return {@code {dH, dW}}; a copy */
    public int[] dilation() {
        return dilation.clone();
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + ", dilation=" + Arrays.toString(dilation);
    }
}
