package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conv1d, Conv2d and ConvTranspose2d against sums written out in double in the test, gradient
 * checks, PyTorch's default initialisation bounds, parameter names and shapes, and bad input.
 */
class ConvLayersTest {

    /**
     * Direct 2-D cross-correlation in double: x (n, cin, h, w), w (cout, cin/groups, kh, kw).
     * geometry = {sH, sW, pH, pW, dH, dW, groups}.
     */
    static double[] conv(float[] x, int[] xs, float[] w, int[] ws, float[] b, int[] geo) {
        int n = xs[0];
        int cin = xs[1];
        int h = xs[2];
        int wd = xs[3];
        int cout = ws[0];
        int cg = ws[1];
        int kh = ws[2];
        int kw = ws[3];
        int groups = geo[6];
        int oh = (h + 2 * geo[2] - geo[4] * (kh - 1) - 1) / geo[0] + 1;
        int ow = (wd + 2 * geo[3] - geo[5] * (kw - 1) - 1) / geo[1] + 1;
        double[] y = new double[n * cout * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int co = 0; co < cout; co++) {
                int g = co / (cout / groups);
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b == null ? 0 : b[co];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int a = 0; a < kh; a++) {
                                for (int c = 0; c < kw; c++) {
                                    int r = i * geo[0] - geo[2] + a * geo[4];
                                    int q = j * geo[1] - geo[3] + c * geo[5];
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        acc += (double) w[((co * cg + ci) * kh + a) * kw + c]
                                                * x[((s * cin + g * cg + ci) * h + r) * wd + q];
                                    }
                                }
                            }
                        }
                        y[((s * cout + co) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void conv2dMatchesDirectSumWithStridePaddingDilationAndGroups() {
        Rng rng = new Rng(1);
        ConvOptions o = ConvOptions.DEFAULT.withStride(2, 1).withPadding(1, 2).withDilation(1, 2).withGroups(2);
        Conv2d conv = new Conv2d(4, 6, new int[] {3, 2}, o, rng);
        Tensor x = Tensor.randn(rng, 2, 4, 7, 6);
        Tensor y = conv.forward(x);
        double[] expected = conv(x.toArray(), new int[] {2, 4, 7, 6}, conv.weight().toArray(),
                new int[] {6, 2, 3, 2}, conv.bias().toArray(), new int[] {2, 1, 1, 2, 1, 2, 2});
        // out H = floor((7 + 2 - 2 - 1) / 2) + 1 = 4, out W = floor((6 + 4 - 2 - 1) / 1) + 1 = 8
        assertArrayEquals(new int[] {2, 6, 4, 8}, y.shape().toArray());
        Checks.close(expected, y, 1e-4);
        assertTrue(conv.describe().contains("Conv2d(4, 6, kernel_size=(3, 2), stride=(2, 1), padding=(1, 2)"),
                conv.describe());
    }

    @Test
    void conv2dSimpleFormsAndNoBias() {
        Rng rng = new Rng(2);
        Conv2d conv = new Conv2d(3, 2, 3, 1, 1, rng);
        Tensor x = Tensor.randn(rng, 1, 3, 4, 5);
        Checks.close(conv(x.toArray(), new int[] {1, 3, 4, 5}, conv.weight().toArray(), new int[] {2, 3, 3, 3},
                conv.bias().toArray(), new int[] {1, 1, 1, 1, 1, 1, 1}), conv.forward(x), 1e-4);
        Conv2d plain = new Conv2d(3, 2, new int[] {2}, ConvOptions.DEFAULT.withBias(false), rng);
        assertNull(plain.bias());
        assertEquals(List.of("weight"), new ArrayList<>(plain.namedParameters().keySet()));
        Checks.close(conv(x.toArray(), new int[] {1, 3, 4, 5}, plain.weight().toArray(), new int[] {2, 3, 2, 2},
                null, new int[] {1, 1, 0, 0, 1, 1, 1}), plain.forward(x), 1e-4);
        assertTrue(plain.describe().endsWith("bias=false)"), plain.describe());
    }

    @Test
    void conv1dMatchesDirectSum() {
        Rng rng = new Rng(3);
        Conv1d conv = new Conv1d(4, 2, 3, ConvOptions.of(2, 1).withDilation(2).withGroups(2), rng);
        Tensor x = Tensor.randn(rng, 3, 4, 9);
        Tensor y = conv.forward(x);
        // as a 2-D convolution over (N, C, 1, L) with a (1, k) kernel
        double[] expected = conv(x.toArray(), new int[] {3, 4, 1, 9}, conv.weight().toArray(),
                new int[] {2, 2, 1, 3}, conv.bias().toArray(), new int[] {1, 2, 0, 1, 1, 2, 2});
        assertArrayEquals(new int[] {3, 2, 4}, y.shape().toArray()); // floor((9 + 2 - 4 - 1) / 2) + 1
        Checks.close(expected, y, 1e-4);
        assertArrayEquals(new int[] {2, 2, 3}, conv.weight().shape().toArray());
        Checks.throwsWith(() -> new Conv1d(2, 2, 3, ConvOptions.DEFAULT.withStride(1, 2), rng), "Conv1d",
                "stride must have 1 value, got [1, 2]");
    }

    @Test
    void convTranspose2dScattersEachInputPixel() {
        Rng rng = new Rng(4);
        ConvOptions o = ConvOptions.DEFAULT.withStride(2, 3).withPadding(1, 0).withGroups(2);
        ConvTranspose2d up = new ConvTranspose2d(4, 6, new int[] {3, 2}, o, new int[] {1, 2}, rng);
        assertArrayEquals(new int[] {4, 3, 3, 2}, up.weight().shape().toArray());
        Tensor x = Tensor.randn(rng, 2, 4, 3, 2);
        Tensor y = up.forward(x);
        // out H = (3 - 1) 2 - 2 + 2 + 1 + 1 = 6, out W = (2 - 1) 3 - 0 + 1 + 2 + 1 = 7
        int oh = 6;
        int ow = 7;
        assertArrayEquals(new int[] {2, 6, oh, ow}, y.shape().toArray());
        float[] xv = x.toArray();
        float[] w = up.weight().toArray();
        float[] b = up.bias().toArray();
        double[] expected = new double[2 * 6 * oh * ow];
        for (int k = 0; k < expected.length; k++) {
            expected[k] = b[k / (oh * ow) % 6];
        }
        for (int n = 0; n < 2; n++) {
            for (int ci = 0; ci < 4; ci++) {
                int g = ci / 2;
                for (int h = 0; h < 3; h++) {
                    for (int v = 0; v < 2; v++) {
                        for (int co = 0; co < 3; co++) {
                            for (int a = 0; a < 3; a++) {
                                for (int c = 0; c < 2; c++) {
                                    int r = h * 2 - 1 + a;
                                    int q = v * 3 + c;
                                    if (r >= 0 && r < oh && q >= 0 && q < ow) {
                                        expected[((n * 6 + g * 3 + co) * oh + r) * ow + q] +=
                                                (double) xv[((n * 4 + ci) * 3 + h) * 2 + v] * w[((ci * 3 + co) * 3 + a) * 2 + c];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Checks.close(expected, y, 1e-4);
        assertTrue(up.describe().contains("output_padding=(1, 2), groups=2"), up.describe());
    }

    @Test
    void gradientsWithRespectToInputAndParameters() {
        Rng rng = new Rng(5);
        Checks.gradients(new Conv2d(2, 4, new int[] {2, 3}, ConvOptions.of(2, 1).withGroups(2), rng),
                Tensor.randn(rng, 2, 2, 4, 5));
        Checks.gradients(new Conv1d(2, 3, 3, ConvOptions.of(1, 1).withDilation(2), rng), Tensor.randn(rng, 2, 2, 5));
        Checks.gradients(new ConvTranspose2d(2, 2, new int[] {3}, ConvOptions.of(2, 1), new int[] {1}, rng),
                Tensor.randn(rng, 1, 2, 3, 2));
    }

    @Test
    void secondDerivativesThroughConvolutionsAndResampling() {
        Rng rng = new Rng(10);
        Conv2d conv = new Conv2d(2, 2, new int[] {2}, ConvOptions.of(1, 1).withGroups(2), rng);
        ConvTranspose2d up = new ConvTranspose2d(2, 1, 2, 2, 0, rng);
        AvgPool2d pool = new AvgPool2d(2, 1, 1);
        Upsample bilinear = new Upsample(2, Upsample.Mode.BILINEAR, true);
        GradCheck.secondOrder(xs -> up.forward(pool.forward(conv.forward(xs[0]).tanh())).tanh(),
                Tensor.randn(rng, 1, 2, 3, 3)).orThrow();
        GradCheck.secondOrder(xs -> bilinear.forward(xs[0]).square(), Tensor.randn(rng, 1, 1, 2, 3)).orThrow();
    }

    @Test
    void defaultInitIsPyTorchsUniformOverTheFanIn() {
        Rng rng = new Rng(6);
        Conv2d conv = new Conv2d(8, 64, new int[] {3}, ConvOptions.DEFAULT.withGroups(2), rng);
        double bound = 1 / Math.sqrt(4 * 9); // fan in = Cin / groups * kH * kW
        Checks.uniformDraws(conv.weight().toArray(), bound, "Conv2d weight");
        Checks.uniformDraws(new Conv2d(36, 4000, 1, rng).bias().toArray(), 1 / 6.0, "Conv2d bias");
        Conv1d c1 = new Conv1d(6, 300, 5, rng);
        Checks.uniformDraws(c1.weight().toArray(), 1 / Math.sqrt(30), "Conv1d weight");
        // PyTorch takes the transposed layer's fan in from weight dim 1: Cout / groups * kH * kW = 4 * 9
        ConvTranspose2d up = new ConvTranspose2d(64, 8, new int[] {3}, ConvOptions.DEFAULT.withGroups(2),
                new int[] {0}, rng);
        Checks.uniformDraws(up.weight().toArray(), 1 / Math.sqrt(36), "ConvTranspose2d weight");
        ConvTranspose2d upBias = new ConvTranspose2d(2, 4000, new int[] {3}, ConvOptions.DEFAULT.withGroups(2),
                new int[] {0}, rng);
        Checks.uniformDraws(upBias.bias().toArray(), 1 / Math.sqrt(2000 * 9), "ConvTranspose2d bias");
    }

    @Test
    void parameterNamesAndShapesFollowPyTorch() {
        Rng rng = new Rng(7);
        Map<String, Tensor> p = new Conv2d(6, 9, new int[] {3, 1}, ConvOptions.DEFAULT.withGroups(3), rng)
                .namedParameters();
        assertEquals(List.of("weight", "bias"), new ArrayList<>(p.keySet()));
        assertArrayEquals(new int[] {9, 2, 3, 1}, p.get("weight").shape().toArray());
        assertArrayEquals(new int[] {9}, p.get("bias").shape().toArray());
        Map<String, Tensor> t = new ConvTranspose2d(6, 9, new int[] {2, 3}, ConvOptions.DEFAULT.withGroups(3),
                new int[] {0}, rng).namedParameters();
        assertArrayEquals(new int[] {6, 3, 2, 3}, t.get("weight").shape().toArray());
        assertArrayEquals(new int[] {9}, t.get("bias").shape().toArray());
    }

    @Test
    void badInputNamesTheLayerAndTheExpectedShape() {
        Rng rng = new Rng(8);
        Conv2d conv = new Conv2d(3, 4, 3, rng);
        Checks.throwsWith(() -> conv.forward(Tensor.zeros(1, 2, 5, 5)), "Conv2d(3, 4, kernel_size=(3, 3)",
                "input must be (N, 3, H, W)", "got [1, 2, 5, 5]");
        Checks.throwsWith(() -> conv.forward(Tensor.zeros(3, 5, 5)), "Conv2d(3, 4", "(N, 3, H, W)", "got [3, 5, 5]");
        Checks.throwsWith(() -> conv.forward(Tensor.zeros(1, 3, 2, 5)), "Conv2d(3, 4", "larger than the padded input");
        Conv1d c1 = new Conv1d(2, 4, 3, rng);
        Checks.throwsWith(() -> c1.forward(Tensor.zeros(1, 3, 8)), "Conv1d(2, 4, kernel_size=(3,)", "(N, 2, L)",
                "got [1, 3, 8]");
        Checks.throwsWith(() -> c1.forward(Tensor.zeros(2, 8)), "Conv1d(", "(N, 2, L)", "got [2, 8]");
        ConvTranspose2d up = new ConvTranspose2d(4, 2, 2, 2, 0, rng);
        Checks.throwsWith(() -> up.forward(Tensor.zeros(1, 2, 3, 3)), "ConvTranspose2d(4, 2", "(N, 4, H, W)",
                "got [1, 2, 3, 3]");
        Checks.throwsWith(() -> new Conv2d(3, 4, new int[] {3}, ConvOptions.DEFAULT.withGroups(2), rng), "Conv2d",
                "multiples of groups=2");
        Checks.throwsWith(() -> new Conv2d(3, 4, 0, rng), "Conv2d", "kernel size must be >= 1");
        Checks.throwsWith(() -> ConvOptions.of(0, 1), "ConvOptions", "stride");
        Checks.throwsWith(() -> new ConvTranspose2d(2, 2, new int[] {3}, ConvOptions.DEFAULT, new int[] {1}, rng),
                "ConvTranspose2d", "outputPadding");
    }
}
