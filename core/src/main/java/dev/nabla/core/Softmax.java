package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Reduce;

/**
 * Softmax, log-softmax and logsumexp: the normalised exponentials, computed stably (the
 * maximum is subtracted before exponentiating, so inputs like 1000 or -1000 stay finite).
 * Each backward rule reads the op's own output and is written with differentiable ops, so
 * second derivatives work.
 */
public final class Softmax {

    private Softmax() {
    }

    /**
     * {@code y_i = e^(x_i) / sum_j e^(x_j)} along one axis; {@code dx = y (g - sum(g y))}, the
     * sum along the axis.
     *
     * @param x the input, at least one dimension; not modified
     * @param axis the axis to normalise over, negative counts from the end
     * @return a tensor of x's shape whose slices along the axis are positive and sum to 1
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static Tensor softmax(Tensor x, int axis) {
        int a = Reductions.axis("softmax", x.shape(), axis);
        Tensor y = normalize(x, a, false);
        int[] axes = {a};
        return record("softmax", y, saved(y), (g, n) -> grads(y.mul(g.sub(g.mul(y).sum(axes, true)))), x);
    }

    /**
     * {@code y_i = x_i - ln sum_j e^(x_j)} along one axis, computed without forming the
     * softmax (no log of an underflowed 0); {@code dx = g - e^y sum(g)}, the sum along the axis.
     *
     * @param x the input, at least one dimension; not modified
     * @param axis the axis to normalise over, negative counts from the end
     * @return a tensor of x's shape
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        int a = Reductions.axis("logSoftmax", x.shape(), axis);
        Tensor y = normalize(x, a, true);
        int[] axes = {a};
        return record("logSoftmax", y, saved(y), (g, n) -> grads(g.sub(y.exp().mul(g.sum(axes, true)))), x);
    }

    /** Runs the softmax kernel along axis {@code a} (already validated). */
    private static Tensor normalize(Tensor x, int a, boolean log) {
        int[] dims = x.shape().toArray();
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < a; i++) {
            outer *= dims[i];
        }
        for (int i = a + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        Tensor y = Tensor.empty(x.shape());
        if (y.size() > 0) {
            Reduce.softmax(x.data(), outer, dims[a], inner, log, y.data());
        }
        return y;
    }

    /**
     * {@code y = ln sum e^x} over {@code axes}, computed as {@code m + ln sum e^(x - m)} with
     * {@code m} the maximum (0 where the maximum is infinite, so all-{@code -inf} gives
     * {@code -inf}); {@code dx = g softmax(x)}, the softmax over those axes.
     *
     * @param x the input, any shape; not modified
     * @param axes the axes to reduce (empty: all), negative counts from the end
     * @param keepDim keep reduced axes as size 1
     * @return the reduced tensor
     * @throws IllegalArgumentException for bad axes or reduced axes holding no element
     *     (PyTorch returns -inf there; an empty logsumexp is almost always a bug)
     */
    public static Tensor logsumexp(Tensor x, int[] axes, boolean keepDim) {
        Reductions.count("logsumexp", x, axes);
        boolean[] mask = Reductions.axisMask("logsumexp", x.shape(), axes);
        int[] kept = Reductions.reducedShape(x.shape(), mask, true).toArray();
        Tensor m;
        Tensor y;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            m = MathOps.map(Reductions.max(x, axes, true), v -> Float.isInfinite(v) ? 0f : v);
            y = x.sub(m).exp().sum(axes, true).log().add(m);
        }
        Tensor out = y.viewAs(Reductions.reducedShape(x.shape(), mask, keepDim));
        // The softmax is formed from x - m rather than as e^(x - y): y is rounded to fp32, and
        // at |y| ~ 1000 that rounding alone would put an error of ~1e-4 into every weight.
        // m is a constant shift, which the softmax ignores, so the rule stays exact to any order.
        return record("logsumexp", out, saved(x), (g, n) -> {
            Tensor e = x.sub(m).exp();
            return grads(g.reshape(kept).mul(e.div(e.sum(axes, true))));
        }, x);
    }
}
