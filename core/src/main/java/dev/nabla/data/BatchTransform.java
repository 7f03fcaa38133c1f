package dev.nabla.data;

import dev.nabla.core.Rng;

/**
 * Changes a batch on its way out of a {@link DataLoader}: normalisation, data augmentation. The
 * factories in {@link Transforms} make the usual ones.
 *
 * <p>A transform must not modify the given batch's tensors or arrays: it returns a new batch
 * (it may share the labels or targets, which it keeps). It takes all its randomness from the
 * given {@link Rng}, so that a seed fixes its output. A {@link DataLoader} calls it with
 * recording off ({@link dev.nabla.core.Autograd#noGrad()}), on the prefetch thread when
 * prefetching, with a generator made from the loader's seed, the epoch and the batch index only.
 */
@FunctionalInterface
public interface BatchTransform {

    /**
     * @param batch the batch; not modified
     * @param rng the source of randomness; advanced
     * @return the transformed batch, with the same number of examples and the same labels or
     *     targets
     * @throws IllegalArgumentException if the batch's inputs have a shape the transform cannot take
     */
    Batch apply(Batch batch, Rng rng);
}
