package dev.nabla.nn.layers;

import dev.nabla.core.Pooling;
import dev.nabla.core.Tensor;

/**
 * Average pooling over {@code (N, C, H, W)} inputs, PyTorch's {@code nn.AvgPool2d} (ceil mode
 * off, no divisor override): each output is the sum of its window's inputs inside x divided by
 * {@code kH kW} if {@code countIncludePad} (PyTorch's default), or by the number of window
 * positions inside x otherwise. Output size per spatial dimension:
 * {@code floor((in + 2 padding - k) / stride) + 1}. No parameters. Only batched input is
 * accepted; see {@link Pool2d}.
 */
public class AvgPool2d extends Pool2d {

    private static final int[] NO_DILATION = {1};

    private final boolean countIncludePad;

    /**
     * Square windows with stride equal to the kernel, no padding (PyTorch's defaults).
     *
     * @param kernelSize the window height and width, at least 1
     * @throws IllegalArgumentException if kernelSize is below 1
     */
    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, true);
    }

    /**
     * Square windows with the same stride and padding in both directions, padding counted in the divisor.
     *
     * @param kernelSize the window height and width, at least 1
     * @param stride the step, at least 1
     * @param padding zeros on each side, between 0 and kernelSize / 2
     * @throws IllegalArgumentException if a value is out of range
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, true);
    }

    /**
     * The general form; each array holds one value for both directions or {@code {h, w}}.
     *
     * @param kernelSize the window size, each at least 1; copied
     * @param stride the step, each at least 1, or {@code null} for the kernel size (PyTorch's default); copied
     * @param padding zeros on each side, each between 0 and half the kernel size; copied
     * @param countIncludePad whether padded positions count in the divisor
     * @throws IllegalArgumentException if an array has neither 1 nor 2 values or a value is out of range
     */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) {
        super("AvgPool2d", kernelSize, stride, padding, NO_DILATION);
        this.countIncludePad = countIncludePad;
    }

    @Override
    Tensor pool(Tensor x) {
        return Pooling.avgPool2d(x, kernelSize(), stride(), padding(), countIncludePad);
    }

    /** @return whether padded positions count in the divisor */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    protected String extraRepr() {
        return windowRepr() + ", count_include_pad=" + countIncludePad;
    }
}
