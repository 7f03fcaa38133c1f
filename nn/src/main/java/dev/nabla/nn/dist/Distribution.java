package dev.nabla.nn.dist;

import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * A batch of independent probability distributions, as {@code torch.distributions}. A value
 * has shape {@code sampleShape + batchShape + eventShape}: the batch shape indexes the
 * distributions, the event shape is that of one draw ({@code []} for scalar distributions,
 * {@code [K]} for one-hot ones). Every random draw goes through the given {@link Rng}, so a
 * seed reproduces the same numbers.
 */
public interface Distribution {

    /** @return the shape that indexes the independent distributions of this batch */
    Shape batchShape();

    /** @return the shape of one draw of one distribution: {@code []} unless stated otherwise */
    default Shape eventShape() {
        return Shape.scalar();
    }

    /**
     * Draws values without recording a gradient.
     *
     * @param rng the generator; advanced
     * @param sampleShape the leading sizes (none: one draw per distribution)
     * @return a tensor of shape {@code sampleShape + batchShape + eventShape}, not requiring a gradient
     */
    Tensor sample(Rng rng, int... sampleShape);

    /**
     * Draws reparameterised values {@code x = f(parameters, noise)}, differentiable with
     * respect to the parameters; only distributions that have such an {@code f} override it.
     *
     * @param rng the generator; advanced
     * @param sampleShape the leading sizes
     * @return a tensor of shape {@code sampleShape + batchShape + eventShape}
     * @throws UnsupportedOperationException naming the distribution if it has no reparameterisation
     */
    default Tensor rsample(Rng rng, int... sampleShape) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + ": rsample is not available (no reparameterisation); use sample, or a score-function estimator");
    }

    /**
     * The log-density (continuous) or log-mass (discrete) of values, in nats.
     *
     * @param value values whose shape, without the event shape, broadcasts with the batch shape; not modified
     * @return the log-probabilities, of the broadcast shape (event axes summed out)
     */
    Tensor logProb(Tensor value);

    /**
     * @return the entropy of each distribution in nats, of the batch shape
     * @throws UnsupportedOperationException if there is no closed form
     */
    Tensor entropy();

    /**
     * @return the mean, of shape {@code batchShape + eventShape}
     * @throws UnsupportedOperationException where the mean is not defined
     */
    default Tensor mean() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + ": mean is not defined");
    }

    /**
     * @return the variance (per coordinate), of shape {@code batchShape + eventShape}
     * @throws UnsupportedOperationException where the variance is not defined
     */
    default Tensor variance() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + ": variance is not defined");
    }
}
