package dev.nabla.core.spec;

import static dev.nabla.core.spec.Inputs.awayFromZero;
import static dev.nabla.core.spec.Inputs.uniform;

import dev.nabla.core.Activations;
import dev.nabla.core.Arithmetic;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/** Op-spec rows for MathOps, Activations and Arithmetic. */
public final class ElementwiseSpecs {

    private static final int[] S = {2, 3, 4};

    private ElementwiseSpecs() {
    }

    private static OpSpec unary(String name, Tensor x, Function<Tensor, Tensor> op, DoubleUnaryOperator ref) {
        return OpSpec.smooth(name, new Tensor[] {x}, in -> op.apply(in[0]), x.shape().toArray(),
                in -> Reference.unary(in[0], ref));
    }

    private static OpSpec binary(String name, Tensor a, Tensor b, Function<Tensor[], Tensor> op,
                                 DoubleBinaryOperator ref) {
        return OpSpec.smooth(name, new Tensor[] {a, b}, op,
                Reference.broadcastShape(a.shape().toArray(), b.shape().toArray()),
                in -> Reference.binary(in[0], in[1], ref));
    }

    private static OpSpec mask(String name, Tensor a, Tensor b, Function<Tensor[], Tensor> op,
                               DoubleBinaryOperator ref) {
        return OpSpec.noGradient(name, new Tensor[] {a, b}, op,
                Reference.broadcastShape(a.shape().toArray(), b.shape().toArray()),
                in -> Reference.binary(in[0], in[1], ref));
    }

