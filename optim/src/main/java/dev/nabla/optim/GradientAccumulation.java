package dev.nabla.optim;

import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;

/**
 * Gradient accumulation: one optimizer step per {@code k} micro-batches, so that a batch too
 * large for memory can be processed in {@code k} pieces.
 *
 * <p>For a loss that is a mean over the examples of a batch, split into {@code k} micro-batches
 * of equal size, the mean of the {@code k} micro-batch losses is the batch loss, so
 * back-propagating {@code loss_j / k} for each micro-batch accumulates exactly the large
 * batch's gradient (up to rounding). Use:
 * <pre>{@code
 * var acc = new GradientAccumulation(optimizer, 4);
 * optimizer.zeroGrad();
 * for (var microBatch : microBatches) {
 *     acc.backward(lossOf(microBatch));   // steps and zeros the gradients after every 4th
 * }
 * acc.flush();                            // a last step for a partial group, if any
 * }</pre>
 * Layers whose output depends on the whole batch (BatchNorm in training mode) see only a
 * micro-batch, so with them accumulation is not exactly equivalent.
 */
public final class GradientAccumulation {

    private final Optimizer<?> optimizer;
    private final int microBatches;
    private int pending;

    /**
     * @param optimizer the optimizer to step; its gradients should be zero (null) at the start
     * @param microBatches {@code k}, the number of micro-batches per step, {@code >= 1}
     * @throws IllegalArgumentException if {@code microBatches < 1}
     */
    public GradientAccumulation(Optimizer<?> optimizer, int microBatches) {
        if (microBatches < 1) {
            throw new IllegalArgumentException("GradientAccumulation: microBatches must be >= 1, got " + microBatches);
        }
        this.optimizer = optimizer;
        this.microBatches = microBatches;
    }

    /**
     * Back-propagates {@code loss / k}; after the {@code k}-th call since the last step, steps
     * the optimizer and zeros the gradients.
     *
     * @param loss a micro-batch's mean loss, a scalar that requires grad; its graph is freed
     * @return whether the optimizer stepped
     */
    public boolean backward(Tensor loss) {
        loss.div((float) microBatches).backward();
        pending++;
        if (pending == microBatches) {
            stepAndReset();
            return true;
        }
        return false;
    }

    /**
     * Steps with a partial group of {@code j < k} micro-batches, first rescaling the gradients
     * by {@code k / j} so they are the mean over the {@code j}; does nothing if none is pending.
     *
     * @return whether the optimizer stepped
     */
    public boolean flush() {
        if (pending == 0) {
            return false;
        }
        if (pending < microBatches) {
            float scale = (float) microBatches / pending;
            try (var scope = Autograd.noGrad()) {
                for (Tensor p : optimizer.params()) {
                    if (p.grad() != null) {
                        p.grad().mulInPlace(scale);
                    }
                }
            }
        }
        stepAndReset();
        return true;
    }

    /** @return the micro-batches back-propagated since the last step */
    public int pending() {
        return pending;
    }

    private void stepAndReset() {
        optimizer.step();
        optimizer.zeroGrad();
        pending = 0;
    }
}
