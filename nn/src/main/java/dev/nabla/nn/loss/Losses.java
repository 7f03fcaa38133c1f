package dev.nabla.nn.loss;

import dev.nabla.core.Arithmetic;
import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Loss functions, as {@code torch.nn.functional}: same names (in camel case), defaults and
 * formulas. Each is composed of differentiable core ops, so its gradient can be
 * differentiated again. Unless a method says otherwise, {@code input} and {@code target} must
 * have the same shape, the default reduction is {@link Reduction#MEAN}, and bad input throws an
 * {@link IllegalArgumentException} whose message starts with the loss name, before any work.
 */
public final class Losses {

    private static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));

    private Losses() {
    }

    // ---------------------------------------------------------------- regression

    /** {@link #mseLoss(Tensor, Tensor, Reduction)} with MEAN. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /**
     * Squared error {@code l = (x - y)^2}, reduced.
     *
     * @param input predictions, any shape; not modified
     * @param target targets, the same shape; not modified
     * @param reduction NONE (a tensor of the input's shape), MEAN or SUM (scalars)
     * @return the loss
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        check("mseLoss", input, target, reduction);
        return reduction.apply("mseLoss", input.sub(target).square());
    }

    /** {@link #l1Loss(Tensor, Tensor, Reduction)} with MEAN. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /**
     * Absolute error {@code l = |x - y|}, reduced; its gradient at {@code x = y} is 0.
     *
     * @param input predictions, any shape; not modified
     * @param target targets, the same shape; not modified
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        check("l1Loss", input, target, reduction);
        return reduction.apply("l1Loss", input.sub(target).abs());
    }

    /** {@link #huberLoss(Tensor, Tensor, float, Reduction)} with delta 1 and MEAN. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, 1f, Reduction.MEAN);
    }

    /**
     * Huber loss: with {@code a = |x - y|}, {@code l = a^2 / 2} if {@code a < delta}, else
     * {@code delta (a - delta / 2)}; computed as {@code q^2 / 2 + delta (a - q)} with
     * {@code q = min(a, delta)}.
     *
     * @param delta the threshold between the quadratic and linear parts, {@code > 0}, in the
     *     units of the input
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     * @throws IllegalArgumentException also if {@code delta <= 0} or not finite
     */
    public static Tensor huberLoss(Tensor input, Tensor target, float delta, Reduction reduction) {
        check("huberLoss", input, target, reduction);
        if (!(delta > 0) || Float.isInfinite(delta)) {
            throw new IllegalArgumentException("huberLoss: delta must be finite and > 0, got " + delta);
        }
        return reduction.apply("huberLoss", huber(input.sub(target).abs(), delta));
    }

    /** {@link #smoothL1Loss(Tensor, Tensor, float, Reduction)} with beta 1 and MEAN. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, 1f, Reduction.MEAN);
    }

    /**
     * Smooth L1: with {@code a = |x - y|}, {@code l = a^2 / (2 beta)} if {@code a < beta},
     * else {@code a - beta / 2}; equals the Huber loss divided by beta, and L1 for beta = 0.
     *
     * @param beta the threshold, {@code >= 0}, in the units of the input
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     * @throws IllegalArgumentException also if {@code beta < 0} or not finite
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, float beta, Reduction reduction) {
        check("smoothL1Loss", input, target, reduction);
        if (!(beta >= 0) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("smoothL1Loss: beta must be finite and >= 0, got " + beta);
        }
        Tensor a = input.sub(target).abs();
        return reduction.apply("smoothL1Loss", beta == 0 ? a : huber(a, beta).div(beta));
    }

    /** q^2 / 2 + delta (a - q), q = min(a, delta), for a = |x - y| >= 0. */
    private static Tensor huber(Tensor a, float delta) {
        Tensor q = a.minimum(Tensor.scalar(delta));
        return q.square().mul(0.5f).add(a.sub(q).mul(delta));
    }

    // ---------------------------------------------------------------- classes

    /** {@link #crossEntropy(Tensor, int[], ClassLossOptions)} with {@link ClassLossOptions#DEFAULT}. */
    public static Tensor crossEntropy(Tensor logits, int[] target) {
        return crossEntropy(logits, target, ClassLossOptions.DEFAULT);
    }

    /**
     * Cross-entropy from unnormalised scores, as {@code torch.nn.functional.cross_entropy}
     * with class-index targets. With {@code logp = logSoftmax(logits)} over the class axis,
     * class weights {@code w} (ones by default), smoothing {@code eps} and {@code C} classes,
     * each kept (not ignored) target {@code y_i} gives
     * <pre>
     *   nll_i    = -w[y_i] logp[i, y_i]
     *   smooth_i = -sum_c w[c] logp[i, c]
     *   l_i      = (1 - eps) nll_i + (eps / C) smooth_i
     * </pre>
     * and an ignored target gives 0. SUM adds the {@code l_i}. MEAN is PyTorch's weighted
     * mean: {@code (1 - eps) sum(nll) / W + (eps / C) sum(smooth) / D}, where
     * {@code W = sum of w[y_i] over kept targets}, and {@code D = W} with weights but the
     * number of kept targets without, as PyTorch 1.10+ computes it. If
     * every target is ignored, MEAN is 0 / 0 = NaN, as in PyTorch.
     *
     * @param logits scores of shape {@code (C)}, {@code (N, C)} or {@code (N, C, d1, ...)}; not modified
     * @param target class indices in {@code [0, C)} or {@code ignoreIndex}, row-major of shape
     *     {@code (N)} or {@code (N, d1, ...)} (one value for {@code (C)}); not modified
     * @param options weights, ignore index, label smoothing, reduction
     * @return a scalar for MEAN and SUM; for NONE the per-target losses, shape
     *     {@code (N, d1, ...)} (a scalar for unbatched input)
     * @throws IllegalArgumentException if the target count or a target value, the weight
     *     shape or the smoothing is wrong, or the reduction is BATCHMEAN
     */
    public static Tensor crossEntropy(Tensor logits, int[] target, ClassLossOptions options) {
        return ClassLosses.loss("crossEntropy", logits, true, target, options);
    }

    /** {@link #nllLoss(Tensor, int[], ClassLossOptions)} with {@link ClassLossOptions#DEFAULT}. */
    public static Tensor nllLoss(Tensor logProbs, int[] target) {
        return nllLoss(logProbs, target, ClassLossOptions.DEFAULT);
    }

    /**
     * Negative log-likelihood of class targets given log-probabilities, as
     * {@code torch.nn.functional.nll_loss}: {@code l_i = -w[y_i] logp[i, y_i]}, 0 for ignored
     * targets; MEAN divides the sum by the summed weights of the kept targets.
     *
     * @param logProbs log-probabilities of shape {@code (C)}, {@code (N, C)} or
     *     {@code (N, C, d1, ...)}; not modified
     * @param target as for {@link #crossEntropy(Tensor, int[], ClassLossOptions)}
     * @param options weights, ignore index and reduction; label smoothing must be 0
     * @return as for cross-entropy
     * @throws IllegalArgumentException as for cross-entropy, and for non-zero label smoothing
     */
    public static Tensor nllLoss(Tensor logProbs, int[] target, ClassLossOptions options) {
        return ClassLosses.loss("nllLoss", logProbs, false, target, options);
    }

    // ---------------------------------------------------------------- binary

    /** {@link #binaryCrossEntropy(Tensor, Tensor, Tensor, Reduction)} without weights, MEAN. */
    public static Tensor binaryCrossEntropy(Tensor probs, Tensor target) {
        return binaryCrossEntropy(probs, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of probabilities:
     * {@code l = -w (y log(p) + (1 - y) log(1 - p))}, each logarithm clamped to {@code >= -100}
     * as PyTorch does (so {@code p = 0} or {@code 1} gives at most 100 w, not infinity; the
     * gradient through a clamped logarithm is 0). Prefer
     * {@link #binaryCrossEntropyWithLogits} for numerical stability.
     *
     * @param probs probabilities in {@code [0, 1]}, any shape; not modified
     * @param target targets in {@code [0, 1]}, the same shape; not modified
     * @param weight per-element weights broadcasting to the input's shape, or {@code null}
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     * @throws IllegalArgumentException also if a probability is outside [0, 1] or the weight
     *     does not broadcast
     */
    public static Tensor binaryCrossEntropy(Tensor probs, Tensor target, Tensor weight, Reduction reduction) {
        String op = "binaryCrossEntropy";
        check(op, probs, target, reduction);
        checkWeight(op, probs, weight, "weight");
        float[] p = probs.toArray();
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException(op + ": input must hold probabilities in [0, 1], got " + p[i]
                        + " at flat index " + i + " of shape " + probs.shape());
            }
        }
        Tensor loss = target.mul(clampedLog(probs)).add(target.neg().add(1f).mul(clampedLog(probs.neg().add(1f))))
                .neg();
        return reduction.apply(op, weight == null ? loss : loss.mul(weight));
    }

    /** max(log p, -100) whose gradient is 0 (not NaN) where the clamp is active, p = 0 included. */
    private static Tensor clampedLog(Tensor p) {
        Tensor active;
        try (var scope = Autograd.noGrad()) {
            active = p.log().gt(-100f);
        }
        Tensor safe = Arithmetic.where(active, p, Tensor.scalar(1f));
        return Arithmetic.where(active, safe.log(), Tensor.scalar(-100f));
    }

    /** {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)}: no weights, MEAN. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy from logits, stable for any {@code |x|}: with
     * {@code softplus(z) = max(z, 0) + log(1 + e^-|z|)} and positive-class weight
     * {@code pw} (1 if absent), {@code l = w ((1 - y) x + (1 + (pw - 1) y) softplus(-x))};
     * for {@code pw = 1} this is {@code max(x, 0) - x y + log(1 + e^-|x|)}.
     *
     * @param logits scores, any shape; not modified
     * @param target targets in {@code [0, 1]}, the same shape; not modified
     * @param weight per-element weights broadcasting to the input's shape, or {@code null}
     * @param posWeight weights of the positive term, broadcasting to the input's shape
     *     (typically {@code (C)} for inputs {@code (N, C)}), or {@code null}
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        String op = "binaryCrossEntropyWithLogits";
        check(op, logits, target, reduction);
        checkWeight(op, logits, weight, "weight");
        checkWeight(op, logits, posWeight, "posWeight");
        Tensor negative = target.neg().add(1f).mul(logits);
        Tensor softplusNeg = logits.neg().softplus();
        Tensor positive = posWeight == null ? softplusNeg : target.mul(posWeight.sub(1f)).add(1f).mul(softplusNeg);
        Tensor loss = negative.add(positive);
        return reduction.apply(op, weight == null ? loss : loss.mul(weight));
    }

    // ---------------------------------------------------------------- distributions

    /** {@link #klDiv(Tensor, Tensor, Reduction, boolean)} with MEAN and probability targets, PyTorch's defaults. */
    public static Tensor klDiv(Tensor input, Tensor target) {
        return klDiv(input, target, Reduction.MEAN, false);
    }

    /**
     * Kullback-Leibler divergence {@code KL(target || model)} pointwise, as
     * {@code torch.nn.functional.kl_div}: the input holds the model's log-probabilities
     * {@code q}; with target probabilities {@code t}, {@code l = t (log t - q)} (0 where
     * {@code t = 0}); with {@code logTarget}, the target holds {@code log t} and
     * {@code l = e^t (t - q)}.
     *
     * @param input log-probabilities, any shape; not modified
     * @param target probabilities (or log-probabilities), the same shape; not modified
     * @param reduction NONE, SUM, MEAN (over all elements, as PyTorch's default, which is not
     *     the true KL) or BATCHMEAN (sum / {@code input.size(0)}: the KL per sample)
     * @param logTarget whether the target is given as log-probabilities
     * @return the loss
     * @throws IllegalArgumentException if the shapes differ, or BATCHMEAN on a scalar
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        String op = "klDiv";
        checkShapes(op, input, target, reduction);
        if (reduction == Reduction.BATCHMEAN && input.dim() == 0) {
            throw new IllegalArgumentException(op + ": BATCHMEAN needs a batch axis, got input of shape "
                    + input.shape());
        }
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0f);
            Tensor safe = Arithmetic.where(positive, target, Tensor.scalar(1f));
            Tensor tLogT = Arithmetic.where(positive, target.mul(safe.log()), Tensor.scalar(0f));
            loss = tLogT.sub(target.mul(input));
        }
        if (reduction == Reduction.BATCHMEAN) {
            return loss.sum().div(input.size(0));
        }
        return reduction.apply(op, loss);
    }

    /** {@link #gaussianNllLoss(Tensor, Tensor, Tensor, boolean, float, Reduction)}: not full, eps 1e-6, MEAN. */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) {
        return gaussianNllLoss(input, target, var, false, 1e-6f, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood of the target under {@code Normal(input, var)}, as
     * {@code torch.nn.functional.gaussian_nll_loss}:
     * {@code l = (log(max(var, eps)) + (x - y)^2 / max(var, eps)) / 2}, plus
     * {@code log(2 pi) / 2} if {@code full}. As in PyTorch the clamp does not stop the
     * gradient: {@code var} receives the gradient of the clamped value.
     *
     * @param input means, any shape; not modified
     * @param target targets, the input's shape; not modified
     * @param var variances ({@code > 0}): the input's shape, or that shape with the last size 1
     *     or without the last axis (one variance shared along it, homoscedastic); not modified
     * @param full whether to add the constant {@code log(2 pi) / 2}
     * @param eps the lower clamp for the variance, {@code > 0}
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     * @throws IllegalArgumentException also if {@code var} has another shape or a negative entry
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, float eps,
            Reduction reduction) {
        String op = "gaussianNllLoss";
        check(op, input, target, reduction);
        Tensor v = varianceAs(op, input, var);
        if (!(eps > 0)) {
            throw new IllegalArgumentException(op + ": eps must be > 0, got " + eps);
        }
        for (float x : var.toArray()) {
            if (!(x >= 0)) {
                throw new IllegalArgumentException(op + ": var must be >= 0, got " + x);
            }
        }
        Tensor clampedConstant;
        try (var scope = Autograd.noGrad()) {
            clampedConstant = v.clamp(eps, Float.POSITIVE_INFINITY).sub(v);
        }
        Tensor clamped = v.add(clampedConstant); // value max(v, eps), gradient of v
        Tensor loss = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5f);
        return reduction.apply(op, full ? loss.add(HALF_LOG_TWO_PI) : loss);
    }

    /** The variance reshaped to broadcast against the input, or an error naming both shapes. */
    private static Tensor varianceAs(String op, Tensor input, Tensor var) {
        if (var == null) {
            throw new IllegalArgumentException(op + ": var must not be null");
        }
        int[] x = input.shape().toArray();
        int[] v = var.shape().toArray();
        if (Arrays.equals(x, v)) {
            return var;
        }
        if (x.length > 0 && v.length == x.length && v[v.length - 1] == 1
                && Arrays.equals(Arrays.copyOf(x, x.length - 1), Arrays.copyOf(v, v.length - 1))) {
            return var;
        }
        if (x.length > 0 && v.length == x.length - 1 && Arrays.equals(Arrays.copyOf(x, x.length - 1), v)) {
            return var.unsqueeze(-1);
        }
        throw new IllegalArgumentException(op + ": var of shape " + var.shape() + " does not match input of shape "
                + input.shape() + "; expected the same shape, the last size 1, or the last axis dropped");
    }

    // ---------------------------------------------------------------- checks

    private static void check(String op, Tensor input, Tensor target, Reduction reduction) {
        checkShapes(op, input, target, reduction);
        reduction.requireElementwise(op);
    }

    private static void checkShapes(String op, Tensor input, Tensor target, Reduction reduction) {
        if (input == null || target == null || reduction == null) {
            throw new IllegalArgumentException(op + ": input, target and reduction must not be null");
        }
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input of shape " + input.shape()
                    + " and target of shape " + target.shape() + " must have the same shape");
        }
    }

    private static void checkWeight(String op, Tensor input, Tensor weight, String name) {
        if (weight == null) {
            return;
        }
        int[] x = input.shape().toArray();
        int[] w = weight.shape().toArray();
        boolean ok = w.length <= x.length;
        for (int i = 1; ok && i <= w.length; i++) {
            ok = w[w.length - i] == 1 || w[w.length - i] == x[x.length - i];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + weight.shape()
                    + " does not broadcast to input of shape " + input.shape());
        }
    }
}
