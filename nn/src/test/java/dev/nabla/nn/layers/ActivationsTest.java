package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.Module;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Each activation module against its formula evaluated in double in the test, and a gradient check. */
class ActivationsTest {

    /** Values away from 0 (the kink of relu and friends) by more than the finite-difference step. */
    private static Tensor input() {
        return Tensor.of(new float[] {-2.5f, -1.2f, -0.3f, 0.2f, 0.7f, 1.9f, 3.1f, -0.8f}, 2, 4);
    }

    private static void check(Module m, DoubleUnaryOperator f, double tol) {
        Tensor x = input();
        float[] v = x.toArray();
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = f.applyAsDouble(v[i]);
        }
        Checks.close(expected, m.forward(x), tol);
        Checks.gradients(m, x);
    }

    /** erf by its Maclaurin series, accurate to ~1e-12 for |x| <= 3. */
    static double erf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 60; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void relu() {
        check(new Relu(), x -> Math.max(x, 0), 0);
    }

    @Test
    void leakyRelu() {
        check(new LeakyRelu(), x -> x > 0 ? x : 0.01 * x, 1e-7);
        check(new LeakyRelu(0.2f), x -> x > 0 ? x : 0.2 * x, 1e-7);
    }

    @Test
    void sigmoidAndTanh() {
        check(new Sigmoid(), x -> 1 / (1 + Math.exp(-x)), 1e-6);
        check(new Tanh(), Math::tanh, 1e-6);
    }

    @Test
    void geluExactAndTanh() {
        check(new Gelu(), x -> x * 0.5 * (1 + erf(x / Math.sqrt(2))), 1e-6);
        check(new Gelu(true), x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), 1e-6);
    }

    @Test
    void siluSoftplusElu() {
        check(new Silu(), x -> x / (1 + Math.exp(-x)), 1e-6);
        check(new Softplus(), x -> Math.log1p(Math.exp(x)), 1e-6);
        check(new Softplus(2f), x -> Math.log1p(Math.exp(2 * x)) / 2, 1e-6);
        check(new Elu(), x -> x > 0 ? x : Math.expm1(x), 1e-6);
        check(new Elu(0.5f), x -> x > 0 ? x : 0.5 * Math.expm1(x), 1e-6);
    }

    @Test
    void softmaxAndLogSoftmaxAlongADimension() {
        Tensor x = input();
        float[] v = x.toArray();
        double[] soft = new double[8];
        double[] logSoft = new double[8];
        for (int c = 0; c < 4; c++) { // dim 0: each column of the (2, 4) input
            double z = Math.exp(v[c]) + Math.exp(v[4 + c]);
            soft[c] = Math.exp(v[c]) / z;
            soft[4 + c] = Math.exp(v[4 + c]) / z;
            logSoft[c] = v[c] - Math.log(z);
            logSoft[4 + c] = v[4 + c] - Math.log(z);
        }
        Checks.close(soft, new Softmax(0).forward(x), 1e-6);
        Checks.close(logSoft, new LogSoftmax(-2).forward(x), 1e-6);
        Checks.gradients(new Softmax(1), x);
        Checks.gradients(new LogSoftmax(-1), x);
    }

    @Test
    void identityReturnsItsInput() {
        Tensor x = input();
        assertSame(x, new Identity().forward(x));
        Checks.gradients(new Identity(), x);
    }

    @Test
    void flattenAndUnflattenKeepTheOrder() {
        Tensor x = Tensor.randn(new Rng(1), 2, 3, 4, 5);
        Tensor f = new Flatten().forward(x);
        assertArrayEquals(new int[] {2, 60}, f.shape().toArray());
        assertArrayEquals(x.toArray(), f.toArray());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape().toArray());
        assertArrayEquals(new int[] {120}, new Flatten(0, -1).forward(x).shape().toArray());
        Tensor u = new Unflatten(1, 3, 4, 5).forward(f);
        assertArrayEquals(x.shape().toArray(), u.shape().toArray());
        assertArrayEquals(x.toArray(), u.toArray());
        assertArrayEquals(new int[] {2, 3, 2, 2, 5}, new Unflatten(-2, 2, 2).forward(x).shape().toArray());
        Checks.gradients(new Flatten(), x);
        Checks.gradients(new Unflatten(1, 6, 10), f);
    }
}
