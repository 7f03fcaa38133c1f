package dev.nabla.nn.dist;

import dev.nabla.core.Arithmetic;
import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Categorical distributions over {@code K} classes along the last axis of probabilities or
 * logits of shape {@code batchShape + [K]}. Values are class indices stored as floats
 * (exact below 2^24), as PyTorch's are integer tensors. Discrete: no {@code rsample}; mean
 * and variance are not defined (the classes are unordered).
 */
public final class Categorical implements Distribution {

    private final Tensor logits; // normalised: log-probabilities, -inf for impossible classes
    private final Tensor probs;
    private final Shape batch;
    private final int classes;

    Categorical(Tensor logProbs, Tensor probs) {
        this.logits = logProbs;
        this.probs = probs;
        int[] dims = probs.shape().toArray();
        this.classes = dims[dims.length - 1];
        this.batch = Shape.of(Arrays.copyOf(dims, dims.length - 1));
    }

    /**
     * @param probs non-negative weights of shape {@code batchShape + [K]}, each row with a
     *     positive sum; normalised to sum 1 (as PyTorch); kept, gradients flow into it
     * @return the distributions
     * @throws IllegalArgumentException if probs is a scalar, has K = 0, a negative or non-finite
     *     entry, or a row summing to 0
     */
    public static Categorical ofProbs(Tensor probs) {
        Tensor p = normalisedProbs("Categorical", probs);
        return new Categorical(Support.safeLog(p), p);
    }

    /**
     * @param logits unnormalised log-probabilities of shape {@code batchShape + [K]}, finite or
     *     {@code -inf}, at least one finite per row; kept, gradients flow into it
     * @return the distributions, with {@code logits - logsumexp(logits)} as log-probabilities
     * @throws IllegalArgumentException if logits is a scalar, has K = 0, a NaN or {@code +inf}
     */
    public static Categorical ofLogits(Tensor logits) {
        Tensor lp = normalisedLogits("Categorical", logits);
        return new Categorical(lp, lp.softmax(-1));
    }

    static Tensor normalisedProbs(String name, Tensor probs) {
        checkRank(name, "probs", probs);
        Support.require(name, "probs", probs, v -> v >= 0 && Double.isFinite(v), "finite and >= 0");
        Tensor sums = probs.sum(new int[] {-1}, true);
        Support.require(name, "the sum of probs over the last axis", sums, v -> v > 0, "> 0");
        return probs.div(sums);
    }

    static Tensor normalisedLogits(String name, Tensor logits) {
        checkRank(name, "logits", logits);
        Support.require(name, "logits", logits, v -> v < Double.POSITIVE_INFINITY, "finite or -inf");
        return logits.sub(logits.logsumexp(new int[] {-1}, true));
    }

    private static void checkRank(String name, String what, Tensor t) {
        if (t == null || t.dim() < 1 || t.size(-1) < 1) {
            throw new IllegalArgumentException(name + ": " + what + " must have shape batchShape + [K] with K >= 1, "
                    + "got " + (t == null ? "null" : t.shape().toString()));
        }
    }

    /** @return the normalised probabilities, shape {@code batchShape + [K]} */
    public Tensor probs() {
        return probs;
    }

    /** @return the log-probabilities (normalised logits, {@code -inf} where p = 0), shape {@code batchShape + [K]} */
    public Tensor logits() {
        return logits;
    }

    /** @return the number of classes K */
    public int classes() {
        return classes;
    }

    @Override
    public Shape batchShape() {
        return batch;
    }

