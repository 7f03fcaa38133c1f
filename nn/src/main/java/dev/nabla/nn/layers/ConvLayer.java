package dev.nabla.nn.layers;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * What the convolution layers ({@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}) share:
 * their channel counts, their {@code weight} and optional {@code bias} parameters initialised
 * as PyTorch does, uniform in {@code ±1/sqrt(fanIn)}.
 */
public abstract class ConvLayer extends Module {

    private int inChannels;
    private int outChannels;
    private Tensor weight;
    private Tensor bias;

    /** For the subclasses, which call {@link #initParameters} once their options are checked. */
    ConvLayer() {
    }

    /**
     * Registers {@code weight} of the given shape and, if asked, {@code bias} of
     * {@code outChannels} values, both drawn uniformly from {@code ±1/sqrt(fanIn)} (weight first).
     */
    final void initParameters(int inChannels, int outChannels, int[] weightShape, int fanIn, boolean hasBias,
                              Rng rng) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        float bound = (float) (1 / Math.sqrt(fanIn));
        weight = registerParameter("weight", Linear.uniform(rng, bound, weightShape));
        bias = hasBias ? registerParameter("bias", Linear.uniform(rng, bound, outChannels)) : null;
    }

    /** @return the weight; the parameter itself (its layout is given by each layer) */
    public Tensor weight() {
        return weight;
    }

    /** @return the bias, {@code (Cout)}, or {@code null} if the layer has none; the parameter itself */
    public Tensor bias() {
        return bias;
    }

    /** @return the input channels Cin */
    public int inChannels() {
        return inChannels;
    }

    /** @return the output channels Cout */
    public int outChannels() {
        return outChannels;
    }
}
