package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Normalize;
import java.util.Arrays;

/**
 * Normalisation ops with PyTorch's semantics: batch norm over the channel axis 1 of
 * {@code (N, C, *)} inputs, layer norm over trailing axes, group norm over groups of channels.
 *
 * <p>Each op is two fused steps: {@code xhat = (x - mean) rsqrt(var + eps)} with the biased
 * variance (kernels {@link Normalize#moments} and {@link Normalize#normalize}), then the optional
 * affine {@code y = xhat * weight + bias} ({@link Normalize#scaleShift}). With
 * {@code g' = g * weight}, the backward rule is {@code dx = rsqrt(var + eps) (g' - mean(g') - xhat
 * mean(g' xhat))}, {@code dweight = sum(g xhat)}, {@code dbias = sum(g)}, the means and sums over
 * the elements each statistic covers. A first-order backward runs it as a fused kernel; a
 * recorded backward ({@code createGraph}) runs the same formula in differentiable ops with the
 * statistics recomputed from x, so derivatives of every order are exact (gradient penalties
 * through a normalised critic work). Why fused: in {@code NormalizationBenchmark} (one
 * thread; batch norm on (32, 64, 16, 16), layer norm on (1024, 128)) the forward is 6 to 11
 * times and batch norm's forward + backward about 6 times faster than the same maths composed
 * of mean, sub, square, rsqrt and broadcast mul/add.
 *
 * <p>Every argument is checked before anything is computed or written: bad input throws an
 * {@link IllegalArgumentException} whose message starts with the op's name and gives the
 * offending shapes or values, and leaves every tensor (running buffers included) unchanged.
 */
public final class Normalization {

    private Normalization() {
    }

    /**
     * Batch normalisation over the channel axis 1 (PyTorch's {@code F.batch_norm}).
     *
     * <p>Training mode normalises with the batch statistics of each channel, taken over the batch
     * and spatial axes (the biased variance), and, when running buffers are given, then updates
     * them in place, outside autograd: {@code running = (1 - momentum) running + momentum batch},
     * with the unbiased batch variance ({@code M / (M - 1)} times the biased one, {@code M = N *
     * L} or {@code N * H * W}) for {@code runningVar}. Eval mode normalises with the running
     * statistics and changes nothing. Backward: see the class comment (eval mode:
     * {@code dx = g weight rsqrt(runningVar + eps)}).
     *
     * @param x the input, {@code (N, C)}, {@code (N, C, L)}, {@code (N, C, H, W)} or any
     *     {@code (N, C, *)} of rank at least 2; not modified
     * @param runningMean per-channel running mean, shape {@code [C]}, or {@code null} (then also
     *     {@code runningVar}); modified in place in training mode, read in eval mode
     * @param runningVar per-channel running variance, shape {@code [C]}, or {@code null}; as
     *     {@code runningMean}
     * @param weight the per-channel scale {@code gamma}, shape {@code [C]}, or {@code null} for 1
     * @param bias the per-channel shift {@code beta}, shape {@code [C]}, or {@code null} for 0
     * @param training use batch statistics (and update the running ones) rather than the running ones
     * @param momentum weight of the new batch statistic in the running average, in {@code [0, 1]}
     *     (PyTorch's default is 0.1)
     * @param eps added to the variance before the square root, finite and {@code > 0} (PyTorch's
     *     default is 1e-5)
     * @return the normalised tensor, of x's shape
     * @throws IllegalArgumentException if x has rank below 2; a buffer, weight or bias is not of
     *     shape {@code [C]}; only one running buffer is given; eval mode has no running buffers;
     *     training mode has only one value per channel ({@code M = 1}, as PyTorch); momentum is
     *     outside {@code [0, 1]}; eps is not finite and positive
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        String op = "batchNorm";
        int channels = channels(op, x);
        checkEps(op, eps);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(op + ": expected momentum in [0, 1], got " + momentum);
        }
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": give both runningMean and runningVar or neither, got "
                    + describe(runningMean) + " and " + describe(runningVar));
        }
        checkPerChannel(op, "runningMean", runningMean, channels, x);
        checkPerChannel(op, "runningVar", runningVar, channels, x);
        checkPerChannel(op, "weight", weight, channels, x);
        checkPerChannel(op, "bias", bias, channels, x);
        int perChannel = x.size() / Math.max(1, channels);
        if (training && (perChannel <= 1 || channels == 0)) {
            throw new IllegalArgumentException(op + ": training mode needs more than 1 value per channel, got input "
                    + x.shape() + " (" + perChannel + " per channel)");
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException(op + ": eval mode (training = false) needs runningMean and runningVar"
                    + " of shape [" + channels + "], got none; pass training = true to use batch statistics");
        }
        int batch = x.shape().dim(0);
        int spatial = spatial(x);
        if (!training) {
            // Folded as PyTorch does: y = x k + h with k = weight rsqrt(runningVar + eps), h = bias - runningMean k.
            Tensor k = runningVar.add(eps).rsqrt();
            k = weight == null ? k : k.mul(weight);
            Tensor h = runningMean.mul(k).neg();
            h = bias == null ? h : h.add(bias);
            return scaleShift(x, k, h, batch, channels, spatial);
        }
        float[] mean = new float[channels];
        float[] variance = new float[channels];
        Tensor xhat = standardize(op, x, batch, channels, spatial, eps, mean, variance);
        if (runningMean != null) {
            updateRunning(runningMean, runningVar, mean, variance, momentum, perChannel);
        }
        return scaleShift(xhat, weight, bias, batch, channels, spatial);
    }

    /**
     * {@code running = (1 - momentum) running + momentum batch} for the mean and, with Bessel's
     * correction {@code M / (M - 1)}, the variance; in place, not recorded.
     */
    private static void updateRunning(Tensor runningMean, Tensor runningVar, float[] mean, float[] biasedVar,
                                      float momentum, int count) {
        float[] unbiased = new float[biasedVar.length];
        for (int c = 0; c < unbiased.length; c++) {
            unbiased[c] = (float) ((double) biasedVar[c] * count / (count - 1));
        }
        try (Autograd.Scope scope = Autograd.noGrad()) {
            runningMean.mulInPlace(1f - momentum).addInPlace(Tensor.of(mean, mean.length), momentum);
            runningVar.mulInPlace(1f - momentum).addInPlace(Tensor.of(unbiased, unbiased.length), momentum);
        }
    }

