package dev.nabla.core;

import dev.nabla.core.kernels.Elementwise;

/**
 * Inverted dropout, elementwise and per channel, with PyTorch's semantics and explicit
 * randomness.
 *
 * <p>In training mode each unit (or each whole channel) is kept with probability {@code 1 - p}
 * and scaled by {@code 1 / (1 - p)}, so the expected output equals the input; the rest are set
 * to 0. The mask is drawn from the given {@link Rng} sequentially, one
 * {@link Rng#fillBernoulli fillBernoulli} draw per unit in row-major order (a unit is kept when
 * its draw is below {@code 1 - p}, computed in float), so it is reproducible from the seed and
 * does not depend on the thread count. The op is {@code y = x * m} with the constant
 * {@code m = keep / (1 - p)}, so {@code dx = g m} and every higher derivative is 0 (as for any
 * product with a constant).
 *
 * <p>{@code p = 0} and eval mode return the input itself and draw nothing; {@code p = 1} returns
 * zeros (+0, never NaN, whatever the input) whose gradient is 0, and draws nothing either.
 */
public final class Dropout {

    private Dropout() {
    }

    /**
     * Elementwise inverted dropout: {@code y = x * keep / (1 - p)}, keep ~ Bernoulli(1 - p) per
     * element; {@code dx = g * keep / (1 - p)}.
     *
     * @param x the input, any shape; not modified
     * @param p the probability of zeroing an element, in {@code [0, 1]}
     * @param training apply dropout; when false, return {@code x} unchanged
     * @param rng the generator of the mask; advanced by {@code x.size()} draws when
     *     {@code training} and {@code 0 < p < 1}, untouched otherwise
     * @return a tensor of x's shape ({@code x} itself when not training or {@code p = 0})
     * @throws IllegalArgumentException if p is outside {@code [0, 1]} or NaN, or rng is null
     */
    public static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        check("dropout", p, rng, x);
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return zeros("dropout", x);
        }
        return apply("dropout", x, mask(x.shape(), p, rng));
    }

    /**
     * Channel dropout (PyTorch's {@code F.dropout2d}): zeroes whole channels of an
     * {@code (N, C, H, W)} input, keeping each of the {@code N * C} channels with probability
     * {@code 1 - p} and scaling kept ones by {@code 1 / (1 - p)}; one draw per (sample, channel)
     * in row-major order. {@code dx = g * keep[n, c] / (1 - p)}.
     *
     * @param x the input, {@code (N, C, H, W)}; not modified
     * @param p the probability of zeroing a channel, in {@code [0, 1]}
     * @param training apply dropout; when false, return {@code x} unchanged
     * @param rng the generator of the mask; advanced by {@code N * C} draws when {@code training}
     *     and {@code 0 < p < 1}, untouched otherwise
     * @return a tensor of x's shape ({@code x} itself when not training or {@code p = 0})
     * @throws IllegalArgumentException if x is not of rank 4, p is outside {@code [0, 1]} or NaN,
     *     or rng is null
     */
    public static Tensor dropout2d(Tensor x, float p, boolean training, Rng rng) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: input must be (N, C, H, W), got " + x.shape());
        }
        check("dropout2d", p, rng, x);
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return zeros("dropout2d", x);
        }
        return apply("dropout2d", x, mask(Shape.of(x.shape().dim(0), x.shape().dim(1), 1, 1), p, rng));
    }

    /** y = x * m, m a constant mask broadcast over x; dx = g * m. */
    private static Tensor apply(String op, Tensor x, Tensor m) {
        Tensor y = Arithmetic.arith(op, x, m, Elementwise.Operator.MUL);
        return Autograd.record(op, y, (g, n) -> Autograd.grads(g.mul(m)), x);
    }

    /**
     * y = 0 of x's shape for {@code p = 1}; dx = 0. Written as zeros rather than {@code x * 0},
     * which would give -0 for negative and NaN for infinite inputs.
     */
    private static Tensor zeros(String op, Tensor x) {
        return Autograd.record(op, Tensor.zerosLike(x), (g, n) -> Autograd.grads(Tensor.zerosLike(x)), x);
    }

    /** The constant mask for {@code 0 < p < 1}: {@code 1 / (1 - p)} where a draw keeps the unit, else 0. */
    private static Tensor mask(Shape shape, float p, Rng rng) {
        Tensor m = Tensor.empty(shape);
        float[] d = m.data();
        rng.fillBernoulli(d, 0, d.length, 1f - p);
        float scale = 1f / (1f - p);
        for (int i = 0; i < d.length; i++) {
            d[i] *= scale;
        }
        return m;
    }

    private static void check(String op, float p, Rng rng, Tensor x) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": expected p in [0, 1], got " + p + " for input " + x.shape());
        }
        if (rng == null) {
            throw new IllegalArgumentException(op + ": rng must not be null (input " + x.shape() + ")");
        }
    }
}
