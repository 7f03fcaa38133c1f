package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Linear, Embedding and Mlp against sums and look-ups written out in the test. */
class LinearEmbeddingTest {

    @Test
    void linearIsXTimesWeightTransposedPlusBias() {
        Rng rng = new Rng(1);
        Linear lin = new Linear(4, 3, rng);
        Tensor x = Tensor.randn(rng, 2, 5, 4); // leading dimensions (2, 5)
        float[] xv = x.toArray();
        float[] w = lin.weight().toArray();
        float[] b = lin.bias().toArray();
        double[] expected = new double[2 * 5 * 3];
        for (int r = 0; r < 10; r++) {
            for (int o = 0; o < 3; o++) {
                double s = b[o];
                for (int i = 0; i < 4; i++) {
                    s += xv[r * 4 + i] * w[o * 4 + i];
                }
                expected[r * 3 + o] = s;
            }
        }
        Tensor y = lin.forward(x);
        assertArrayEquals(new int[] {2, 5, 3}, y.shape().toArray());
        Checks.close(expected, y, 1e-5);
        Tensor y1 = lin.forward(Tensor.of(new float[] {xv[0], xv[1], xv[2], xv[3]}, 4));
        assertArrayEquals(new int[] {3}, y1.shape().toArray());
        Checks.close(new double[] {expected[0], expected[1], expected[2]}, y1, 1e-5);
        Checks.gradients(lin, Tensor.randn(rng, 3, 4));
        Linear noBias = new Linear(4, 2, false, rng);
        assertNull(noBias.bias());
        assertEquals(List.of("weight"), new ArrayList<>(noBias.namedParameters().keySet()));
        Checks.gradients(noBias, Tensor.randn(rng, 3, 4));
    }

    @Test
    void linearInitialisesWithinPyTorchsBound() {
        Linear lin = new Linear(64, 200, new Rng(2));
        double bound = 1 / Math.sqrt(64);
        double maxAbs = 0;
        for (Tensor t : lin.parameters()) {
            for (float v : t.toArray()) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        assertTrue(maxAbs <= bound && maxAbs > 0.95 * bound, "max |w| = " + maxAbs + ", bound " + bound);
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding e = new Embedding(5, 3, new Rng(3));
        float[] w = e.weight().toArray();
        int[] ids = {4, 0, 4, 2};
        Tensor y = e.forward(ids, 2, 2);
        assertArrayEquals(new int[] {2, 2, 3}, y.shape().toArray());
        double[] expected = new double[12];
        for (int p = 0; p < 4; p++) {
            for (int d = 0; d < 3; d++) {
                expected[p * 3 + d] = w[ids[p] * 3 + d];
            }
        }
        Checks.close(expected, y, 0);
        Checks.close(expected, e.forward(Tensor.of(new float[] {4, 0, 4, 2}, 2, 2)), 0);
        Checks.parameterGradients(e, m -> ((Embedding) m).forward(ids, 2, 2));
    }

    @Test
    void paddingRowStartsAtZeroAndGetsNoGradient() {
        Embedding e = new Embedding(4, 2, -1, new Rng(4)); // padding index 3
        assertEquals(3, e.paddingIdx());
        assertArrayEquals(new float[] {0, 0}, e.weight().narrow(0, 3, 1).toArray());
        // a user may set the padding row; it is looked up as is but still gets no gradient
        Tensor scale = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 5, 5}, 4, 2);
        try (var s = dev.nabla.core.Autograd.noGrad()) {
            e.weight().addInPlace(scale);
        }
        int[] ids = {3, 1, 3, 0};
        Tensor y = e.forward(ids);
        assertArrayEquals(new float[] {5, 5}, y.narrow(0, 0, 1).reshape(2).toArray());
        y.mul(Tensor.randn(new Rng(5), 4, 2)).sum().backward();
        float[] g = e.weight().grad().toArray();
        assertArrayEquals(new float[] {0, 0}, new float[] {g[6], g[7]}, "padding row");
        assertTrue(g[0] != 0 && g[2] != 0, "used rows get gradients");
        assertArrayEquals(new float[] {0, 0}, new float[] {g[4], g[5]}, "unused row");
    }

    @Test
    void mlpStacksLinearActivationDropout() {
        Mlp m = new Mlp(new int[] {3, 5, 4, 2}, Tanh::new, 0.5f, new Rng(6));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias"),
                new ArrayList<>(m.namedParameters().keySet()));
        assertTrue(m.get(1) instanceof Tanh && m.get(2) instanceof Dropout && m.get(7 - 1) instanceof Linear);
        m.eval();
        Tensor x = Tensor.randn(new Rng(7), 6, 3);
        Tensor expected = m.get(6).forward(m.get(3).forward(m.get(0).forward(x).tanh()).tanh());
        Checks.close(toDouble(expected.toArray()), m.forward(x), 0);
        Mlp plain = new Mlp(new Rng(8), 3, 4, 1);
        assertEquals(3, plain.size());
        Checks.gradients(plain.eval(), x);
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
