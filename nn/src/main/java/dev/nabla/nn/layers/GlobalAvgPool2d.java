package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * Global average pooling: the mean of each channel's {@code H x W} plane, as ResNet and DenseNet
 * use before their classifier. By default the spatial dimensions are dropped, {@code (N, C, H,
 * W) -> (N, C)}, ready for a {@link Linear}; with {@code keepDim} the result is
 * {@code (N, C, 1, 1)}, which equals PyTorch's {@code nn.AdaptiveAvgPool2d(1)}. No parameters.
 */
public class GlobalAvgPool2d extends Module {

    private static final int[] SPATIAL = {2, 3};

    private final boolean keepDim;

    /** Pools to {@code (N, C)}. */
    public GlobalAvgPool2d() {
        this(false);
    }

    /**
     * @param keepDim whether to keep the spatial dimensions as size 1, giving {@code (N, C, 1, 1)}
     *     instead of {@code (N, C)}
     */
    public GlobalAvgPool2d(boolean keepDim) {
        this.keepDim = keepDim;
    }

    /**
     * @param x the input, {@code (N, C, H, W)} with H, W at least 1
     * @return the per-channel means, {@code (N, C)}, or {@code (N, C, 1, 1)} with keepDim
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, C, H, W)} with non-empty planes
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(2) < 1 || x.size(3) < 1) {
            throw badInput("(N, C, H, W) with H, W >= 1", x);
        }
        return x.mean(SPATIAL, keepDim);
    }

    /** @return whether the spatial dimensions are kept as size 1 */
    public boolean keepDim() {
        return keepDim;
    }

    @Override
    protected String extraRepr() {
        return "keep_dim=" + keepDim;
    }
}
