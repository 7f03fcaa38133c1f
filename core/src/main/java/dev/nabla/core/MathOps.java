package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Elementwise;
import dev.nabla.core.kernels.Pointwise;

/**
 * Unary elementwise math: each op's forward is one kernel pass and its backward rule is
 * written with differentiable tensor ops, so every op here has derivatives of any order.
 */
public final class MathOps {

    private static final float TWO_OVER_SQRT_PI = (float) (2 / Math.sqrt(Math.PI));

    private MathOps() {
    }

    /** Applies {@code f} to every element of {@code x} into a new tensor (not recorded). */
    /** Applies one of the dedicated elementwise kernels to x into a new tensor (not recorded). */
    static Tensor apply(Tensor x, Elementwise.Function f) {
        Tensor y = Tensor.empty(x.shape());
        Elementwise.map(f, x.data(), y.data(), x.size());
        return y;
    }

    static Tensor map(Tensor x, Pointwise.Unary f) {
        Tensor y = Tensor.empty(x.shape());
        Pointwise.map(f, x.data(), y.data(), x.size());
        return y;
    }

    /** y = -x; dx = -g. */
    public static Tensor neg(Tensor x) {
        return record("neg", apply(x, Elementwise.Function.NEG), (g, n) -> grads(g.neg()), x);
    }

    /** y = e^x; dx = g y. */
    public static Tensor exp(Tensor x) {
        Tensor y = apply(x, Elementwise.Function.EXP);
        return record("exp", y, saved(y), (g, n) -> grads(g.mul(y)), x);
    }

    /** y = ln x; dx = g / x. */
    public static Tensor log(Tensor x) {
        Tensor y = apply(x, Elementwise.Function.LOG);
        return record("log", y, saved(x), (g, n) -> grads(g.div(x)), x);
    }

    /** y = ln(1 + x), accurate near 0; dx = g / (1 + x). */
    public static Tensor log1p(Tensor x) {
        Tensor y = map(x, v -> (float) Math.log1p(v));
        return record("log1p", y, saved(x), (g, n) -> grads(g.div(x.add(1f))), x);
    }

    /** y = e^x - 1, accurate near 0; dx = g (y + 1). */
    public static Tensor expm1(Tensor x) {
        Tensor y = map(x, v -> (float) Math.expm1(v));
        return record("expm1", y, saved(y), (g, n) -> grads(g.mul(y.add(1f))), x);
    }

    /** y = sqrt(x); dx = g / (2 y). */
    public static Tensor sqrt(Tensor x) {
        Tensor y = apply(x, Elementwise.Function.SQRT);
        return record("sqrt", y, saved(y), (g, n) -> grads(g.div(y.mul(2f))), x);
    }

    /** y = 1 / sqrt(x); dx = -g y^3 / 2. */
    public static Tensor rsqrt(Tensor x) {
        Tensor y = map(x, v -> (float) (1 / Math.sqrt(v)));
        return record("rsqrt", y, saved(y), (g, n) -> grads(g.mul(y.mul(y.square())).mul(-0.5f)), x);
    }

    /** y = |x|; dx = g sign(x) (0 at x = 0, as PyTorch). */
    public static Tensor abs(Tensor x) {
        return record("abs", map(x, Math::abs), saved(x), (g, n) -> grads(g.mul(sign(x))), x);
    }

    /** y = sign(x) in {-1, 0, 1}; piecewise constant, so its gradient is 0 (it is not recorded). */
    public static Tensor sign(Tensor x) {
        return map(x, Math::signum);
    }

    /** y = x^2; dx = 2 g x. */
    public static Tensor square(Tensor x) {
        return record("square", apply(x, Elementwise.Function.SQUARE), saved(x), (g, n) -> grads(g.mul(x).mul(2f)), x);
    }

    /** y = 1 / x; dx = -g y^2. */
    public static Tensor reciprocal(Tensor x) {
        Tensor y = map(x, v -> 1f / v);
        return record("reciprocal", y, saved(y), (g, n) -> grads(g.mul(y.square()).neg()), x);
    }

    /** y = sin x; dx = g cos x. */
    public static Tensor sin(Tensor x) {
        return record("sin", map(x, v -> (float) Math.sin(v)), saved(x), (g, n) -> grads(g.mul(cos(x))), x);
    }

    /** y = cos x; dx = -g sin x. */
    public static Tensor cos(Tensor x) {
        return record("cos", map(x, v -> (float) Math.cos(v)), saved(x), (g, n) -> grads(g.mul(sin(x)).neg()), x);
    }

    /** y = erf x, the Gauss error function; dx = g (2 / sqrt(pi)) e^(-x^2). */
    public static Tensor erf(Tensor x) {
        return record("erf", map(x, v -> (float) erf((double) v)), saved(x),
                (g, n) -> grads(g.mul(x.square().neg().exp()).mul(TWO_OVER_SQRT_PI)), x);
    }

    /**
     * The error function in double precision, absolute error below 1.2e-7 (far below fp32's
     * resolution near 1): Numerical Recipes' Chebyshev fit of the complementary error function
     * (Press et al., "Numerical Recipes", 3rd ed., section 6.2.2).
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double erfc = t * Math.exp(poly);
        return x >= 0 ? 1 - erfc : erfc - 1;
    }

    /** y = clone of x (new storage); dx = g. */
    public static Tensor clone(Tensor x) {
        return record("clone", map(x, v -> v), (g, n) -> grads(g), x);
    }
}
