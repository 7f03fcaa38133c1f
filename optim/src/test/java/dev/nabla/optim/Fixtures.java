package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.Tensor;

/** Helpers shared by the optimizer tests. */
final class Fixtures {

    /** Starting values of the parameter used by the five-step tests. */
    static final float[] W0 = {0.5f, -1.5f, 2f, 0f, 3e-3f};

    /** Five gradients, one per step: signs change, a zero, scales from 1e-3 to 4. */
    static final float[][] GRADS = {
        {0.1f, -0.2f, 4f, 0f, 1e-3f},
        {0.3f, 0.1f, -2f, 0.5f, 2e-3f},
        {-0.2f, 0.4f, 1f, 0f, -1e-3f},
        {0.05f, -0.3f, 0.5f, -0.5f, 3e-3f},
        {0.2f, 0.2f, -1f, 0.25f, 1e-3f},
    };

    private Fixtures() {
    }

    /** A fresh leaf parameter holding {@code values}. */
    static Tensor param(float... values) {
        return Tensor.of(values.clone()).requiresGrad(true);
    }

    /**
     * Sets {@code p.grad()} to exactly {@code g}, written directly into it: a backward pass of
     * {@code sum(p)} only makes the gradient tensor exist (full of ones), then {@code g} replaces
     * its values.
     */
    static void feedGrad(Tensor p, float[] g) {
        p.zeroGrad();
        p.sum().backward();
        p.grad().copyFrom(Tensor.of(g.clone(), p.shape().toArray()));
    }

    /** Widens to double. */
    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Asserts each value within {@code rel * |expected| + abs}. */
    static void assertClose(double[] expected, float[] actual, double rel, double abs, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * Math.abs(expected[i]) + abs, what + ": element " + i);
        }
    }
}
