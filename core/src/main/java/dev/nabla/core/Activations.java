package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Elementwise;

/**
 * Activation functions. Primitives (tanh, sigmoid, relu, leakyRelu, elu, softplus, silu) have
 * one backward rule each, written with differentiable ops; gelu is composed of primitives.
 * Every one has derivatives of every order.
 */
public final class Activations {

    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    /** y = tanh x; dx = g (1 - y^2). */
    public static Tensor tanh(Tensor x) {
        Tensor y = MathOps.apply(x, Elementwise.Function.TANH);
        return record("tanh", y, saved(y), (g, n) -> grads(g.mul(y.square().neg().add(1f))), x);
    }

    /** y = 1 / (1 + e^-x), computed without overflow; dx = g y (1 - y). */
    public static Tensor sigmoid(Tensor x) {
        Tensor y = MathOps.apply(x, Elementwise.Function.SIGMOID);
        return record("sigmoid", y, saved(y), (g, n) -> grads(g.mul(y.sub(y.square()))), x);
    }

    /** y = max(x, 0); dx = g where x > 0, else 0. */
    public static Tensor relu(Tensor x) {
        Tensor y = MathOps.apply(x, Elementwise.Function.RELU);
        return record("relu", y, saved(x), (g, n) -> grads(g.mul(MathOps.apply(x, Elementwise.Function.STEP))), x);
    }

    /** y = x for x > 0, else slope x; dx = g (1 or slope). */
    public static Tensor leakyRelu(Tensor x, float slope) {
        Tensor y = MathOps.map(x, v -> v > 0 ? v : slope * v);
        return record("leakyRelu", y, saved(x),
                (g, n) -> grads(g.mul(MathOps.map(x, v -> v > 0 ? 1f : slope))), x);
    }

    /** y = x for x > 0, else alpha (e^x - 1); dx = g for x > 0, else g (y + alpha). */
    public static Tensor elu(Tensor x, float alpha) {
        Tensor y = MathOps.map(x, v -> v > 0 ? v : (float) (alpha * Math.expm1(v)));
        return record("elu", y, saved(x, y), (g, n) -> {
            Tensor positive = Arithmetic.gt(x, Tensor.scalar(0f));
            return grads(Arithmetic.where(positive, g, g.mul(y.add(alpha))));
        }, x);
    }

    /** y = ln(1 + e^x), computed without overflow; dx = g sigmoid(x). */
    public static Tensor softplus(Tensor x) {
        Tensor y = MathOps.map(x, v -> (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))));
        return record("softplus", y, saved(x), (g, n) -> grads(g.mul(sigmoid(x))), x);
    }

    /** y = x Phi(x) = x (1 + erf(x / sqrt 2)) / 2, the exact GELU; composed. */
    public static Tensor gelu(Tensor x) {
        return x.mul(x.mul(INV_SQRT2).erf().add(1f)).mul(0.5f);
    }

    /**
     * GELU, exact or with the tanh approximation
     * {@code y = x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2} (PyTorch's
     * {@code approximate='tanh'}); composed.
     */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (!tanhApproximation) {
            return gelu(x);
        }
        Tensor inner = x.add(x.mul(x.square()).mul(0.044715f)).mul(SQRT_2_OVER_PI);
        return x.mul(tanh(inner).add(1f)).mul(0.5f);
    }

    /**
     * y = x sigmoid(x) (a.k.a. swish), one fused kernel; dx = g s (1 + x (1 - s)) with
     * s = sigmoid(x).
     */
    public static Tensor silu(Tensor x) {
        Tensor y = MathOps.apply(x, Elementwise.Function.SILU);
        return record("silu", y, saved(x), (g, n) -> {
            Tensor s = sigmoid(x);
            return grads(g.mul(s.mul(x.mul(s.neg().add(1f)).add(1f))));
        }, x);
    }
}
