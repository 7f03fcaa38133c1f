package dev.nabla.nn.dist;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * The Gumbel-softmax (Concrete) relaxation of a one-hot categorical at temperature
 * {@code tau}: {@code y = softmax((log p + g) / tau)} with independent standard Gumbel
 * {@code g} (E. Jang et al. 2017; C. Maddison et al. 2017). As {@code tau -> 0} the samples
 * approach one-hot vectors whose class follows {@code p} (the Gumbel-max trick). In hard
 * mode {@code rsample} returns the one-hot vector of {@code argmax y} in the forward pass
 * and the gradient of the soft {@code y} (the straight-through estimator). Event shape
 * {@code [K]}.
 */
public final class RelaxedOneHotCategorical implements Distribution {

    private final Categorical categorical;
    private final float temperature;
    private final boolean hard;

    private RelaxedOneHotCategorical(Categorical categorical, float temperature, boolean hard) {
        this.categorical = categorical;
        this.temperature = temperature;
        this.hard = hard;
    }

    /**
     * @param temperature {@code tau > 0}, finite
     * @param logits unnormalised log-probabilities of shape {@code batchShape + [K]}; kept
     * @param hard whether {@code rsample} returns straight-through one-hot vectors
     * @return the distributions
     * @throws IllegalArgumentException for a bad temperature or logits (see {@link Categorical#ofLogits})
     */
    public static RelaxedOneHotCategorical ofLogits(float temperature, Tensor logits, boolean hard) {
        checkTemperature(temperature);
        Tensor lp = Categorical.normalisedLogits("RelaxedOneHotCategorical", logits);
        return new RelaxedOneHotCategorical(new Categorical(lp, lp.softmax(-1)), temperature, hard);
    }

    /**
     * @param temperature {@code tau > 0}, finite
     * @param probs non-negative weights of shape {@code batchShape + [K]}; kept
     * @param hard whether {@code rsample} returns straight-through one-hot vectors
     * @return the distributions
     * @throws IllegalArgumentException for a bad temperature or probs (see {@link Categorical#ofProbs})
     */
    public static RelaxedOneHotCategorical ofProbs(float temperature, Tensor probs, boolean hard) {
        checkTemperature(temperature);
        Tensor p = Categorical.normalisedProbs("RelaxedOneHotCategorical", probs);
        return new RelaxedOneHotCategorical(new Categorical(Support.safeLog(p), p), temperature, hard);
    }

    private static void checkTemperature(float temperature) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("RelaxedOneHotCategorical: temperature must be finite and > 0, got "
                    + temperature);
        }
    }

    /** @return the temperature tau */
    public float temperature() {
        return temperature;
    }

    /** @return whether samples are straight-through one-hot vectors */
    public boolean hard() {
        return hard;
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

    /** {@link #rsample} without a gradient. */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        try (var scope = Autograd.noGrad()) {
            return rsample(rng, sampleShape).detach();
        }
    }

    /**
     * {@code y = softmax((log p + g) / tau)}, {@code g} Gumbel(0, 1) from {@link Rng#gumbel()}
     * row-major; in hard mode {@code onehot(argmax y) + (y - detach(y))}, exactly one-hot in
     * value (the added difference is exactly 0) with y's gradient.
     *
     * @return samples of shape {@code sampleShape + batchShape + [K]}
     */
    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        int[] shape = Support.sampleShape("RelaxedOneHotCategorical", sampleShape, batchShape(), eventShape());
        float[] g = new float[Shape.of(shape).size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.gumbel();
        }
        Tensor y = logits().add(Tensor.of(g, shape)).div(temperature).softmax(-1);
        if (!hard) {
            return y;
        }
        int k = categorical.classes();
        int[] index = y.argmax(-1);
        float[] oneHot = new float[g.length];
        for (int i = 0; i < index.length; i++) {
            oneHot[i * k + index[i]] = 1f;
        }
        return Tensor.of(oneHot, shape).add(y.sub(y.detach()));
    }

    /**
     * The Concrete density on the simplex (in the first K - 1 coordinates), for soft values:
     * {@code log (K-1)! + (K-1) log tau + sum_k (log p_k - (tau + 1) log y_k)
     * - K logsumexp_k(log p_k - tau log y_k)}.
     *
     * @param value points of the open simplex, shape {@code S + [K]}, S broadcasting with the batch shape
     * @return log-densities of shape {@code broadcast(S, batchShape)}
     * @throws IllegalArgumentException if the last size is not K or the shapes do not broadcast
     */
    @Override
    public Tensor logProb(Tensor value) {
        int k = categorical.classes();
        if (value.dim() < 1 || value.size(-1) != k) {
            throw new IllegalArgumentException("RelaxedOneHotCategorical.logProb: value must have shape S + [" + k
                    + "], got " + value.shape());
        }
        Support.broadcast("RelaxedOneHotCategorical.logProb", "value", value, "probs", probs());
        double logFactorial = 0;
        for (int i = 2; i < k; i++) {
            logFactorial += Math.log(i);
        }
        float constant = (float) (logFactorial + (k - 1) * Math.log(temperature));
        Tensor logY = value.log();
        Tensor sum = logits().sub(logY.mul(temperature + 1)).sum(-1);
        Tensor normaliser = logits().sub(logY.mul(temperature)).logsumexp(new int[] {-1}, false).mul(k);
        return sum.sub(normaliser).add(constant);
    }

    /** @throws UnsupportedOperationException always: the Concrete entropy has no closed form */
    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException("RelaxedOneHotCategorical: entropy has no closed form");
    }

    @Override
    public String toString() {
        return "RelaxedOneHotCategorical(batchShape=" + batchShape() + ", classes=" + categorical.classes()
                + ", temperature=" + temperature + (hard ? ", hard" : "") + ")";
    }
}
