package dev.nabla.nn.layers;

import dev.nabla.core.Pooling;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * Adaptive average pooling to a fixed output size, PyTorch's {@code nn.AdaptiveAvgPool2d}:
 * output row {@code i} averages input rows {@code [floor(i H / outH), ceil((i + 1) H / outH))},
 * and likewise for columns, so windows may overlap or differ in size when H is not a multiple
 * of outH. No parameters. Only batched input is accepted.
 */
public class AdaptiveAvgPool2d extends Module {

    private final int outH;
    private final int outW;

    /**
     * A square output.
     *
     * @param outputSize the output height and width, at least 1
     * @throws IllegalArgumentException if outputSize is below 1
     */
    public AdaptiveAvgPool2d(int outputSize) {
        this(outputSize, outputSize);
    }

    /**
     * @param outH the output height, at least 1
     * @param outW the output width, at least 1
     * @throws IllegalArgumentException if a size is below 1
     */
    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    /**
     * @param x the input, {@code (N, C, H, W)} with H, W at least 1
     * @return the averages, {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, C, H, W)} with non-empty planes
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(2) < 1 || x.size(3) < 1) {
            throw badInput("(N, C, H, W) with H, W >= 1", x);
        }
        return Pooling.adaptiveAvgPool2d(x, outH, outW);
    }

    /** @return the output height */
    public int outH() {
        return outH;
    }

    /** @return the output width */
    public int outW() {
        return outW;
    }

    @Override
    protected String extraRepr() {
        return "output_size=(" + outH + ", " + outW + ")";
    }
}
