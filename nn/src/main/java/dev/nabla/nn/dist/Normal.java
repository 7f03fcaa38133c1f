package dev.nabla.nn.dist;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Independent normal distributions {@code N(loc, scale^2)} (a diagonal Gaussian), with
 * {@code loc} and {@code scale} broadcasting to the batch shape. Reparameterised:
 * {@code x = loc + scale * z}, {@code z ~ N(0, 1)}.
 */
public final class Normal implements Distribution {

    private final Tensor loc;
    private final Tensor scale;
    private final Shape batch;

    /**
     * @param loc the means, any shape; kept (not copied), gradients flow into it
     * @param scale the standard deviations, finite and {@code > 0}, broadcasting with {@code loc}; kept
     * @throws IllegalArgumentException if the shapes do not broadcast or a scale is not positive and finite
     */
    public Normal(Tensor loc, Tensor scale) {
        Support.require("Normal", "loc", loc, Double::isFinite, "finite");
        Support.require("Normal", "scale", scale, v -> v > 0 && Double.isFinite(v), "finite and > 0");
        this.batch = Support.broadcast("Normal", "loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
    }

    /** @return the means, as given */
    public Tensor loc() {
        return loc;
    }

    /** @return the standard deviations, as given */
    public Tensor scale() {
        return scale;
    }

    @Override
    public Shape batchShape() {
        return batch;
    }

    /** {@code loc + scale * z} with {@code z ~ N(0, 1)} drawn by {@code rng}; no gradient. */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        try (var scope = Autograd.noGrad()) {
            return rsample(rng, sampleShape).detach();
        }
    }

    /** {@code loc + scale * z}, {@code z ~ N(0, 1)}: d x / d loc = 1, d x / d scale = z. */
    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        int[] shape = Support.sampleShape("Normal", sampleShape, batch, Shape.scalar());
        return loc.add(scale.mul(Tensor.randn(rng, shape)));
    }

    /** {@code -(x - loc)^2 / (2 scale^2) - log(scale) - log(2 pi) / 2}. */
    @Override
    public Tensor logProb(Tensor value) {
        Support.broadcast("Normal.logProb", "value", value.shape(), "batch of loc", batch);
        Tensor z = value.sub(loc).div(scale);
        return z.square().mul(-0.5f).sub(scale.log()).sub(Support.HALF_LOG_TWO_PI);
    }

    /** {@code 1/2 + log(2 pi) / 2 + log(scale)}, of the batch shape. */
    @Override
    public Tensor entropy() {
        return Support.expandTo(scale.log().add(0.5f + Support.HALF_LOG_TWO_PI), batch);
    }

    /** @return {@code loc}, of the batch shape */
    @Override
    public Tensor mean() {
        return Support.expandTo(loc, batch);
    }

    /** @return {@code scale^2}, of the batch shape */
    @Override
    public Tensor variance() {
        return Support.expandTo(scale.square(), batch);
    }

    @Override
    public String toString() {
        return "Normal(batchShape=" + batch + ")";
    }
}
