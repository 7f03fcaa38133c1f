package dev.nabla.nn.loss;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy and negative log-likelihood over classes, composed of core ops. The public
 * entry points are {@link Losses#crossEntropy} and {@link Losses#nllLoss}.
 *
 * <p>Layout: scores of shape {@code (N, C)} or {@code (N, C, d1, ...)} (class axis 1), or
 * {@code (C)} for one unbatched sample; targets row-major of shape {@code (N)},
 * {@code (N, d1, ...)}, or a single target for {@code (C)}.
 */
final class ClassLosses {

    private ClassLosses() {
    }

    /** Checked inputs of a class loss, before any tensor work. */
    private record Plan(Tensor scores, int classes, int[] targetShape, int[] safeTargets, float[] targetWeights,
            float[] keep, boolean unbatched) {
    }

    /**
     * loss_i = (1 - eps) w[y_i] (-logp[i, y_i]) + (eps / C) sum_c w[c] (-logp[i, c]), zero
     * where y_i is ignored; see {@link Losses#crossEntropy} for the reductions.
     */
    static Tensor loss(String op, Tensor logProbsOrLogits, boolean fromLogits, int[] target, ClassLossOptions o) {
        Plan p = plan(op, logProbsOrLogits, target, o, fromLogits);
        Tensor logp = fromLogits ? p.scores().logSoftmax(1) : p.scores();
        int[] gatherShape = logp.shape().toArray();
        gatherShape[1] = 1;
        Tensor picked = logp.gather(1, p.safeTargets(), gatherShape).reshape(p.targetShape());
        Tensor wt = Tensor.of(p.targetWeights(), p.targetShape());
        Tensor nll = picked.mul(wt).neg();
        float eps = o.labelSmoothing();
        Tensor smooth = null;
        if (eps > 0) {
            Tensor weighted = logp;
            if (o.weight() != null) {
                int[] wShape = new int[logp.dim()];
                Arrays.fill(wShape, 1);
                wShape[1] = p.classes();
                weighted = logp.mul(Tensor.of(o.weight().toArray(), wShape));
            }
            smooth = weighted.sum(1).neg().mul(Tensor.of(p.keep(), p.targetShape()));
        }
        Tensor out;
        switch (o.reduction()) {
            case NONE -> {
                out = smooth == null ? nll : nll.mul(1 - eps).add(smooth.mul(eps / p.classes()));
                return p.unbatched() ? out.reshape() : out;
            }
            case SUM -> out = smooth == null ? nll.sum()
                    : nll.sum().mul(1 - eps).add(smooth.sum().mul(eps / p.classes()));
            default -> {
                // PyTorch: the data term divides by the summed weights of the kept targets; the
                // smoothing term does too when weights are given, else by the count of kept targets.
                float denominator = 0;
                float kept = 0;
                for (int i = 0; i < p.keep().length; i++) {
                    denominator += p.targetWeights()[i];
                    kept += p.keep()[i];
                }
                out = nll.sum().div(denominator);
                if (smooth != null) {
                    float smoothDenominator = o.weight() != null ? denominator : kept;
                    out = out.mul(1 - eps).add(smooth.sum().div(smoothDenominator).mul(eps / p.classes()));
                }
            }
        }
        return out;
    }

    /** Validates everything and prepares the per-target constants. */
    private static Plan plan(String op, Tensor scores, int[] target, ClassLossOptions o, boolean fromLogits) {
        if (o == null || o.reduction() == null) {
            throw new IllegalArgumentException(op + ": options and their reduction must not be null");
        }
        o.reduction().requireElementwise(op);
        if (!fromLogits && o.labelSmoothing() != 0f) {
            throw new IllegalArgumentException(op + ": label smoothing is only defined for crossEntropy, got "
                    + o.labelSmoothing());
        }
        if (!(o.labelSmoothing() >= 0f && o.labelSmoothing() <= 1f)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + o.labelSmoothing());
        }
        if (scores.dim() < 1) {
            throw new IllegalArgumentException(op + ": input must be (C), (N, C) or (N, C, d1, ...), got a scalar");
        }
        boolean unbatched = scores.dim() == 1;
        Tensor s = unbatched ? scores.reshape(1, scores.size(0)) : scores;
        int[] dims = s.shape().toArray();
        int classes = dims[1];
        int[] targetShape = new int[dims.length - 1];
        targetShape[0] = dims[0];
        System.arraycopy(dims, 2, targetShape, 1, dims.length - 2);
        int count = Shape.of(targetShape).size();
        if (target == null || target.length != count) {
            throw new IllegalArgumentException(op + ": input of shape " + scores.shape() + " needs " + count
                    + " targets of shape " + Arrays.toString(unbatched ? new int[0] : targetShape) + ", got "
                    + (target == null ? "null" : String.valueOf(target.length)));
        }
        float[] w = null;
        if (o.weight() != null) {
            if (o.weight().dim() != 1 || o.weight().size(0) != classes) {
                throw new IllegalArgumentException(op + ": weight must have shape [" + classes + "] for input of shape "
                        + scores.shape() + ", got " + o.weight().shape());
            }
            w = o.weight().toArray();
        }
        int[] safe = new int[count];
        float[] tw = new float[count];
        float[] keep = new float[count];
        for (int i = 0; i < count; i++) {
            int t = target[i];
            if (t == o.ignoreIndex()) {
                continue;
            }
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException(op + ": target " + t + " at position " + i + " is out of range [0, "
                        + classes + ") for input of shape " + scores.shape() + " (ignoreIndex " + o.ignoreIndex()
                        + ")");
            }
            safe[i] = t;
            tw[i] = w == null ? 1f : w[t];
            keep[i] = 1f;
        }
        return new Plan(s, classes, targetShape, safe, tw, keep, unbatched);
    }
}
