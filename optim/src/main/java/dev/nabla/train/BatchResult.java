package dev.nabla.train;

/**
 * What one optimizer step did, as seen by {@link Callback#onBatchEnd}.
 *
 * @param step the number of optimizer steps taken so far in the run, this one included (from 1)
 * @param epoch the epoch number, from 0
 * @param batch the batch's index in the epoch, from 0
 * @param batchCount the number of batches in an epoch
 * @param loss the batch's loss
 * @param examples the number of examples in the batch
 */
public record BatchResult(long step, int epoch, int batch, int batchCount, double loss, int examples) {
}
