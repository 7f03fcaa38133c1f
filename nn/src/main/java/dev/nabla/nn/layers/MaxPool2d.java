package dev.nabla.nn.layers;

import dev.nabla.core.Pooling;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Max pooling over {@code (N, C, H, W)} inputs, PyTorch's {@code nn.MaxPool2d} (ceil mode off,
 * no indices returned): {@code y[n][c][i][j] = max x[n][c][i sH - pH + a dH][j sW - pW + b dW]}
 * over the window taps {@code 0 <= a < kH, 0 <= b < kW} that fall inside x (padding never wins).
 * Output size per spatial dimension: {@code floor((in + 2 padding - dilation (k - 1) - 1) /
 * stride) + 1}. The gradient flows to the argmax of each window (the first in window order on
 * ties). No parameters. Only batched input is accepted; see {@link Pool2d}.
 */
public class MaxPool2d extends Pool2d {

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
        super("MaxPool2d", kernelSize, stride, padding, dilation);
    }

    @Override
    Tensor pool(Tensor x) {
        return Pooling.maxPool2d(x, kernelSize(), stride(), padding(), dilationValues());
    }

    /** @return {@code {dH, dW}}; a copy */
    public int[] dilation() {
        return dilationValues();
    }

    @Override
    protected String extraRepr() {
        return windowRepr() + ", dilation=" + Arrays.toString(dilationValues());
    }
}
