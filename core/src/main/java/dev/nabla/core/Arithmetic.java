package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Elementwise;
import dev.nabla.core.kernels.Pointwise;

/**
 * Binary elementwise ops with NumPy/PyTorch broadcasting, selection, clamping and comparisons.
 * The gradient of a broadcast input is summed back to its shape ({@link Reductions#sumTo}).
 * Comparisons return masks of 0 and 1 that carry no gradient.
 */
public final class Arithmetic {

    private Arithmetic() {
    }

    /** Applies {@code f} to broadcast pairs of {@code a} and {@code b} into a new tensor. */
    static Tensor zip(String op, Tensor a, Tensor b, Pointwise.Binary f) {
        return broadcast(op, a, b, null, f);
    }

    /** Applies one of the four arithmetic operators (a dedicated kernel) to broadcast pairs. */
    static Tensor arith(String op, Tensor a, Tensor b, Elementwise.Operator operator) {
        return broadcast(op, a, b, operator, null);
    }

    /** The output of broadcasting a with b, filled by the operator's kernel if given, else by f. */
    private static Tensor broadcast(String op, Tensor a, Tensor b, Elementwise.Operator operator, Pointwise.Binary f) {
        Shape s = Shape.broadcast(op, a.shape(), b.shape());
        Tensor out = Tensor.empty(s);
        int[] as = a.shape().broadcastStrides(s);
        int[] bs = b.shape().broadcastStrides(s);
        if (operator != null) {
            Pointwise.zip(operator, a.data(), as, b.data(), bs, out.data(), s.toArray());
        } else {
            Pointwise.zip(f, a.data(), as, b.data(), bs, out.data(), s.toArray());
        }
        return out;
    }

