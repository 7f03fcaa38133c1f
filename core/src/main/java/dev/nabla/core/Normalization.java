package dev.nabla.core;

import java.util.Arrays;

/**
 * Normalisation ops with PyTorch's semantics: batch norm over the channel axis 1 of
 * {@code (N, C, *)} inputs, layer norm over trailing axes, group norm over groups of channels.
 *
 * <p>Each op is composed of differentiable core ops: {@code mu = mean(x)}, {@code c = x - mu},
 * {@code v = mean(c^2)} (the biased variance), {@code y = c * rsqrt(v + eps)}, then the optional
 * affine {@code y * weight + bias}. Autograd derives the backward pass, which is therefore
 * differentiable to any order (gradient penalties through a normalised critic work). With
 * {@code xhat = c rsqrt(v + eps)} and {@code g' = g * weight}, the first-order rule autograd arrives at is
 * {@code dx = rsqrt(v + eps) (g' - mean(g') - xhat mean(g' xhat))}, {@code dweight = sum(g xhat)},
 * {@code dbias = sum(g)}, the means and sums taken over the elements each statistic covers.
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
        int[] axes = batchAxes(x.dim());
        int[] perChannelShape = channelShape(x.dim(), channels);
        Tensor y;
        if (training) {
            Tensor mean = x.mean(axes, true);
            Tensor centered = x.sub(mean);
            Tensor variance = centered.square().mean(axes, true);
            y = centered.mul(variance.add(eps).rsqrt());
            if (runningMean != null) {
                updateRunning(runningMean, runningVar, mean, variance, momentum, perChannel);
            }
        } else {
            Tensor mean = runningMean.reshape(perChannelShape);
            Tensor variance = runningVar.reshape(perChannelShape);
            y = x.sub(mean).mul(variance.add(eps).rsqrt());
        }
        return affine(y, weight, bias, perChannelShape);
    }

    /**
     * {@code running = (1 - momentum) running + momentum batch} for the mean and, with Bessel's
     * correction {@code M / (M - 1)}, the variance; in place, not recorded.
     */
    private static void updateRunning(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVar,
                                      float momentum, int count) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            int channels = runningMean.size();
            Tensor batchMean = mean.detach().reshape(channels);
            Tensor unbiasedVar = biasedVar.detach().reshape(channels).mul((float) count / (count - 1));
            runningMean.mulInPlace(1f - momentum).addInPlace(batchMean, momentum);
            runningVar.mulInPlace(1f - momentum).addInPlace(unbiasedVar, momentum);
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
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = dims.length - k + i;
        }
        return affine(standardize(x, axes, eps), weight, bias, normalizedShape);
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
        int perGroup = channels / numGroups;
        for (int i = 2; i < x.dim(); i++) {
            perGroup *= x.shape().dim(i);
        }
        if (perGroup == 0) {
            throw new IllegalArgumentException(op + ": each group must hold at least one element, got input "
                    + x.shape() + " with numGroups = " + numGroups);
        }
        Tensor grouped = x.reshape(batch, numGroups, perGroup);
        Tensor y = standardize(grouped, new int[] {2}, eps).reshape(x.shape().toArray());
        return affine(y, weight, bias, channelShape(x.dim(), channels));
    }

    // ---------------------------------------------------------------- shared pieces

    /** {@code (x - mean) rsqrt(var + eps)} over {@code axes}, with the biased variance; composed. */
    private static Tensor standardize(Tensor x, int[] axes, float eps) {
        Tensor centered = x.sub(x.mean(axes, true));
        Tensor variance = centered.square().mean(axes, true);
        return centered.mul(variance.add(eps).rsqrt());
    }

    /** {@code y * weight + bias}, each reshaped to {@code shape} for broadcasting; either may be null. */
    private static Tensor affine(Tensor y, Tensor weight, Tensor bias, int[] shape) {
        Tensor out = y;
        if (weight != null) {
            out = out.mul(weight.reshape(shape));
        }
        if (bias != null) {
            out = out.add(bias.reshape(shape));
        }
        return out;
    }

    /** The batch and spatial axes {@code 0, 2, 3, ..., rank - 1}. */
    private static int[] batchAxes(int rank) {
        int[] axes = new int[rank - 1];
        axes[0] = 0;
        for (int i = 2; i < rank; i++) {
            axes[i - 1] = i;
        }
        return axes;
    }

    /** {@code [1, C, 1, ..., 1]} of the given rank: a per-channel tensor that broadcasts over x. */
    private static int[] channelShape(int rank, int channels) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        return shape;
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
