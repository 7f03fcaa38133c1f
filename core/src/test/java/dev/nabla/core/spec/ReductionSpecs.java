package dev.nabla.core.spec;

import static dev.nabla.core.spec.OpSpec.firstOrder;
import static dev.nabla.core.spec.OpSpec.noGradient;
import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Reductions;
import dev.nabla.core.Shape;
import dev.nabla.core.Softmax;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Op-spec rows for {@link Reductions} and {@link Softmax}. References are computed here with
 * plain loops in double from the inputs' values and shapes: a reduction gathers, for every
 * output, the reduced elements in row-major order and applies a formula to them.
 */
public final class ReductionSpecs {

    private ReductionSpecs() {
    }

    /** @return one or more rows for every public op of {@link Reductions} and {@link Softmax} */
    public static List<OpSpec> rows() {
        List<OpSpec> rows = new ArrayList<>();
        sums(rows);
        moments(rows);
        extremes(rows);
        norms(rows);
        softmaxes(rows);
        return rows;
    }

    private static Tensor[] in(Tensor... t) {
        return t;
    }

    private static int[] axes(int... a) {
        return a;
    }

    /** Integer positions as a float tensor of the given shape, for rows of ops returning int[]. */
    private static Tensor positions(int[] indices, int... shape) {
        float[] v = new float[indices.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = indices[i];
        }
        return Tensor.of(v, shape);
    }

    // ------------------------------------------------------------ rows

    private static void sums(List<OpSpec> rows) {
        Tensor x = Inputs.uniform(101, -1, 1, 2, 3, 4);
        Tensor s = Inputs.uniform(102, -1, 1);
        rows.add(smooth("sum/all", in(x), t -> Reductions.sum(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::sum)));
        rows.add(smooth("sum/axes", in(x), t -> Reductions.sum(t[0], axes(0, 2), false), new int[] {3},
                t -> reduce(t[0], axes(0, 2), ReductionSpecs::sum)));
        rows.add(smooth("sum/axes-keepdim", in(x), t -> Reductions.sum(t[0], axes(1), true), new int[] {2, 1, 4},
                t -> reduce(t[0], axes(1), ReductionSpecs::sum)));
        rows.add(smooth("sum/negative-axis", in(x), t -> Reductions.sum(t[0], axes(-1), false), new int[] {2, 3},
                t -> reduce(t[0], axes(2), ReductionSpecs::sum)));
        rows.add(smooth("sum/scalar", in(s), t -> Reductions.sum(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::sum)));
        rows.add(smooth("mean/all", in(x), t -> Reductions.mean(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::mean)));
        rows.add(smooth("mean/axes-keepdim", in(x), t -> Reductions.mean(t[0], axes(0, 1), true),
                new int[] {1, 1, 4}, t -> reduce(t[0], axes(0, 1), ReductionSpecs::mean)));
        rows.add(smooth("mean/negative-axis", in(x), t -> Reductions.mean(t[0], axes(-2), false),
                new int[] {2, 4}, t -> reduce(t[0], axes(1), ReductionSpecs::mean)));
        rows.add(smooth("sumTo/broadcast", in(x), t -> Reductions.sumTo(t[0], Shape.of(3, 1)), new int[] {3, 1},
                t -> reduce(t[0], axes(0, 2), ReductionSpecs::sum)));
        rows.add(smooth("sumTo/leading", in(x), t -> Reductions.sumTo(t[0], Shape.of(1, 4)), new int[] {1, 4},
                t -> reduce(t[0], axes(0, 1), ReductionSpecs::sum)));
    }

    private static void moments(List<OpSpec> rows) {
        Tensor x = Inputs.uniform(201, -2, 2, 3, 4);
        Tensor y = Inputs.uniform(202, -2, 2, 2, 3, 4);
        Tensor s = Inputs.uniform(203, -2, 2);
        rows.add(smooth("var/all", in(x), t -> Reductions.var(t[0]), new int[0],
                t -> reduce(t[0], axes(), v -> variance(v, true))));
        rows.add(smooth("var/axes-unbiased", in(y), t -> Reductions.var(t[0], axes(0, 2), true, false),
                new int[] {3}, t -> reduce(t[0], axes(0, 2), v -> variance(v, true))));
        rows.add(smooth("var/biased", in(x), t -> Reductions.var(t[0], axes(1), false, true), new int[] {3, 1},
                t -> reduce(t[0], axes(1), v -> variance(v, false))));
        rows.add(smooth("var/negative-axis", in(y), t -> Reductions.var(t[0], axes(-3), true, false),
                new int[] {3, 4}, t -> reduce(t[0], axes(0), v -> variance(v, true))));
        rows.add(smooth("var/scalar-biased", in(s), t -> Reductions.var(t[0], axes(), false, false), new int[0],
                t -> new double[] {0}));
        rows.add(smooth("std/all", in(x), t -> Reductions.std(t[0]), new int[0],
                t -> reduce(t[0], axes(), v -> Math.sqrt(variance(v, true)))));
        rows.add(smooth("std/axes-biased-keepdim", in(y), t -> Reductions.std(t[0], axes(1, 2), false, true),
                new int[] {2, 1, 1}, t -> reduce(t[0], axes(1, 2), v -> Math.sqrt(variance(v, false)))));
    }

