package dev.nabla.nn.dist;

import dev.nabla.core.Arithmetic;
import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Independent continuous uniform distributions on {@code [low, high)}, broadcasting to the
 * batch shape. Reparameterised: {@code x = low + (high - low) u}, {@code u ~ U[0, 1)}.
 */
public final class Uniform implements Distribution {

    private final Tensor low;
    private final Tensor high;
    private final Shape batch;

    /**
     * @param low the lower bounds, finite; kept, gradients flow into it
     * @param high the upper bounds, finite, {@code > low} elementwise after broadcasting; kept
     * @throws IllegalArgumentException if the shapes do not broadcast, a bound is not finite or {@code low >= high}
     */
    public Uniform(Tensor low, Tensor high) {
        Support.require("Uniform", "low", low, Double::isFinite, "finite");
        Support.require("Uniform", "high", high, Double::isFinite, "finite");
        this.batch = Support.broadcast("Uniform", "low", low, "high", high);
        Support.require("Uniform", "high - low", high.sub(low).detach(), v -> v > 0, "> 0");
        this.low = low;
        this.high = high;
    }

    /** @return the lower bounds, as given */
    public Tensor low() {
        return low;
    }

    /** @return the upper bounds, as given */
    public Tensor high() {
        return high;
    }

    @Override
    public Shape batchShape() {
        return batch;
    }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        try (var scope = Autograd.noGrad()) {
            return rsample(rng, sampleShape).detach();
        }
    }

    /** {@code low + (high - low) u}, {@code u ~ U[0, 1)} drawn by {@code rng}. */
    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        int[] shape = Support.sampleShape("Uniform", sampleShape, batch, Shape.scalar());
        return low.add(high.sub(low).mul(Tensor.rand(rng, shape)));
    }

    /** {@code -log(high - low)} inside {@code [low, high)}, {@code -inf} outside. */
    @Override
    public Tensor logProb(Tensor value) {
        Support.broadcast("Uniform.logProb", "value", value.shape(), "batch of low", batch);
        Tensor inside = value.ge(low).mul(value.lt(high));
        Tensor density = high.sub(low).log().neg();
        return Arithmetic.where(inside, density, Tensor.scalar(Float.NEGATIVE_INFINITY));
    }

    /** {@code log(high - low)}. */
    @Override
    public Tensor entropy() {
        return Support.expandTo(high.sub(low).log(), batch);
    }

    /** @return {@code (low + high) / 2} */
    @Override
    public Tensor mean() {
        return Support.expandTo(low.add(high).mul(0.5f), batch);
    }

    /** @return {@code (high - low)^2 / 12} */
    @Override
    public Tensor variance() {
        return Support.expandTo(high.sub(low).square().div(12f), batch);
    }

    @Override
    public String toString() {
        return "Uniform(batchShape=" + batch + ")";
    }
}
