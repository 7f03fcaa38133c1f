package dev.nabla.nn.layers;

import dev.nabla.core.Autograd;
import dev.nabla.core.Normalization;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * Batch normalisation over the channel dimension 1 (the common part of {@link BatchNorm1d} and
 * {@link BatchNorm2d}, PyTorch's {@code _BatchNorm}):
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, per channel.
 *
 * <p>In training mode the mean and (biased) variance are the batch's, over the batch and any
 * spatial dimensions, and the running statistics are updated in place:
 * {@code running = (1 - momentum) running + momentum batch}, with the unbiased batch variance
 * for {@code running_var}; {@code num_batches_tracked} counts the updates. In eval mode the
 * running statistics are used and nothing changes. Without running statistics
 * ({@code trackRunningStats = false}) batch statistics are used in both modes, as PyTorch does.
 *
 * <p>Parameters (if affine): {@code weight} (ones) and {@code bias} (zeros), shape {@code (C)}.
 * Buffers (if tracking): {@code running_mean} (zeros), {@code running_var} (ones), shape
 * {@code (C)}, and {@code num_batches_tracked}, a scalar integer buffer (int64 in files).
 * PyTorch's cumulative average ({@code momentum=None}) is not offered.
 */
public abstract class BatchNorm extends Module {

    /**
     * Settings.
     *
     * @param eps added to the variance before the square root, {@code > 0}
     * @param momentum the weight of the new batch in the running averages, in {@code [0, 1]}
     * @param affine whether to learn a per-channel scale and shift
     * @param trackRunningStats whether to keep running statistics (for eval mode)
     */
    public record Options(float eps, float momentum, boolean affine, boolean trackRunningStats) {
        /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
        public static final Options DEFAULT = new Options(1e-5f, 0.1f, true, true);

        /**
         * @param eps added to the variance before the square root, {@code > 0}
         * @param momentum the weight of the new batch in the running averages, in {@code [0, 1]}
         * @param affine whether to learn a per-channel scale and shift
         * @param trackRunningStats whether to keep running statistics (for eval mode)
         * @throws IllegalArgumentException if eps is not finite and positive or momentum is outside {@code [0, 1]}
         */
        public Options {
            if (!(eps > 0) || Float.isInfinite(eps) || !(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("BatchNorm: expected finite eps > 0 and momentum in [0, 1], got eps = "
                        + eps + ", momentum = " + momentum);
            }
        }
    }

    private final int numFeatures;
    private final Options options;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * @param numFeatures the number of channels C, at least 1
     * @param options the settings
     * @throws IllegalArgumentException if numFeatures is below 1
     */
    protected BatchNorm(int numFeatures, Options options) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected numFeatures >= 1, got "
                    + numFeatures);
        }
        this.numFeatures = numFeatures;
        this.options = options;
        weight = options.affine() ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        bias = options.affine() ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        boolean track = options.trackRunningStats();
        runningMean = track ? registerBuffer("running_mean", Tensor.zeros(numFeatures)) : null;
        runningVar = track ? registerBuffer("running_var", Tensor.ones(numFeatures)) : null;
        numBatchesTracked = track ? registerIntegerBuffer("num_batches_tracked", Tensor.scalar(0f)) : null;
    }

    /**
     * Checks the input's rank and channel count.
     *
     * @param x the input
     * @throws IllegalArgumentException (via {@link #badInput}) if x has the wrong shape
     */
    protected abstract void checkInput(Tensor x);

    /**
     * @param x the input, {@code (N, C, *)} as the subclass says; in training mode (or without
     *     running statistics) with more than one value per channel
     * @return the normalised input, of x's shape
     * @throws IllegalArgumentException if x has the wrong shape (nothing is changed then)
     */
    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        boolean batchStats = isTraining() || runningMean == null;
        if (batchStats && x.size() / numFeatures <= 1) {
            throw badInput("more than one value per channel when using batch statistics (training mode)", x);
        }
        boolean update = isTraining() && runningMean != null;
        Tensor y = Normalization.batchNorm(x, update || !batchStats ? runningMean : null,
                update || !batchStats ? runningVar : null, weight, bias, batchStats, options.momentum(), options.eps());
        if (update) {
            try (Autograd.Scope scope = Autograd.noGrad()) {
                numBatchesTracked.addInPlace(Tensor.scalar(1f));
            }
        }
        return y;
    }

    /** @return the number of channels C */
    public int numFeatures() {
        return numFeatures;
    }

    /** @return the settings */
    public Options options() {
        return options;
    }

    /** @return the scale, {@code (C)}, or {@code null} if not affine; the parameter itself */
    public Tensor weight() {
        return weight;
    }

    /** @return the shift, {@code (C)}, or {@code null} if not affine; the parameter itself */
    public Tensor bias() {
        return bias;
    }

    /** @return the running mean, {@code (C)}, or {@code null} if not tracked; the buffer itself */
    public Tensor runningMean() {
        return runningMean;
    }

    /** @return the running (unbiased) variance, {@code (C)}, or {@code null} if not tracked; the buffer itself */
    public Tensor runningVar() {
        return runningVar;
    }

    /** @return the number of training-mode batches seen, or {@code null} if not tracked; the buffer itself */
    public Tensor numBatchesTracked() {
        return numBatchesTracked;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + options.eps() + ", momentum=" + options.momentum() + ", affine="
                + options.affine() + ", track_running_stats=" + options.trackRunningStats();
    }
}