    /**
     * Layer normalisation over the trailing axes (PyTorch's {@code F.layer_norm}): every slice
     * over the last {@code normalizedShape.length} axes is normalised with its own mean and
     * biased variance, then scaled and shifted elementwise. Backward: see the class comment.
     *
     * @param x the input, {@code (*, normalizedShape)}; not modified
     * @param normalizedShape the trailing sizes to normalise over, at least one, each at least 1
     * @param weight the elementwise scale, of shape {@code normalizedShape}, or {@code null} for 1
     * @param bias the elementwise shift, of shape {@code normalizedShape}, or {@code null} for 0
     * @param eps added to the variance before the square root, finite and {@code > 0}
     * @return the normalised tensor, of x's shape
     * @throws IllegalArgumentException if normalizedShape is empty or has a size below 1, x does
     *     not end with it, weight or bias has another shape, or eps is not finite and positive
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        String op = "layerNorm";
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException(op + ": expected a non-empty normalizedShape, got "
                    + Arrays.toString(normalizedShape) + " for input " + x.shape());
        }
        int k = normalizedShape.length;
        int[] dims = x.shape().toArray();
        boolean endsWith = dims.length >= k;
        for (int i = 0; i < k && endsWith; i++) {
            endsWith = normalizedShape[i] >= 1 && dims[dims.length - k + i] == normalizedShape[i];
        }
        if (!endsWith) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " must end with normalizedShape "
                    + Arrays.toString(normalizedShape) + " (sizes >= 1)");
        }
        Shape affineShape = Shape.of(normalizedShape);
        checkShape(op, "weight", weight, affineShape, x);
        checkShape(op, "bias", bias, affineShape, x);
        checkEps(op, eps);
        int length = affineShape.size();
        int rows = x.size() / length;
        Tensor xhat = standardize(op, x, 1, rows, length, eps, new float[rows], new float[rows]);
        return scaleShift(xhat, weight == null ? null : weight.reshape(length),
                bias == null ? null : bias.reshape(length), rows, length, 1);
    }

    /**
     * Group normalisation (PyTorch's {@code F.group_norm}): the channels of each sample are split
     * into {@code numGroups} consecutive groups of {@code C / numGroups}; each group is normalised
     * with the mean and biased variance over its channels and all spatial positions, then every
     * channel is scaled and shifted. Backward: see the class comment.
     *
     * @param x the input, {@code (N, C, *)} of rank at least 2; not modified
     * @param numGroups the number of groups, at least 1, dividing C
     * @param weight the per-channel scale, shape {@code [C]}, or {@code null} for 1
     * @param bias the per-channel shift, shape {@code [C]}, or {@code null} for 0
     * @param eps added to the variance before the square root, finite and {@code > 0}
     * @return the normalised tensor, of x's shape
     * @throws IllegalArgumentException if x has rank below 2 or a group holds no element,
     *     numGroups does not divide C, weight or bias is not of shape {@code [C]}, or eps is not
     *     finite and positive
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, float eps) {
        String op = "groupNorm";
        int channels = channels(op, x);
        if (numGroups < 1 || channels % numGroups != 0) {
            throw new IllegalArgumentException(op + ": numGroups = " + numGroups + " must be >= 1 and divide the "
                    + channels + " channels of input " + x.shape());
        }
        checkPerChannel(op, "weight", weight, channels, x);
        checkPerChannel(op, "bias", bias, channels, x);
        checkEps(op, eps);
        int batch = x.shape().dim(0);
        int spatial = spatial(x);
        int perGroup = channels / numGroups * spatial;
        if (perGroup == 0) {
            throw new IllegalArgumentException(op + ": each group must hold at least one element, got input "
                    + x.shape() + " with numGroups = " + numGroups);
        }
        int stats = batch * numGroups;
        Tensor xhat = standardize(op, x, 1, stats, perGroup, eps, new float[stats], new float[stats]);
        return scaleShift(xhat, weight, bias, batch, channels, spatial);
    }

    // ---------------------------------------------------------------- shared pieces

    /**
     * {@code xhat = (x - mean) rsqrt(var + eps)} with the statistics of x viewed as
     * {@code (outer, stats, inner)}, each over {@code (outer, inner)}; one fused kernel pass for
     * the moments and one to normalise. Backward: {@code dx = rstd (g - mean(g) - xhat mean(g
     * xhat))}, by a fused kernel for first-order passes and by the same formula in differentiable
     * ops when the backward pass is itself recorded (higher derivatives).
     *
     * @param mean receives the {@code stats} batch means; written
     * @param variance receives the {@code stats} biased variances; written
     */
    private static Tensor standardize(String op, Tensor x, int outer, int stats, int inner, float eps,
                                      float[] mean, float[] variance) {
        Normalize.moments(x.data(), outer, stats, inner, mean, variance);
        float[] rstd = new float[stats];
        for (int c = 0; c < stats; c++) {
            rstd[c] = (float) (1 / Math.sqrt((double) variance[c] + eps));
        }
        Tensor y = Tensor.empty(x.shape());
        Normalize.normalize(x.data(), outer, stats, inner, mean, rstd, y.data());
        return record(op, y, saved(x), (g, n) -> {
            if (Autograd.isEnabled()) {
                return grads(standardizeGradient(x, g, outer, stats, inner, eps));
            }
            Tensor dx = Tensor.empty(x.shape());
            Normalize.normalizeBackward(g.data(), x.data(), outer, stats, inner, mean, rstd, dx.data());
            return grads(dx);
        }, x);
    }

