package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;

/**
 * Batch normalisation of {@code (N, C)} or {@code (N, C, L)} inputs (PyTorch's {@code nn.BatchNorm1d}); see {@link BatchNorm}.
 */
public class BatchNorm1d extends BatchNorm {

    /**
     * With PyTorch's defaults (eps 1e-5, momentum 0.1, affine, tracking running statistics).
     *
     * @param numFeatures the number of channels C, at least 1
     */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, Options.DEFAULT);
    }

    /**
     * @param numFeatures the number of channels C, at least 1
     * @param options the settings
     */
    public BatchNorm1d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    /** Requires {@code (N, C)} or {@code (N, C, L)} with C = numFeatures. */
    @Override
    protected void checkInput(Tensor x) {
        if ((x.dim() != 2 && x.dim() != 3) || x.size(1) != numFeatures()) {
            throw badInput("(N, " + numFeatures() + ") or (N, " + numFeatures() + ", L)", x);
        }
    }
}
