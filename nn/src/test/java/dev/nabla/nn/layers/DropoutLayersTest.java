package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Dropout and Dropout2d: structure of the masks, their rate, eval mode, gradients. */
class DropoutLayersTest {

    @Test
    void dropoutZeroesOrScalesEachElement() {
        float p = 0.3f;
        Dropout d = new Dropout(p, new Rng(1));
        Tensor x = Tensor.ones(100, 100).add(Tensor.rand(new Rng(2), 100, 100));
        float[] in = x.toArray();
        float[] out = d.forward(x).toArray();
        int kept = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] != 0) {
                kept++;
                assertEquals(in[i] / (1 - p), out[i], 1e-5f);
            }
        }
        // kept ~ Binomial(10000, 0.7): standard deviation sqrt(10000 * 0.21) = 45.8; allow 5 of them
        assertEquals(7000, kept, 5 * 45.8);
        d.eval();
        assertSame(x, d.forward(x));
        GradCheck.gradient(xs -> new Dropout(p, new Rng(3)).forward(xs[0]), Tensor.randn(new Rng(4), 3, 4)).orThrow();
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Dropout2d d = new Dropout2d(0.5f, new Rng(5));
        Tensor x = Tensor.ones(8, 6, 3, 3);
        Tensor y = d.forward(x);
        int zeroed = 0;
        for (int n = 0; n < 8; n++) {
            for (int c = 0; c < 6; c++) {
                float[] ch = y.narrow(0, n, 1).narrow(1, c, 1).toArray();
                for (float v : ch) {
                    assertEquals(ch[0], v, "a channel is dropped or kept whole");
                }
                assertTrue(ch[0] == 0f || ch[0] == 2f);
                zeroed += ch[0] == 0f ? 1 : 0;
            }
        }
        assertTrue(zeroed > 8 && zeroed < 40, "about half of 48 channels dropped, got " + zeroed);
        assertSame(x, d.eval().forward(x));
        GradCheck.gradient(xs -> new Dropout2d(0.5f, new Rng(6)).forward(xs[0]), Tensor.randn(new Rng(7), 2, 3, 2, 2))
                .orThrow();
    }
}
