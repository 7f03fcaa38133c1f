package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;

/**
 * Batch normalisation of {@code (N, C, H, W)} inputs (PyTorch's {@code nn.BatchNorm2d}); see {@link BatchNorm}.
 */
public class BatchNorm2d extends BatchNorm {

    /**
     * With PyTorch's defaults (eps 1e-5, momentum 0.1, affine, tracking running statistics).
     *
     * @param numFeatures the number of channels C, at least 1
     */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, Options.DEFAULT);
    }

    /**
     * @param numFeatures the number of channels C, at least 1
     * @param options the settings
     */
    public BatchNorm2d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    /** Requires {@code (N, C, H, W)} with C = numFeatures. */
    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 4 || x.size(1) != numFeatures()) {
            throw badInput("(N, " + numFeatures() + ", H, W)", x);
        }
    }
}