    /**
     * Draws class indices with {@link Rng#categorical(float[], int, int)}, one per sample and
     * batch entry, row-major.
     *
     * @return indices as floats, shape {@code sampleShape + batchShape}
     */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return Tensor.of(toFloat(sampleIndices(rng, sampleShape)),
                Support.sampleShape(getClass().getSimpleName(), sampleShape, batch, Shape.scalar()));
    }

    /** The same draws as {@link #sample}, as an {@code int[]} of shape {@code sampleShape + batchShape}, row-major. */
    public int[] sampleIndices(Rng rng, int... sampleShape) {
        int n = Shape.of(Support.sampleShape(getClass().getSimpleName(), sampleShape, batch, Shape.scalar())).size();
        float[] p = probs.toArray();
        int rows = batch.size();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.categorical(p, (i % rows) * classes, classes);
        }
        return out;
    }

    private static float[] toFloat(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    /**
     * {@code log p[index]}.
     *
     * @param value class indices (integers in {@code [0, K)} stored as floats) whose shape
     *     broadcasts with the batch shape
     * @return log-probabilities of the broadcast shape
     * @throws IllegalArgumentException if a value is not an integer in [0, K) or the shapes do not broadcast
     */
    @Override
    public Tensor logProb(Tensor value) {
        String name = getClass().getSimpleName() + ".logProb";
        Shape out = Support.broadcast(name, "value", value.shape(), "batch", batch);
        Support.require(name, "value", value, v -> v >= 0 && v < classes && v == Math.rint(v),
                "an integer in [0, " + classes + ")");
        float[] v = Support.expandTo(value.detach(), out).toArray();
        int[] index = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            index[i] = (int) v[i];
        }
        int[] full = Support.concat(out.toArray(), new int[] {classes});
        int[] gathered = Support.concat(out.toArray(), new int[] {1});
        return Support.expandTo(logits, Shape.of(full)).gather(-1, index, gathered).reshape(out.toArray());
    }

    /**
     * {@link #logProb(Tensor)} for class indices given as integers.
     *
     * @param index row-major class indices in {@code [0, K)}; not modified
     * @param shape their shape (none: a flat list), broadcasting with the batch shape
     * @return log-probabilities of the broadcast shape
     * @throws IllegalArgumentException if the indices do not fill the shape or one is out of range
     */
    public Tensor logProb(int[] index, int... shape) {
        int[] s = shape.length == 0 ? new int[] {index.length} : shape;
        long size = 1;
        for (int d : s) {
            size = d < 0 ? -1 : size * d;
        }
        if (size != index.length) {
            throw new IllegalArgumentException("Categorical.logProb: " + index.length + " indices do not fill shape "
                    + Arrays.toString(s));
        }
        return logProb(Tensor.of(toFloat(index), s));
    }

    /** {@code -sum_k p_k log p_k} over the classes, with {@code 0 log 0 = 0}. */
    @Override
    public Tensor entropy() {
        return Support.mulZeroSafe(probs, logits).sum(-1).neg();
    }

    /** KL(this || q) = {@code sum_k p_k (log p_k - log q_k)}: 0 where p_k = 0, +inf where q_k = 0 < p_k. */
    Tensor klTo(Categorical q) {
        if (q.classes != classes) {
            throw new IllegalArgumentException("Kl.divergence: " + getClass().getSimpleName() + " with " + classes
                    + " classes against " + q.getClass().getSimpleName() + " with " + q.classes);
        }
        Support.broadcast("Kl.divergence", "p.probs", probs, "q.probs", q.probs);
        Tensor qZero = q.probs.le(Tensor.scalar(0f));
        Tensor finiteQ = Arithmetic.where(qZero, Tensor.scalar(0f), q.logits);
        Tensor pPositive = probs.gt(0f);
        Tensor finiteP = Arithmetic.where(pPositive, logits, Tensor.scalar(0f));
        Tensor term = Arithmetic.where(pPositive, probs.mul(finiteP.sub(finiteQ)), Tensor.scalar(0f));
        Tensor infinite = qZero.mul(pPositive);
        return Arithmetic.where(infinite, Tensor.scalar(Float.POSITIVE_INFINITY), term).sum(-1);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(batchShape=" + batch + ", classes=" + classes + ")";
    }
}
