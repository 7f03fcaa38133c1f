package dev.nabla.nn.layers;

import dev.nabla.core.Normalization;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * Group normalisation (PyTorch's {@code nn.GroupNorm}): the C channels of each sample are split
 * into {@code numGroups} consecutive groups, each normalised with its own mean and biased
 * variance over its channels and spatial positions, then every channel is scaled and shifted.
 * The same in training and eval mode.
 *
 * <p>Parameters (if affine): {@code weight} (ones) and {@code bias} (zeros), shape {@code (C)}.
 */
public class GroupNorm extends Module {

    private final int numGroups;
    private final int numChannels;
    private final float eps;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * With PyTorch's defaults: eps 1e-5, affine.
     *
     * @param numGroups the number of groups, at least 1, dividing numChannels
     * @param numChannels the number of channels C
     */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5f, true);
    }

    /**
     * @param numGroups the number of groups, at least 1, dividing numChannels
     * @param numChannels the number of channels C, at least 1
     * @param eps added to the variance, finite and {@code > 0}
     * @param affine whether to learn a per-channel scale and shift
     * @throws IllegalArgumentException if numGroups does not divide numChannels or eps is invalid
     */
    public GroupNorm(int numGroups, int numChannels, float eps, boolean affine) {
        if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0 || !(eps > 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("GroupNorm: expected numGroups >= 1 dividing numChannels >= 1 and finite"
                    + " eps > 0, got numGroups = " + numGroups + ", numChannels = " + numChannels + ", eps = " + eps);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numChannels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numChannels)) : null;
    }

    /**
     * @param x the input, {@code (N, C, *)}
     * @return the normalised input, of x's shape
     * @throws IllegalArgumentException if x is not {@code (N, C, *)} with C = numChannels
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2 || x.size(1) != numChannels) {
            throw badInput("(N, " + numChannels + ", *)", x);
        }
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }

    /** @return the scale, {@code (C)}, or {@code null}; the parameter itself */
    public Tensor weight() {
        return weight;
    }

    /** @return the shift, {@code (C)}, or {@code null}; the parameter itself */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + eps + ", affine=" + (weight != null);
    }
}
