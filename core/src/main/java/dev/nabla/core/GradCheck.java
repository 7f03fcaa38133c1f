package dev.nabla.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks autograd against finite differences: first-order gradients, and second-order
 * gradients (the gradient of a gradient, as a gradient penalty or score matching uses it).
 *
 * <p>How it works. For a function {@code f} of several tensors, fixed random weights
 * {@code w} turn the output into the scalar {@code L = sum(f(x) * w)}, so one backward pass
 * gives every entry of the vector-Jacobian product. Each input element is then perturbed and
 * {@code dL/dx_i} estimated by central differences. The second-order check does the same for
 * {@code S = sum_j <dL/dx_j, u_j>} with fixed random {@code u}: autograd differentiates the
 * recorded backward pass, finite differences differentiate first-order gradients.
 *
 * <p>Why these numbers. Everything is fp32, so a difference quotient carries a rounding error
 * of about {@code eps * |L| / h} (eps = 6e-8) and a truncation error of order {@code h^2}.
 * With {@link Options#step() h} = 1e-2 the rounding term is about 1e-5 for outputs of order
 * one, and Richardson extrapolation {@code (4 D(h/2) - D(h)) / 3} cancels the {@code h^2}
 * term, leaving {@code O(h^4)} = 1e-8. The first-order tolerance,
 * {@code |a - n| <= 1e-3 + 1e-3 |n|}, sits two orders of magnitude above both, and below the
 * size of a real mistake (a wrong factor, sign or missing term changes gradients by O(1)); the
 * tests show backward rules that are wrong by 2% and by 0.5% failing it. The second-order
 * check differences gradients that are themselves fp32 sums over many terms (a convolution's
 * weight gradient sums over batch and positions), so its rounding term is that many times
 * larger; its default relative tolerance is 1e-2 ({@link Options#SECOND_ORDER}). The perturbed values are rounded to fp32, so the quotient
 * divides by the step actually taken, not the nominal one. Inputs must sit farther than
 * {@code h} from any kink of {@code f} (0 for relu and abs, ties for max).
 */
public final class GradCheck {

    /**
     * Settings of a check.
     *
     * @param step the finite-difference step h, in the inputs' units
     * @param absTolerance the allowed absolute error
     * @param relTolerance the allowed error relative to the numerical value
     * @param seed seed of the random output weights
     */
    public record Options(double step, double absTolerance, double relTolerance, long seed) {
        /** First order: h = 1e-2, {@code |a - n| <= 1e-3 + 1e-3 |n|}; see the class comment for why. */
        public static final Options DEFAULT = new Options(1e-2, 1e-3, 1e-3, 42);
        /** Second order: h = 1e-2, {@code |a - n| <= 1e-3 + 1e-2 |n|}; see the class comment for why. */
        public static final Options SECOND_ORDER = new Options(1e-2, 1e-3, 1e-2, 42);
    }

    /**
     * Outcome of a check.
     *
     * @param passed whether every element agreed within tolerance
     * @param maxError the largest absolute difference between autograd and finite differences
     * @param details a description of the first mismatches, or a summary if none
     */
    public record Report(boolean passed, double maxError, String details) {
        /**
         * @return this report if it passed
         * @throws AssertionError with the details if it did not
         */
        public Report orThrow() {
            if (!passed) {
                throw new AssertionError(details);
            }
            return this;
        }
    }

    private GradCheck() {
    }

    /** First-order check with {@link Options#DEFAULT}. */
    public static Report gradient(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return gradient(Options.DEFAULT, f, inputs);
    }

    /**
     * Compares autograd's gradient of {@code sum(f(x) * w)} with central differences.
     *
     * @param options step and tolerances
     * @param f the function; called with fresh copies of the inputs
     * @param inputs the point to check at; not modified
     * @return the report
     */
    public static Report gradient(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] xs = leaves(inputs);
        Tensor w = weights(f.apply(xs), options.seed());
        Function<Tensor[], Tensor> loss = x -> f.apply(x).mul(w).sum();
        List<Tensor> analytic = firstGradients(loss, xs, false);
        return compare("gradient", options, xs, analytic, x -> (double) evaluate(loss, x));
    }

    /** Second-order check with {@link Options#SECOND_ORDER}. */
    public static Report secondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return secondOrder(Options.SECOND_ORDER, f, inputs);
    }

    /**
     * Compares autograd's gradient of {@code S = sum_j <dL/dx_j, u_j>}, where
     * {@code L = sum(f(x) * w)}, with central differences of S computed from first-order
     * gradients.
     *
     * @param options step and tolerances
     * @param f the function; called with fresh copies of the inputs
     * @param inputs the point to check at; not modified
     * @return the report
     */
    public static Report secondOrder(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] xs = leaves(inputs);
        Tensor w = weights(f.apply(xs), options.seed());
        Tensor[] u = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            u[i] = weights(xs[i], options.seed() + 1 + i);
        }
        Function<Tensor[], Tensor> loss = x -> f.apply(x).mul(w).sum();
        Function<Tensor[], Tensor> s = x -> {
            List<Tensor> g = firstGradients(loss, x, true);
            Tensor total = Tensor.scalar(0f);
            for (int j = 0; j < x.length; j++) {
                total = total.add(g.get(j).mul(u[j]).sum());
            }
            return total;
        };
        List<Tensor> analytic = firstGradients(s, xs, false);
        return compare("second-order", options, xs, analytic, x -> {
            Tensor[] fresh = leaves(x);
            return (double) s.apply(fresh).item();
        });
    }

    /** Gradients of a scalar function at fresh leaves; zeros for inputs it does not depend on. */
    private static List<Tensor> firstGradients(Function<Tensor[], Tensor> scalar, Tensor[] xs, boolean createGraph) {
        Tensor out;
        try (Autograd.Scope scope = Autograd.enableGrad()) {
            out = scalar.apply(xs);
        }
        List<Tensor> result = new ArrayList<>();
        if (!out.requiresGrad()) {
            for (Tensor x : xs) {
                result.add(Tensor.zerosLike(x));
            }
            return result;
        }
        List<Tensor> g = Autograd.grad(List.of(out), List.of(xs), null, createGraph, createGraph, true);
        for (int i = 0; i < xs.length; i++) {
            result.add(g.get(i) == null ? Tensor.zerosLike(xs[i]) : g.get(i));
        }
        return result;
    }

    private static Report compare(String kind, Options o, Tensor[] xs, List<Tensor> analytic,
                                  Function<Tensor[], Double> value) {
        double maxError = 0;
        int failures = 0;
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < xs.length; j++) {
            float[] a = analytic.get(j).toArray();
            for (int i = 0; i < xs[j].size(); i++) {
                double d1 = difference(value, xs, j, i, o.step());
                double d2 = difference(value, xs, j, i, o.step() / 2);
                double numeric = (4 * d2 - d1) / 3;
                double err = Math.abs(a[i] - numeric);
                maxError = Math.max(maxError, err);
                if (!(err <= o.absTolerance() + o.relTolerance() * Math.abs(numeric))) {
                    if (failures++ < 5) {
                        sb.append(String.format(Locale.ROOT, "%n  input %d %s, element %d: autograd %.6g, numeric %.6g",
                                j, xs[j].shape(), i, a[i], numeric));
                    }
                }
            }
        }
        String head = String.format(Locale.ROOT, "%s check %s: max |autograd - numeric| = %.3g, %d mismatches",
                kind, failures == 0 ? "passed" : "FAILED", maxError, failures);
        return new Report(failures == 0, maxError, head + sb);
    }

    /** (v(x + h e_i) - v(x - h e_i)) / (actual step), with the perturbation rounded to fp32. */
    private static double difference(Function<Tensor[], Double> value, Tensor[] xs, int j, int i, double h) {
        float[] base = xs[j].toArray();
        float plus = (float) (base[i] + h);
        float minus = (float) (base[i] - h);
        Tensor[] shifted = xs.clone();
        base[i] = plus;
        shifted[j] = Tensor.of(base, xs[j].shape().toArray()).reshape(xs[j].shape().toArray());
        double vp = value.apply(shifted);
        base[i] = minus;
        shifted[j] = Tensor.of(base, xs[j].shape().toArray()).reshape(xs[j].shape().toArray());
        double vm = value.apply(shifted);
        return (vp - vm) / ((double) plus - minus);
    }

    private static double evaluate(Function<Tensor[], Tensor> loss, Tensor[] x) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            return loss.apply(x).item();
        }
    }

    /** Copies of the inputs as leaves that require gradients. */
    private static Tensor[] leaves(Tensor[] inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = new Tensor(inputs[i].toArray(), inputs[i].shape()).requiresGrad(true);
        }
        return xs;
    }

    /** Fixed random weights in [0.5, 1.5) with random signs, of the shape of {@code like}. */
    private static Tensor weights(Tensor like, long seed) {
        Rng rng = new Rng(seed);
        float[] w = new float[like.size()];
        for (int i = 0; i < w.length; i++) {
            float m = 0.5f + rng.nextFloat();
            w[i] = rng.nextFloat() < 0.5f ? -m : m;
        }
        return new Tensor(w, like.shape());
    }
}
