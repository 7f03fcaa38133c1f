package dev.nabla.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.init.Init.FanMode;
import dev.nabla.nn.init.Init.Nonlinearity;
import org.junit.jupiter.api.Test;

/**
 * Each scheme's empirical mean and variance against its formula, with tolerances of five
 * standard errors of the sample mean ({@code sigma / sqrt n}) and of the sample variance
 * ({@code sigma^2 sqrt(2 / n)} for a normal, {@code sigma^2 sqrt(0.8 / n)} for a uniform,
 * from their fourth moments 3 sigma^4 and 9/5 sigma^4); and orthogonality.
 */
class InitTest {

    /** Checks mean 0 (or {@code mean}) and variance {@code var} of t's elements. */
    private static void moments(Tensor t, double mean, double var, boolean uniform) {
        Checks.moments(t.toArray(), mean, var, uniform ? 0.8 : 2.0, "draws");
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.toArray()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void gains() {
        assertEquals(1f, Init.calculateGain(Nonlinearity.LINEAR, 0));
        assertEquals(1f, Init.calculateGain(Nonlinearity.SIGMOID, 0));
        assertEquals(5f / 3, Init.calculateGain(Nonlinearity.TANH, 0));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU, 0), 1e-7);
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.01f), 1e-7);
        assertEquals(Math.sqrt(1 / 3.0), Init.calculateGain(Nonlinearity.LEAKY_RELU, (float) Math.sqrt(5)), 1e-7);
        assertEquals(0.75f, Init.calculateGain(Nonlinearity.SELU, 0));
        Tensor conv = Tensor.zeros(16, 8, 3, 3);
        assertEquals(72, Init.fanIn(conv));
        assertEquals(144, Init.fanOut(conv));
        Checks.throwsWith(() -> Init.fanIn(Tensor.zeros(4)), "fanIn", "rank >= 2", "[4]");
    }

    @Test
    void uniformAndNormal() {
        Tensor u = Init.uniformInPlace(Tensor.zeros(200, 250), -1f, 3f, new Rng(1));
        moments(u, 1, 16 / 12.0, true);
        assertTrue(maxAbs(u.sub(1f)) <= 2);
        moments(Init.normalInPlace(Tensor.zeros(200, 250), 0.5f, 2f, new Rng(2)), 0.5, 4, false);
        assertArrayEquals(new float[] {7, 7}, Init.constantInPlace(Tensor.zeros(2), 7f).toArray());
        assertArrayEquals(new float[] {1, 1}, Init.onesInPlace(Tensor.zeros(2)).toArray());
        assertArrayEquals(new float[] {0, 0}, Init.zerosInPlace(Tensor.ones(2)).toArray());
    }

    @Test
    void xavier() {
        Tensor w = Init.xavierUniformInPlace(Tensor.zeros(200, 300), 2f, new Rng(3));
        double var = 4 * 2.0 / 500;
        moments(w, 0, var, true);
        double bound = 2 * Math.sqrt(6.0 / 500);
        assertTrue(maxAbs(w) <= bound && maxAbs(w) > 0.99 * bound);
        Tensor conv = Init.xavierNormalInPlace(Tensor.zeros(64, 32, 3, 3), 1f, new Rng(4));
        moments(conv, 0, 2.0 / (288 + 576), false);
    }

    @Test
    void kaiming() {
        Tensor relu = Init.kaimingUniformInPlace(Tensor.zeros(256, 200), 0, FanMode.FAN_IN, Nonlinearity.RELU,
                new Rng(5));
        moments(relu, 0, 2.0 / 200, true);
        assertTrue(maxAbs(relu) <= Math.sqrt(6.0 / 200));
        Tensor leaky = Init.kaimingNormalInPlace(Tensor.zeros(100, 50, 2, 2), 0.2f, FanMode.FAN_OUT,
                Nonlinearity.LEAKY_RELU, new Rng(6));
        moments(leaky, 0, 2 / (1 + 0.04) / 400, false);
        // the other two combinations: normal over the fan in (relu: std sqrt(2 / 200)) and
        // uniform over the fan out (tanh: bound 5/3 sqrt(3 / (64 * 9)))
        Tensor reluNormal = Init.kaimingNormalInPlace(Tensor.zeros(256, 200), 0, FanMode.FAN_IN, Nonlinearity.RELU,
                new Rng(11));
        moments(reluNormal, 0, 2.0 / 200, false);
        Tensor tanhOut = Init.kaimingUniformInPlace(Tensor.zeros(64, 100, 3, 3), 0, FanMode.FAN_OUT, Nonlinearity.TANH,
                new Rng(12));
        moments(tanhOut, 0, 25.0 / 9 / 576, true);
        assertTrue(maxAbs(tanhOut) <= 5.0 / 3 * Math.sqrt(3.0 / 576) + 1e-7);
        // PyTorch's Linear default: a = sqrt 5, fan in, leaky relu -> U(-1/sqrt(in), 1/sqrt(in))
        Tensor lin = Init.kaimingUniformInPlace(Tensor.zeros(300, 100), (float) Math.sqrt(5), FanMode.FAN_IN,
                Nonlinearity.LEAKY_RELU, new Rng(7));
        moments(lin, 0, 1.0 / 3 / 100, true);
        assertTrue(maxAbs(lin) <= 0.1 && maxAbs(lin) > 0.099);
    }

    @Test
    void orthogonalRowsOrColumns() {
        for (int[] shape : new int[][] {{3, 8}, {8, 3}, {5, 5}, {4, 2, 2, 2}}) {
            float gain = 1.5f;
            Tensor w = Init.orthogonalInPlace(Tensor.zeros(shape), gain, new Rng(8));
            int rows = shape[0];
            Tensor m = w.reshape(rows, w.size() / rows);
            Tensor gram = rows <= m.size(1) ? m.matmul(m.transpose(0, 1)) : m.transpose(0, 1).matmul(m);
            int k = gram.size(0);
            float[] g = gram.toArray();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(i == j ? gain * gain : 0, g[i * k + j], 1e-5, "gram[" + i + "][" + j + "]");
                }
            }
        }
        // entries of a Haar-random (n, n) orthogonal matrix have mean 0 and variance 1/n
        moments(Init.orthogonalInPlace(Tensor.zeros(150, 150), 1f, new Rng(9)), 0, 1.0 / 150, false);
    }

    @Test
    void initialisesParametersInPlaceAndReproducibly() {
        Tensor p = Tensor.zeros(4, 3).requiresGrad(true);
        assertSame(p, Init.xavierUniformInPlace(p, 1f, new Rng(10)));
        assertTrue(p.requiresGrad());
        Tensor q = Init.xavierUniformInPlace(Tensor.zeros(4, 3), 1f, new Rng(10));
        assertArrayEquals(q.toArray(), p.toArray());
        Checks.throwsWith(() -> Init.uniformInPlace(p, 1f, 0f, new Rng(1)), "uniformInPlace", "low <= high");
    }
}
