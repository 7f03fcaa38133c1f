package dev.nabla.nn.dist;

import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Categorical distributions whose values are one-hot vectors: event shape {@code [K]}, value
 * shape {@code sampleShape + batchShape + [K]}. Wraps a {@link Categorical} of the same
 * parameters. Discrete: no {@code rsample} (see {@link RelaxedOneHotCategorical}).
 */
public final class OneHotCategorical implements Distribution {

    private final Categorical categorical;

    private OneHotCategorical(Categorical categorical) {
        this.categorical = categorical;
    }

    /**
     * @param probs non-negative weights of shape {@code batchShape + [K]}, normalised per row; kept
     * @return the distributions
     * @throws IllegalArgumentException as {@link Categorical#ofProbs}
     */
    public static OneHotCategorical ofProbs(Tensor probs) {
        Tensor p = Categorical.normalisedProbs("OneHotCategorical", probs);
        return new OneHotCategorical(new Categorical(Support.safeLog(p), p));
    }

    /**
     * @param logits unnormalised log-probabilities of shape {@code batchShape + [K]}; kept
     * @return the distributions
     * @throws IllegalArgumentException as {@link Categorical#ofLogits}
     */
    public static OneHotCategorical ofLogits(Tensor logits) {
        Tensor lp = Categorical.normalisedLogits("OneHotCategorical", logits);
        return new OneHotCategorical(new Categorical(lp, lp.softmax(-1)));
    }

    /** @return the categorical distributions over indices with the same parameters */
    public Categorical categorical() {
        return categorical;
    }

    /** @return the normalised probabilities, shape {@code batchShape + [K]} */
    public Tensor probs() {
        return categorical.probs();
    }

    /** @return the log-probabilities, shape {@code batchShape + [K]} */
    public Tensor logits() {
        return categorical.logits();
    }

    @Override
    public Shape batchShape() {
        return categorical.batchShape();
    }

    /** @return {@code [K]} */
    @Override
    public Shape eventShape() {
        return Shape.of(categorical.classes());
    }

    /** One-hot rows of the indices {@link Categorical#sampleIndices} draws with the same generator state. */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        int[] shape = Support.sampleShape("OneHotCategorical", sampleShape, batchShape(), eventShape());
        int[] index = categorical.sampleIndices(rng, sampleShape);
        int k = categorical.classes();
        float[] out = new float[index.length * k];
        for (int i = 0; i < index.length; i++) {
            out[i * k + index[i]] = 1f;
        }
        return Tensor.of(out, shape);
    }

    /**
     * {@code sum_k v_k log p_k}: the log-probability of the class a one-hot value marks.
     *
     * @param value one-hot vectors of shape {@code S + [K]}, S broadcasting with the batch shape
     * @return log-probabilities of shape {@code broadcast(S, batchShape)}
     * @throws IllegalArgumentException if the last size is not K or the shapes do not broadcast
     */
    @Override
    public Tensor logProb(Tensor value) {
        int k = categorical.classes();
        if (value.dim() < 1 || value.size(-1) != k) {
            throw new IllegalArgumentException("OneHotCategorical.logProb: value must have shape S + [" + k + "], got "
                    + value.shape());
        }
        Support.broadcast("OneHotCategorical.logProb", "value", value, "probs", probs());
        return Support.mulZeroSafe(value, logits()).sum(-1);
    }

    /** {@code -sum_k p_k log p_k}. */
    @Override
    public Tensor entropy() {
        return categorical.entropy();
    }

    /** @return {@code p}, shape {@code batchShape + [K]} */
    @Override
    public Tensor mean() {
        return probs();
    }

    /** @return {@code p (1 - p)} per coordinate */
    @Override
    public Tensor variance() {
        return probs().mul(probs().neg().add(1f));
    }

    @Override
    public String toString() {
        return "OneHotCategorical(batchShape=" + batchShape() + ", classes=" + categorical.classes() + ")";
    }
}
