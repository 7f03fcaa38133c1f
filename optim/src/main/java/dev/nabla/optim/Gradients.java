package dev.nabla.optim;

import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, in place on the {@code grad()} of parameters, as PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Parameters whose
 * gradient is null are skipped. Nothing is recorded.
 */
public final class Gradients {

    /** Added to the total norm before dividing, as PyTorch does, so a zero norm is safe. */
    public static final double CLIP_EPS = 1e-6;

    private Gradients() {
    }

    /**
     * Clips by the global 2-norm of all gradients taken together; see
     * {@link #clipGradNorm(List, double, double, boolean)}. A non-finite norm is an error.
     *
     * @param params the parameters whose gradients to clip; gradients modified in place
     * @param maxNorm the largest allowed global norm, {@code >= 0}
     * @return the global norm before clipping
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2, true);
    }

    /**
     * Clips by the global norm of all gradients taken together: with
     * <pre>
     *   total = (sum over every element g of every gradient of |g|^p)^(1/p)    (p = infinity: max |g|)
     *   c     = maxNorm / (total + 1e-6)
     * </pre>
     * every gradient is multiplied by {@code c} if {@code c < 1} and left untouched (not even
     * rewritten) otherwise. The norm is accumulated in double.
     *
     * @param params the parameters whose gradients to clip; gradients modified in place
     * @param maxNorm the largest allowed global norm, {@code >= 0}
     * @param normType the order {@code p > 0}, typically 2, or {@link Double#POSITIVE_INFINITY}
     * @param errorIfNonfinite throw if the total norm is NaN or infinite, before changing
     *     anything; if false, clip anyway as PyTorch's default does (the gradients then become
     *     NaN or zero)
     * @return the global norm before clipping, 0 if no parameter has a gradient
     * @throws IllegalArgumentException for a negative or NaN {@code maxNorm} or a {@code normType <= 0}
     * @throws IllegalStateException for a non-finite norm when {@code errorIfNonfinite}
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType,
                                      boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: normType must be > 0 (or infinity), got " + normType);
        }
        List<Tensor> grads = gradsOf(params);
        double total = globalNorm(grads, normType);
        if (!Double.isFinite(total) && errorIfNonfinite) {
            throw new IllegalStateException("clipGradNorm: the total " + normType + "-norm of the gradients of "
                    + grads.size() + " parameters is " + total + "; gradients left unchanged");
        }
        double coefficient = maxNorm / (total + CLIP_EPS);
        if (!(coefficient >= 1)) {
            try (var scope = Autograd.noGrad()) {
                for (Tensor g : grads) {
                    g.mulInPlace((float) coefficient);
                }
            }
        }
        return total;
    }

    /**
     * The global norm of several tensors taken together, accumulated in double, read straight
     * from each tensor's storage (nothing is copied).
     *
     * <p>The storage is reached through {@link Tensor#updateInPlace}, the one way to lend it
     * outside the core, with a kernel that only reads: no value changes, but each tensor's
     * version counter advances as for an in-place op (as clipping's own scaling does).
     *
     * @param tensors the tensors; their values are not modified
     * @param normType the order {@code p > 0}, or {@link Double#POSITIVE_INFINITY} for the largest magnitude
     * @return {@code (sum |x|^p)^(1/p)} over every element, 0 for no elements
     * @throws IllegalArgumentException for a {@code normType} that is not {@code > 0}
     */
    public static double globalNorm(List<Tensor> tensors, double normType) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("globalNorm: normType must be > 0 (or infinity), got " + normType);
        }
        double[] acc = new double[1];
        try (var scope = Autograd.noGrad()) {
            for (Tensor t : tensors) {
                t.updateInPlace("globalNorm", t, (values, unused) -> acc[0] = accumulate(acc[0], values, normType));
            }
        }
        double total = acc[0];
        if (normType == Double.POSITIVE_INFINITY || normType == 1) {
            return total;
        }
        return normType == 2 ? Math.sqrt(total) : Math.pow(total, 1 / normType);
    }

    /**
     * Adds {@code sum |x|^p} of {@code values} to {@code acc}, or for {@code p = infinity} takes
     * the larger of {@code acc} and {@code max |x|} (NaN wins, so a NaN is never hidden).
     */
    private static double accumulate(double acc, float[] values, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            for (float x : values) {
                double a = Math.abs(x);
                acc = Double.isNaN(a) || a > acc ? a : acc;
            }
        } else if (p == 2) {
            for (float x : values) {
                acc += (double) x * x;
            }
        } else if (p == 1) {
            for (float x : values) {
                acc += Math.abs(x);
            }
        } else {
            for (float x : values) {
                acc += Math.pow(Math.abs(x), p);
            }
        }
        return acc;
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]}, in place.
     *
     * @param params the parameters whose gradients to clip; gradients modified in place
     * @param clipValue the bound, {@code >= 0}
     * @throws IllegalArgumentException for a negative or NaN bound
     */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        }
        float c = (float) clipValue;
        try (var scope = Autograd.noGrad()) {
            for (Tensor g : gradsOf(params)) {
                g.copyFrom(g.clamp(-c, c));
            }
        }
    }

    private static List<Tensor> gradsOf(List<Tensor> params) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }
}