    private static void extremes(List<OpSpec> rows) {
        Tensor x = Inputs.distinct(301, -1.5f, 0.1f, 2, 3, 4);
        Tensor m = Inputs.distinct(302, -1f, 0.1f, 4, 5);
        Tensor s = Inputs.uniform(303, -1, 1);
        rows.add(firstOrder("max/all", in(x), t -> Reductions.max(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::max)));
        rows.add(firstOrder("max/axes", in(x), t -> Reductions.max(t[0], axes(0, 2), false), new int[] {3},
                t -> reduce(t[0], axes(0, 2), ReductionSpecs::max)));
        rows.add(firstOrder("max/axis-keepdim", in(x), t -> Reductions.max(t[0], axes(1), true),
                new int[] {2, 1, 4}, t -> reduce(t[0], axes(1), ReductionSpecs::max)));
        rows.add(firstOrder("max/negative-axis", in(m), t -> Reductions.max(t[0], axes(-1), false), new int[] {4},
                t -> reduce(t[0], axes(1), ReductionSpecs::max)));
        rows.add(firstOrder("max/scalar", in(s), t -> Reductions.max(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::max)));
        rows.add(firstOrder("min/all", in(x), t -> Reductions.min(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::min)));
        rows.add(firstOrder("min/axes", in(x), t -> Reductions.min(t[0], axes(2, 0), true), new int[] {1, 3, 1},
                t -> reduce(t[0], axes(0, 2), ReductionSpecs::min)));
        rows.add(firstOrder("min/axis0", in(m), t -> Reductions.min(t[0], axes(0), false), new int[] {5},
                t -> reduce(t[0], axes(0), ReductionSpecs::min)));
        rows.add(firstOrder("maxWithIndices/values", in(x), t -> Reductions.maxWithIndices(t[0], 1, false).values(),
                new int[] {2, 4}, t -> reduce(t[0], axes(1), ReductionSpecs::max)));
        rows.add(firstOrder("minWithIndices/values-keepdim", in(m),
                t -> Reductions.minWithIndices(t[0], -1, true).values(), new int[] {4, 1},
                t -> reduce(t[0], axes(1), ReductionSpecs::min)));
        // argmax/argmin return int[]: the rows compare the positions, as floats, with no gradient.
        rows.add(noGradient("argmax/axis1", in(x), t -> positions(Reductions.argmax(t[0], 1), 2, 4),
                new int[] {2, 4}, t -> reduce(t[0], axes(1), v -> firstIndexOf(v, max(v)))));
        rows.add(noGradient("argmin/negative-axis", in(m), t -> positions(Reductions.argmin(t[0], -1), 4),
                new int[] {4}, t -> reduce(t[0], axes(1), v -> firstIndexOf(v, min(v)))));
    }

