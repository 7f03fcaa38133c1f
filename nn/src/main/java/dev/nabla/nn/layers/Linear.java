package dev.nabla.nn.layers;

import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import dev.nabla.nn.init.Init;

/**
 * A fully connected layer, {@code y = x W^T + b} (PyTorch's {@code nn.Linear}).
 *
 * <p>Parameters: {@code weight} of shape {@code (out, in)} and, optionally, {@code bias} of
 * shape {@code (out)}. Both start as PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) (for the
 * weight, Kaiming uniform with {@code a = sqrt 5}, which reduces to that bound).
 */
public class Linear extends Module {

    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with a bias.
     *
     * @param inFeatures the input size, at least 1
     * @param outFeatures the output size, at least 1
     * @param rng the generator of the initial weights
     */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /**
     * @param inFeatures the input size, at least 1
     * @param outFeatures the output size, at least 1
     * @param bias whether to add a learned bias
     * @param rng the generator of the initial weights (weight first, then bias)
     * @throws IllegalArgumentException if a size is below 1
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: expected inFeatures and outFeatures >= 1, got " + inFeatures
                    + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        float bound = (float) (1 / Math.sqrt(inFeatures));
        this.weight = registerParameter("weight", uniform(rng, bound, outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", uniform(rng, bound, outFeatures)) : null;
    }

    /** U(-bound, bound) samples of the given shape. */
    static Tensor uniform(Rng rng, float bound, int... shape) {
        return Init.uniformInPlace(Tensor.zeros(shape), -bound, bound, rng);
    }

    /**
     * @param x the input, {@code (*, in)} (any number of leading dimensions, including none)
     * @return {@code x W^T + b}, of shape {@code (*, out)}
     * @throws IllegalArgumentException if the last dimension of x is not {@code in}
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 1 || x.size(-1) != inFeatures) {
            throw badInput("(*, " + inFeatures + ")", x);
        }
        int[] shape = x.shape().toArray();
        Tensor rows = x.reshape(x.size() / inFeatures, inFeatures);
        Tensor y = LinearAlgebra.matmul(rows, false, weight, true);
        if (bias != null) {
            y = y.add(bias);
        }
        shape[shape.length - 1] = outFeatures;
        return y.reshape(shape);
    }

    /** @return the weight, {@code (out, in)}; the parameter itself */
    public Tensor weight() {
        return weight;
    }

    /** @return the bias, {@code (out)}, or {@code null} if the layer has none; the parameter itself */
    public Tensor bias() {
        return bias;
    }

    /** @return the input size */
    public int inFeatures() {
        return inFeatures;
    }

    /** @return the output size */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