    /** y = a + b; da = g, db = g (each summed to its input's shape). */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor y = arith("add", a, b, Elementwise.Operator.ADD);
        return record("add", y, (g, n) -> grads(
                n[0] ? Reductions.sumTo(g, a.shape()) : null,
                n[1] ? Reductions.sumTo(g, b.shape()) : null), a, b);
    }

    /** y = a - b; da = g, db = -g. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor y = arith("sub", a, b, Elementwise.Operator.SUB);
        return record("sub", y, (g, n) -> grads(
                n[0] ? Reductions.sumTo(g, a.shape()) : null,
                n[1] ? Reductions.sumTo(g.neg(), b.shape()) : null), a, b);
    }

    /** y = a * b; da = g b, db = g a. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor y = arith("mul", a, b, Elementwise.Operator.MUL);
        return record("mul", y, saved(a, b), (g, n) -> grads(
                n[0] ? Reductions.sumTo(g.mul(b), a.shape()) : null,
                n[1] ? Reductions.sumTo(g.mul(a), b.shape()) : null), a, b);
    }

    /** y = a / b; da = g / b, db = -g a / b^2. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor y = arith("div", a, b, Elementwise.Operator.DIV);
        return record("div", y, saved(a, b), (g, n) -> grads(
                n[0] ? Reductions.sumTo(g.div(b), a.shape()) : null,
                n[1] ? Reductions.sumTo(g.mul(a).div(b.square()).neg(), b.shape()) : null), a, b);
    }

    /**
     * y = a ^ b elementwise; da = g b a^(b-1), db = g y ln(a) (taken as 0 where a = 0, as
     * PyTorch does, so that {@code 0^b} with a constant base does not poison the gradient).
     */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor y = zip("pow", a, b, (p, q) -> (float) Math.pow(p, q));
        return record("pow", y, saved(a, b, y), (g, n) -> grads(
                n[0] ? Reductions.sumTo(g.mul(b).mul(pow(a, b.sub(1f))), a.shape()) : null,
                n[1] ? Reductions.sumTo(where(eq(a, Tensor.scalar(0f)), Tensor.scalar(0f), g.mul(y).mul(a.log())),
                        b.shape()) : null), a, b);
    }

    /** y = x ^ p for a constant exponent; dx = g p x^(p-1) (0 for p = 0). */
    public static Tensor pow(Tensor x, float p) {
        Tensor y = MathOps.map(x, v -> (float) Math.pow(v, p));
        return record("pow", y, saved(x), (g, n) -> grads(
                p == 0 ? Tensor.zerosLike(x) : g.mul(pow(x, p - 1f)).mul(p)), x);
    }

    /** y = min(a, b); the gradient goes to the smaller input, split evenly on ties (as PyTorch). */
    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor y = zip("minimum", a, b, Math::min);
        return record("minimum", y, saved(a, b), (g, n) -> grads(
                n[0] ? Reductions.sumTo(g.mul(tieSplit(b, a)), a.shape()) : null,
                n[1] ? Reductions.sumTo(g.mul(tieSplit(a, b)), b.shape()) : null), a, b);
    }

    /** y = max(a, b); the gradient goes to the larger input, split evenly on ties (as PyTorch). */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor y = zip("maximum", a, b, Math::max);
        return record("maximum", y, saved(a, b), (g, n) -> grads(
                n[0] ? Reductions.sumTo(g.mul(tieSplit(a, b)), a.shape()) : null,
                n[1] ? Reductions.sumTo(g.mul(tieSplit(b, a)), b.shape()) : null), a, b);
    }

    /** 1 where p > q, 1/2 where p = q, 0 elsewhere: the share of the gradient p receives. */
    private static Tensor tieSplit(Tensor p, Tensor q) {
        return zip("maximum", p, q, (u, v) -> u > v ? 1f : u == v ? 0.5f : 0f);
    }

    /**
     * y = mask ? a : b elementwise, all three broadcast together; da = g where the mask is
     * set, db = g elsewhere. The mask (non-zero means true) carries no gradient.
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        Shape s = Shape.broadcast("where", Shape.broadcast("where", mask.shape(), a.shape()), b.shape());
        Tensor m = ShapeOps.materialize(mask, s);
        Tensor pa = ShapeOps.materialize(a, s);
        Tensor pb = ShapeOps.materialize(b, s);
        Tensor y = Tensor.empty(s);
        float[] md = m.data();
        float[] ad = pa.data();
        float[] bd = pb.data();
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            yd[i] = md[i] != 0 ? ad[i] : bd[i];
        }
        Tensor zero = Tensor.scalar(0f);
        return record("where", y, saved(mask), (g, n) -> grads(
                null,
                n[1] ? Reductions.sumTo(where(mask, g, zero), a.shape()) : null,
                n[2] ? Reductions.sumTo(where(mask, zero, g), b.shape()) : null), mask, a, b);
    }

    /**
     * y = min(max(x, min), max); dx = g where {@code min <= x <= max}, else 0.
     *
     * @param min the lower bound (may be {@code Float.NEGATIVE_INFINITY})
     * @param max the upper bound (may be {@code Float.POSITIVE_INFINITY})
     * @throws IllegalArgumentException if a bound is NaN or {@code min > max}
     */
    public static Tensor clamp(Tensor x, float min, float max) {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max) {
            throw new IllegalArgumentException("clamp: expected min <= max (not NaN), got min=" + min + ", max=" + max);
        }
        Tensor y = MathOps.map(x, v -> Math.min(Math.max(v, min), max));
        return record("clamp", y, saved(x), (g, n) -> grads(
                g.mul(MathOps.map(x, v -> v >= min && v <= max ? 1f : 0f))), x);
    }

    /** Mask of {@code a > b} (1 or 0, broadcast); carries no gradient. */
    public static Tensor gt(Tensor a, Tensor b) {
        return zip("gt", a, b, (p, q) -> p > q ? 1f : 0f);
    }

    /** Mask of {@code a < b} (1 or 0, broadcast); carries no gradient. */
    public static Tensor lt(Tensor a, Tensor b) {
        return zip("lt", a, b, (p, q) -> p < q ? 1f : 0f);
    }

    /** Mask of {@code a >= b} (1 or 0, broadcast); carries no gradient. */
    public static Tensor ge(Tensor a, Tensor b) {
        return zip("ge", a, b, (p, q) -> p >= q ? 1f : 0f);
    }

    /** Mask of {@code a <= b} (1 or 0, broadcast); carries no gradient. */
    public static Tensor le(Tensor a, Tensor b) {
        return zip("le", a, b, (p, q) -> p <= q ? 1f : 0f);
    }

    /** Mask of {@code a == b} (1 or 0, broadcast); carries no gradient. */
    public static Tensor eq(Tensor a, Tensor b) {
        return zip("eq", a, b, (p, q) -> p == q ? 1f : 0f);
    }
}
