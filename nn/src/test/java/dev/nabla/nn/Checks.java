package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.core.Autograd;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.Map;
import java.util.function.Function;

/**
 * Test helpers: gradient checks of a module with respect to its input (core's
 * {@link GradCheck}) and to each of its parameters (central differences with Richardson
 * extrapolation, as GradCheck does, perturbing the parameter in place), and value comparisons.
 */
public final class Checks {

    private static final double STEP = 1e-2;

    private Checks() {
    }

    /**
     * Checks the gradients of {@code f(module)} with respect to the input x (through
     * GradCheck) and to every parameter of the module.
     *
     * @param module the module; its parameters are perturbed and restored
     * @param x the input
     */
    public static void gradients(Module module, Tensor x) {
        GradCheck.gradient(xs -> module.forward(xs[0]), x).orThrow();
        parameterGradients(module, m -> m.forward(x));
    }

    /**
     * Compares autograd's gradient of {@code L = sum(f(module) * w)} (fixed random w) with
     * respect to each parameter against central differences.
     *
     * @param module the module; its parameters are perturbed and restored
     * @param f the computation
     */
    public static void parameterGradients(Module module, Function<Module, Tensor> f) {
        if (module.parameters().isEmpty()) {
            return;
        }
        Tensor w = Tensor.randn(new Rng(99), f.apply(module).shape().toArray());
        Function<Module, Tensor> loss = m -> f.apply(m).mul(w).sum();
        module.zeroGrad();
        loss.apply(module).backward();
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            float[] analytic = p.grad() == null ? new float[p.size()] : p.grad().toArray();
            float[] base = p.toArray();
            for (int i = 0; i < base.length; i++) {
                double d1 = difference(module, loss, p, base, i, STEP);
                double d2 = difference(module, loss, p, base, i, STEP / 2);
                double numeric = (4 * d2 - d1) / 3;
                if (Math.abs(analytic[i] - numeric) > 2e-3 + 2e-3 * Math.abs(numeric)) {
                    fail("gradient of " + e.getKey() + "[" + i + "]: autograd " + analytic[i] + ", numeric " + numeric);
                }
            }
            set(p, base);
        }
        module.zeroGrad();
    }

    private static double difference(Module m, Function<Module, Tensor> loss, Tensor p, float[] base, int i, double h) {
        float[] v = base.clone();
        v[i] = (float) (base[i] + h);
        double up = v[i] - base[i];
        set(p, v);
        double plus = evaluate(m, loss);
        v[i] = (float) (base[i] - h);
        double down = base[i] - v[i];
        set(p, v);
        double minus = evaluate(m, loss);
        set(p, base);
        return (plus - minus) / (up + down);
    }

    private static double evaluate(Module m, Function<Module, Tensor> loss) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            return loss.apply(m).item();
        }
    }

    private static void set(Tensor p, float[] values) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            p.copyFrom(p.dim() == 0 ? Tensor.scalar(values[0]) : Tensor.of(values, p.shape().toArray()));
        }
    }

    /**
     * Asserts that a tensor holds the expected values within {@code tol}.
     *
     * @param expected the values, row-major
     * @param actual the tensor
     * @param tol the absolute tolerance
     */
    public static void close(double[] expected, Tensor actual, double tol) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(expected[i] - a[i]) > tol) {
                fail("element " + i + " of " + actual.shape() + ": expected " + expected[i] + ", got " + a[i]);
            }
        }
    }

    /**
     * Asserts that draws look like U(-bound, bound): every |v| at most the bound and the
     * largest above 0.95 bound (missed with probability 0.95^n), mean 0 and variance bound^2 / 3
     * within five standard errors ({@code sqrt(var / n)} for the mean, {@code sqrt(0.8 var^2 / n)}
     * for the variance, from the uniform's fourth moment 9/5 var^2).
     *
     * @param v the draws, at least a few hundred
     * @param bound the half-width
     * @param what names the draws in a failure message
     */
    public static void uniformDraws(float[] v, double bound, String what) {
        double max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        assertTrue(max <= bound && max > 0.95 * bound, what + ": max |w| = " + max + ", bound " + bound);
        moments(v, 0, bound * bound / 3, 0.8, what);
    }

    /**
     * Asserts that draws look like N(mean, var): sample mean and variance within five standard
     * errors ({@code sqrt(var / n)} and {@code sqrt(2 var^2 / n)}, from the normal's fourth
     * moment 3 var^2).
     *
     * @param v the draws
     * @param mean the expected mean
     * @param var the expected variance
     * @param what names the draws in a failure message
     */
    public static void normalDraws(float[] v, double mean, double var, String what) {
        moments(v, mean, var, 2.0, what);
    }

    /**
     * Asserts the sample mean and unbiased variance of draws against the expected ones, each
     * within 5 standard errors.
     *
     * @param v the draws
     * @param mean the expected mean
     * @param var the expected variance
     * @param kurtosisTerm (fourth central moment / var^2) - 1 of the distribution: 0.8 for a
     *     uniform, 2 for a normal; sets the variance's standard error
     * @param what names the draws in a failure message
     */
    public static void moments(float[] v, double mean, double var, double kurtosisTerm, String what) {
        int n = v.length;
        double s = 0;
        for (float x : v) {
            s += x;
        }
        double m = s / n;
        double ss = 0;
        for (float x : v) {
            ss += (x - m) * (x - m);
        }
        double sampleVar = ss / (n - 1);
        assertEquals(mean, m, 5 * Math.sqrt(var / n), what + ": mean");
        assertEquals(var, sampleVar, 5 * var * Math.sqrt(kurtosisTerm / n), what + ": variance");
    }

    /**
     * Asserts that {@code r} throws an IllegalArgumentException whose message contains every fragment.
     *
     * @param r the code
     * @param fragments the expected parts of the message
     * @return the exception
     */
    public static IllegalArgumentException throwsWith(Runnable r, String... fragments) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            for (String f : fragments) {
                assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
            }
            return e;
        }
        throw new AssertionError("expected an IllegalArgumentException");
    }
}