    private static void norms(List<OpSpec> rows) {
        Tensor x = Inputs.uniform(401, -1, 1, 3, 4);
        Tensor y = Inputs.uniform(402, -1, 1, 2, 3, 4);
        Tensor a = Inputs.awayFromZero(403, 0.1f, 1, 3, 4);
        Tensor s = Inputs.awayFromZero(404, 0.5f, 1);
        rows.add(smooth("norm/l2-all", in(x), t -> Reductions.norm(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::l2)));
        rows.add(smooth("norm/l2-axes", in(y), t -> Reductions.norm(t[0], 2, axes(0, 2), false), new int[] {3},
                t -> reduce(t[0], axes(0, 2), ReductionSpecs::l2)));
        rows.add(smooth("norm/l2-negative-axis-keepdim", in(x), t -> Reductions.norm(t[0], 2, axes(-1), true),
                new int[] {3, 1}, t -> reduce(t[0], axes(1), ReductionSpecs::l2)));
        rows.add(smooth("norm/l2-scalar", in(s), t -> Reductions.norm(t[0]), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::l2)));
        rows.add(firstOrder("norm/l1-all", in(a), t -> Reductions.norm(t[0], 1, axes(), false), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::l1)));
        rows.add(firstOrder("norm/l1-axis-keepdim", in(a), t -> Reductions.norm(t[0], 1, axes(0), true),
                new int[] {1, 4}, t -> reduce(t[0], axes(0), ReductionSpecs::l1)));
    }

    private static void softmaxes(List<OpSpec> rows) {
        Tensor x = Inputs.uniform(501, -3, 3, 2, 3, 4);
        Tensor m = Inputs.uniform(502, -3, 3, 4, 5);
        Tensor s = Inputs.uniform(503, -3, 3);
        rows.add(smooth("softmax/last-axis", in(m), t -> Softmax.softmax(t[0], -1), new int[] {4, 5},
                t -> alongAxis(t[0], 1, false)));
        rows.add(smooth("softmax/axis0", in(m), t -> Softmax.softmax(t[0], 0), new int[] {4, 5},
                t -> alongAxis(t[0], 0, false)));
        rows.add(smooth("softmax/middle-axis", in(x), t -> Softmax.softmax(t[0], 1), new int[] {2, 3, 4},
                t -> alongAxis(t[0], 1, false)));
        rows.add(smooth("logSoftmax/last-axis", in(m), t -> Softmax.logSoftmax(t[0], 1), new int[] {4, 5},
                t -> alongAxis(t[0], 1, true)));
        rows.add(smooth("logSoftmax/axis0", in(m), t -> Softmax.logSoftmax(t[0], 0), new int[] {4, 5},
                t -> alongAxis(t[0], 0, true)));
        rows.add(smooth("logSoftmax/middle-axis", in(x), t -> Softmax.logSoftmax(t[0], -2), new int[] {2, 3, 4},
                t -> alongAxis(t[0], 1, true)));
        rows.add(smooth("logsumexp/all", in(x), t -> Softmax.logsumexp(t[0], axes(), false), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::logsumexp)));
        rows.add(smooth("logsumexp/axes-keepdim", in(x), t -> Softmax.logsumexp(t[0], axes(0, 2), true),
                new int[] {1, 3, 1}, t -> reduce(t[0], axes(0, 2), ReductionSpecs::logsumexp)));
        rows.add(smooth("logsumexp/negative-axis", in(m), t -> Softmax.logsumexp(t[0], axes(-1), false),
                new int[] {4}, t -> reduce(t[0], axes(1), ReductionSpecs::logsumexp)));
        rows.add(smooth("logsumexp/scalar", in(s), t -> Softmax.logsumexp(t[0], axes(), false), new int[0],
                t -> reduce(t[0], axes(), ReductionSpecs::logsumexp)));
    }

    // ------------------------------------------------------------ independent references

    /**
     * For every output of a reduction over {@code axes} (empty: all; none negative here),
     * in row-major order of the kept axes, {@code f} of the reduced elements in row-major order.
     */
    static double[] reduce(Tensor x, int[] axes, ToDoubleFunction<double[]> f) {
        int[] dims = x.shape().toArray();
        float[] v = x.toArray();
        boolean[] reduced = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            reduced[i] = axes.length == 0;
        }
        for (int a : axes) {
            reduced[a] = true;
        }
        int outputs = 1;
        for (int i = 0; i < dims.length; i++) {
            outputs *= reduced[i] ? 1 : dims[i];
        }
        List<List<Double>> groups = new ArrayList<>();
        for (int o = 0; o < outputs; o++) {
            groups.add(new ArrayList<>());
        }
        for (int flat = 0; flat < v.length; flat++) {
            // Decode the multi-index of flat and encode its kept part, both row-major.
            int rest = flat;
            int key = 0;
            int scale = 1;
            for (int i = dims.length - 1; i >= 0; i--) {
                int idx = rest % dims[i];
                rest /= dims[i];
                if (!reduced[i]) {
                    key += idx * scale;
                    scale *= dims[i];
                }
            }
            groups.get(key).add((double) v[flat]);
        }
        double[] out = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            out[o] = f.applyAsDouble(groups.get(o).stream().mapToDouble(Double::doubleValue).toArray());
        }
        return out;
    }

    /** Softmax or log-softmax along {@code axis} (non-negative), same layout as x. */
    static double[] alongAxis(Tensor x, int axis, boolean log) {
        int[] dims = x.shape().toArray();
        float[] v = x.toArray();
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        int r = dims[axis];
        int outer = v.length / (r * inner);
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double z = 0;
                for (int j = 0; j < r; j++) {
                    z += Math.exp(v[(o * r + j) * inner + i]);
                }
                for (int j = 0; j < r; j++) {
                    int k = (o * r + j) * inner + i;
                    out[k] = log ? v[k] - Math.log(z) : Math.exp(v[k]) / z;
                }
            }
        }
        return out;
    }

    static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    static double mean(double[] v) {
        return sum(v) / v.length;
    }

    static double variance(double[] v, boolean unbiased) {
        double mu = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - mu) * (d - mu);
        }
        return s / (unbiased ? v.length - 1 : v.length);
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    static double firstIndexOf(double[] v, double target) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == target) {
                return i;
            }
        }
        throw new AssertionError("reference: " + target + " not found");
    }

    static double l1(double[] v) {
        double s = 0;
        for (double d : v) {
            s += Math.abs(d);
        }
        return s;
    }

    static double l2(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    static double logsumexp(double[] v) {
        double s = 0;
        for (double d : v) {
            s += Math.exp(d);
        }
        return Math.log(s);
    }
}
