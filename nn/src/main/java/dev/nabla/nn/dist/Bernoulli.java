package dev.nabla.nn.dist;

import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Independent Bernoulli distributions on {0, 1}, given by probabilities {@code p} or logits
 * {@code l = log(p / (1 - p))}. Log-probabilities are computed from logits, stably:
 * {@code log p(x) = x l - softplus(l)}. Discrete, so there is no {@code rsample}.
 */
public final class Bernoulli implements Distribution {

    private static final float EPS = Math.ulp(1f); // PyTorch clamps probabilities to [eps, 1 - eps] for logits

    private final Tensor probs;
    private final Tensor logits;

    private Bernoulli(Tensor probs, Tensor logits) {
        this.probs = probs;
        this.logits = logits;
    }

    /**
     * @param probs probabilities of 1, in {@code [0, 1]}, any shape; kept, gradients flow into it
     * @return the distributions; their logits are {@code log(p) - log(1 - p)} with p clamped to
     *     {@code [eps, 1 - eps]}, eps = 2^-23, as PyTorch
     * @throws IllegalArgumentException if a probability is outside [0, 1]
     */
    public static Bernoulli ofProbs(Tensor probs) {
        Support.require("Bernoulli", "probs", probs, v -> v >= 0 && v <= 1, "in [0, 1]");
        Tensor p = probs.clamp(EPS, 1 - EPS);
        return new Bernoulli(probs, p.log().sub(p.neg().log1p()));
    }

    /**
     * @param logits log-odds, finite, any shape; kept, gradients flow into it
     * @return the distributions, with probabilities {@code sigmoid(logits)}
     * @throws IllegalArgumentException if a logit is not finite
     */
    public static Bernoulli ofLogits(Tensor logits) {
        Support.require("Bernoulli", "logits", logits, Double::isFinite, "finite");
        return new Bernoulli(logits.sigmoid(), logits);
    }

    /** @return the probabilities of 1 */
    public Tensor probs() {
        return probs;
    }

    /** @return the log-odds */
    public Tensor logits() {
        return logits;
    }

    @Override
    public Shape batchShape() {
        return probs.shape();
    }

    /** Each entry is 1 with probability p (one {@link Rng#bernoulli} draw per entry, row-major). */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        int[] shape = Support.sampleShape("Bernoulli", sampleShape, batchShape(), Shape.scalar());
        float[] p = probs.toArray();
        float[] out = new float[Shape.of(shape).size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.bernoulli(p[i % p.length]) ? 1f : 0f;
        }
        return Tensor.of(out, shape);
    }

    /** {@code x l - softplus(l)}: {@code log p} at x = 1, {@code log(1 - p)} at x = 0. */
    @Override
    public Tensor logProb(Tensor value) {
        Support.broadcast("Bernoulli.logProb", "value", value, "probs", probs);
        return value.mul(logits).sub(logits.softplus());
    }

    /** {@code softplus(l) - p l}, the binary entropy {@code -p log p - (1 - p) log(1 - p)}. */
    @Override
    public Tensor entropy() {
        return logits.softplus().sub(probs.mul(logits));
    }

    /** @return {@code p} */
    @Override
    public Tensor mean() {
        return probs;
    }

    /** @return {@code p (1 - p)} */
    @Override
    public Tensor variance() {
        return probs.mul(probs.neg().add(1f));
    }

    @Override
    public String toString() {
        return "Bernoulli(batchShape=" + batchShape() + ")";
    }
}