    /** {@code dx = rstd (g - mean(g) - xhat mean(g xhat))} in differentiable ops, statistics recomputed from x. */
    private static Tensor standardizeGradient(Tensor x, Tensor g, int outer, int stats, int inner, float eps) {
        int[] axes = {0, 2};
        Tensor xv = x.reshape(outer, stats, inner);
        Tensor gv = g.reshape(outer, stats, inner);
        Tensor centered = xv.sub(xv.mean(axes, true));
        Tensor rstd = centered.square().mean(axes, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(rstd);
        Tensor dx = rstd.mul(gv.sub(gv.mean(axes, true)).sub(xhat.mul(gv.mul(xhat).mean(axes, true))));
        return dx.reshape(x.shape().toArray());
    }

    /**
     * Per-channel affine {@code y = x w[c] + b[c]} over x viewed as {@code (outer, channels,
     * inner)}, one fused pass; returns x itself when both are null. Backward: {@code dx = g w[c]}
     * (this op again), {@code dw = sum g x}, {@code db = sum g}, sums over {@code (outer, inner)}.
     */
    private static Tensor scaleShift(Tensor x, Tensor w, Tensor b, int outer, int channels, int inner) {
        if (w == null && b == null) {
            return x;
        }
        Tensor scale = w == null ? Tensor.ones(channels) : w;
        Tensor shift = b == null ? Tensor.zeros(channels) : b;
        Tensor y = Tensor.empty(x.shape());
        Normalize.scaleShift(x.data(), outer, channels, inner, scale.data(), shift.data(), y.data());
        int[] view = {outer, channels, inner};
        int[] axes = {0, 2};
        return record("scaleShift", y, saved(x, scale), (g, n) -> grads(
                n[0] ? scaleShift(g, scale, null, outer, channels, inner) : null,
                n[1] ? g.mul(x).reshape(view).sum(axes, false) : null,
                n[2] ? g.reshape(view).sum(axes, false) : null), x, scale, shift);
    }

    /** The number of spatial positions of an {@code (N, C, *)} input: the product of the sizes after C. */
    private static int spatial(Tensor x) {
        int s = 1;
        for (int i = 2; i < x.dim(); i++) {
            s *= x.shape().dim(i);
        }
        return s;
    }

    /** The channel count of an {@code (N, C, *)} input. */
    private static int channels(String op, Tensor x) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": input must be (N, C, *) with rank >= 2, e.g. (N, C) or"
                    + " (N, C, H, W), got " + x.shape());
        }
        return x.shape().dim(1);
    }

    private static void checkPerChannel(String op, String name, Tensor t, int channels, Tensor x) {
        checkShape(op, name, t, Shape.of(channels), x);
    }

    private static void checkShape(String op, String name, Tensor t, Shape expected, Tensor x) {
        if (t != null && !t.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": " + name + " must have shape " + expected + " for input "
                    + x.shape() + ", got " + t.shape());
        }
    }

    private static void checkEps(String op, float eps) {
        if (!(eps > 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": expected finite eps > 0, got " + eps);
        }
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : "shape " + t.shape();
    }
}
