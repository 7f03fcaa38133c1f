package dev.nabla.nn.layers;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Sequential;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives through layers (as gradient penalties and score matching need them):
 * core's second-order check of {@code x -> module(x)}, which differentiates the recorded
 * backward pass and compares with finite differences of first-order gradients.
 */
class HigherOrderTest {

    @Test
    void throughAnMlpWithSmoothActivations() {
        Rng rng = new Rng(1);
        Sequential m = new Mlp(new int[] {3, 4, 2}, Tanh::new, 0f, rng);
        GradCheck.secondOrder(xs -> m.forward(xs[0]), Tensor.randn(rng, 2, 3)).orThrow();
        Sequential g = new Sequential(new Linear(3, 3, rng), new Gelu(), new Linear(3, 1, rng), new Softplus());
        GradCheck.secondOrder(xs -> g.forward(xs[0]), Tensor.randn(rng, 2, 3)).orThrow();
    }

    @Test
    void throughNormalisationLayers() {
        Rng rng = new Rng(2);
        Sequential m = new Sequential(new Linear(3, 4, rng), new LayerNorm(4), new Silu(), new Linear(4, 2, rng),
                new Softmax(-1));
        GradCheck.secondOrder(xs -> m.forward(xs[0]), Tensor.randn(rng, 3, 3)).orThrow();
        Sequential b = new Sequential(new Linear(3, 4, rng), new BatchNorm1d(4), new Tanh());
        GradCheck.secondOrder(xs -> b.forward(xs[0]), Tensor.randn(rng, 5, 3)).orThrow();
        GroupNorm gn = new GroupNorm(2, 4);
        GradCheck.secondOrder(xs -> gn.forward(xs[0]).tanh(), Tensor.randn(rng, 2, 4, 3)).orThrow();
    }
}