    /** @return the rows */
    public static List<OpSpec> rows() {
        List<OpSpec> r = new ArrayList<>();
        Tensor x = uniform(1, -2, 2, S);
        Tensor pos = uniform(2, 0.2f, 3, S);
        Tensor away = awayFromZero(3, 0.1f, 2, S);
        r.add(unary("neg", x, Tensor::neg, v -> -v));
        r.add(unary("exp", x, Tensor::exp, Math::exp));
        r.add(unary("exp/scalar", Tensor.scalar(0.7f), Tensor::exp, Math::exp));
        r.add(unary("log", pos, Tensor::log, Math::log));
        r.add(unary("log1p", uniform(4, -0.5f, 2, S), Tensor::log1p, Math::log1p));
        r.add(unary("expm1", x, Tensor::expm1, Math::expm1));
        r.add(unary("sqrt", pos, Tensor::sqrt, Math::sqrt));
        r.add(unary("rsqrt", pos, Tensor::rsqrt, v -> 1 / Math.sqrt(v)));
        r.add(unary("abs", away, Tensor::abs, Math::abs));
        r.add(OpSpec.noGradient("sign", new Tensor[] {Tensor.of(new float[] {-2, 0, 3, -0.5f})},
                in -> in[0].sign(), new int[] {4}, in -> Reference.unary(in[0], Math::signum)));
        r.add(unary("square", x, Tensor::square, v -> v * v));
        r.add(unary("reciprocal", away, Tensor::reciprocal, v -> 1 / v));
        r.add(unary("sin", x, Tensor::sin, Math::sin));
        r.add(unary("cos", x, Tensor::cos, Math::cos));
        r.add(unary("erf", x, Tensor::erf, Reference::erf));
        r.add(unary("clone", x, Tensor::clone, v -> v));
        r.add(unary("tanh", x, Tensor::tanh, Math::tanh));
        r.add(unary("sigmoid", uniform(5, -6, 6, S), Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v))));
        r.add(unary("relu", away, Tensor::relu, v -> Math.max(v, 0)));
        r.add(unary("leakyRelu", away, t -> Activations.leakyRelu(t, 0.1f), v -> v > 0 ? v : 0.1 * v));
        r.add(unary("elu", away, t -> Activations.elu(t, 1.5f), v -> v > 0 ? v : 1.5 * Math.expm1(v)));
        r.add(unary("softplus", uniform(6, -8, 8, S), Activations::softplus, v -> Math.log1p(Math.exp(v))));
        r.add(unary("gelu", x, Activations::gelu, v -> v * 0.5 * (1 + Reference.erf(v / Math.sqrt(2)))));
        r.add(unary("gelu/tanh", x, t -> Activations.gelu(t, true),
                v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))));
        r.add(unary("silu", x, Activations::silu, v -> v / (1 + Math.exp(-v))));
        r.add(unary("clamp", Inputs.distinct(7, -2.93f, 0.21f, S), t -> t.clamp(-1f, 1.5f),
                v -> Math.min(Math.max(v, -1), 1.5)));
        r.add(unary("pow/scalar", pos, t -> t.pow(2.5f), v -> Math.pow(v, 2.5)));
        r.add(unary("pow/negative-exponent", pos, t -> t.pow(-1.5f), v -> Math.pow(v, -1.5)));
        addBinary(r);
        return r;
    }

    private static void addBinary(List<OpSpec> r) {
        Tensor a = uniform(11, -2, 2, S);
        Tensor b = uniform(12, -2, 2, S);
        Tensor row = uniform(13, -2, 2, 4);
        Tensor col = uniform(14, -2, 2, 2, 1, 1);
        Tensor s = Tensor.scalar(1.3f);
        Tensor bPos = uniform(15, 0.5f, 2, S);
        r.add(binary("add", a, b, in -> in[0].add(in[1]), Double::sum));
        r.add(binary("add/broadcast-row", a, row, in -> in[0].add(in[1]), Double::sum));
        r.add(binary("add/broadcast-both", uniform(16, -1, 1, 3, 1), row, in -> in[0].add(in[1]), Double::sum));
        r.add(binary("add/scalar", s, a, in -> in[0].add(in[1]), Double::sum));
        r.add(binary("sub", a, col, in -> in[0].sub(in[1]), (p, q) -> p - q));
        r.add(binary("sub/scalars", s, Tensor.scalar(-0.4f), in -> in[0].sub(in[1]), (p, q) -> p - q));
        r.add(binary("mul", a, b, in -> in[0].mul(in[1]), (p, q) -> p * q));
        r.add(binary("mul/broadcast", col, row, in -> in[0].mul(in[1]), (p, q) -> p * q));
        r.add(binary("div", a, bPos, in -> in[0].div(in[1]), (p, q) -> p / q));
        r.add(binary("div/broadcast", row, uniform(17, 0.5f, 2, 3, 1), in -> in[0].div(in[1]), (p, q) -> p / q));
        r.add(binary("pow", bPos, b, in -> in[0].pow(in[1]), Math::pow));
        r.add(binary("pow/broadcast", bPos, Tensor.scalar(1.7f), in -> in[0].pow(in[1]), Math::pow));
        Tensor c = Inputs.distinct(18, -2, 0.17f, S);
        Tensor d = Inputs.distinct(19, -1.96f, 0.17f, S);
        r.add(binary("minimum", c, d, in -> in[0].minimum(in[1]), Math::min));
        r.add(binary("maximum", c, d, in -> in[0].maximum(in[1]), Math::max));
        r.add(binary("maximum/broadcast", c, Tensor.scalar(0.1f), in -> in[0].maximum(in[1]), Math::max));
        Tensor m = Tensor.of(new float[] {1, 0, 1, 1}, 4);
        r.add(where(a, col, m));
        r.add(mask("gt", a, row, in -> in[0].gt(in[1]), (p, q) -> p > q ? 1 : 0));
        r.add(mask("lt", a, s, in -> in[0].lt(in[1]), (p, q) -> p < q ? 1 : 0));
        Tensor e = Tensor.of(new float[] {1, 2, 3, 4}, 4);
        Tensor f = Tensor.of(new float[] {1, 3, 3, 0}, 4);
        r.add(mask("ge", e, f, in -> in[0].ge(in[1]), (p, q) -> p >= q ? 1 : 0));
        r.add(mask("le", e, f, in -> in[0].le(in[1]), (p, q) -> p <= q ? 1 : 0));
        r.add(mask("eq", e, f, in -> in[0].eq(in[1]), (p, q) -> p == q ? 1 : 0));
    }

    /** where(mask, a, b) with the mask held constant (it is not an input the check perturbs). */
    private static OpSpec where(Tensor a, Tensor b, Tensor mask) {
        int[] shape = Reference.broadcastShape(Reference.broadcastShape(mask.shape().toArray(), a.shape().toArray()),
                b.shape().toArray());
        return OpSpec.smooth("where", new Tensor[] {a, b}, in -> Arithmetic.where(mask, in[0], in[1]), shape, in -> {
            float[] va = in[0].toArray();
            float[] vb = in[1].toArray();
            float[] vm = mask.toArray();
            double[] out = new double[Reference.count(shape)];
            for (int i = 0; i < out.length; i++) {
                int[] idx = Reference.unravel(i, shape);
                boolean set = vm[Reference.broadcastIndex(idx, mask.shape().toArray())] != 0;
                out[i] = set ? va[Reference.broadcastIndex(idx, in[0].shape().toArray())]
                        : vb[Reference.broadcastIndex(idx, in[1].shape().toArray())];
            }
            return out;
        });
    }
}
