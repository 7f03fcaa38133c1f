package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * Merges dimensions {@code startDim..endDim} (inclusive) into one, sharing storage (PyTorch's
 * {@code nn.Flatten}); by default everything but the batch dimension: {@code (N, C, H, W) ->
 * (N, C H W)}.
 */
public class Flatten extends Module {

    private final int startDim;
    private final int endDim;

    /** Flattens all dimensions after the first (PyTorch's defaults 1 and -1). */
    public Flatten() {
        this(1, -1);
    }

    /**
     * @param startDim the first dimension merged; negative counts from the end
     * @param endDim the last dimension merged; negative counts from the end
     */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /**
     * @param x the input; it must have both dimensions, with startDim not after endDim
     * @return x with the dimensions merged
     * @throws IllegalArgumentException if x lacks a dimension or startDim comes after endDim for it
     */
    @Override
    public Tensor forward(Tensor x) {
        int r = x.dim();
        int s = startDim < 0 ? startDim + r : startDim;
        int e = endDim < 0 ? endDim + r : endDim;
        if (s < 0 || s >= r || e < 0 || e >= r || s > e) {
            throw badInput("a tensor with dimensions " + startDim + " to " + endDim + " (rank >= "
                    + Math.max(Math.max(startDim + 1, -startDim), Math.max(endDim + 1, -endDim)) + ")", x);
        }
        return x.flatten(s, e);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
