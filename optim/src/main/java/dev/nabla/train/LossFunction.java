package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.data.Batch;
import dev.nabla.nn.Module;

/**
 * Computes a batch's loss: runs the model on the batch and compares its output with the
 * batch's labels or targets, for example
 * {@code (model, b) -> Losses.crossEntropy(model.forward(b.inputs()), b.labels())}.
 */
@FunctionalInterface
public interface LossFunction {

    /**
     * @param model the model being trained (in training mode during training, eval mode during
     *     validation)
     * @param batch the batch
     * @return the batch's mean loss, a scalar tensor connected to the model's parameters
     */
    Tensor compute(Module model, Batch batch);
}
