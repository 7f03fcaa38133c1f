package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import org.junit.jupiter.api.Test;

/**
 * The pooling and upsampling layers against windows, averages and interpolation weights
 * written out in double in the test, gradient checks and bad input.
 */
class PoolLayersTest {

    /** Distinct values 0.1 apart in a random order, so no two window entries are within a finite-difference step. */
    static Tensor distinct(Rng rng, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.1f * (i - n / 2);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }

    /**
     * Each output of every (N, C) plane from a function of (plane values, h, w, i, j).
     */
    interface Cell {
        double at(float[] x, int base, int h, int w, int i, int j);
    }

    static double[] planes(Tensor x, int oh, int ow, Cell cell) {
        float[] v = x.toArray();
        int h = x.size(2);
        int w = x.size(3);
        int planes = x.size(0) * x.size(1);
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    y[(p * oh + i) * ow + j] = cell.at(v, p * h * w, h, w, i, j);
                }
            }
        }
        return y;
    }

    @Test
    void maxPoolTakesTheLargestTapInsideTheInput() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.randn(rng, 2, 3, 7, 8);
        // kernel (3, 2), stride (2, 3), padding (1, 1), dilation (2, 1)
        MaxPool2d pool = new MaxPool2d(new int[] {3, 2}, new int[] {2, 3}, new int[] {1, 1}, new int[] {2, 1});
        Tensor y = pool.forward(x);
        int oh = (7 + 2 - 4 - 1) / 2 + 1;
        int ow = (8 + 2 - 1 - 1) / 3 + 1;
        assertArrayEquals(new int[] {2, 3, oh, ow}, y.shape().toArray());
        Checks.close(planes(x, oh, ow, (v, b, h, w, i, j) -> {
            double m = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < 2; c++) {
                    int r = i * 2 - 1 + a * 2;
                    int q = j * 3 - 1 + c;
                    if (r >= 0 && r < h && q >= 0 && q < w) {
                        m = Math.max(m, v[b + r * w + q]);
                    }
                }
            }
            return m;
        }), y, 0);
        MaxPool2d square = new MaxPool2d(2);
        assertArrayEquals(new int[] {2, 2}, square.stride(), "stride defaults to the kernel");
        assertArrayEquals(new int[] {2, 3, 3, 4}, square.forward(x).shape().toArray());
        Checks.gradients(new MaxPool2d(3, 2, 1), distinct(rng, 1, 2, 5, 4));
    }

    @Test
    void avgPoolDividesByTheWindowOrByTheTapsInside() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, 2, 2, 5, 6);
        for (boolean include : new boolean[] {true, false}) {
            AvgPool2d pool = new AvgPool2d(new int[] {3, 2}, new int[] {2}, new int[] {1, 1}, include);
            Tensor y = pool.forward(x);
            int oh = (5 + 2 - 3) / 2 + 1;
            int ow = (6 + 2 - 2) / 2 + 1;
            assertArrayEquals(new int[] {2, 2, oh, ow}, y.shape().toArray());
            Checks.close(planes(x, oh, ow, (v, b, h, w, i, j) -> {
                double s = 0;
                int inside = 0;
                for (int r = i * 2 - 1; r < i * 2 - 1 + 3; r++) {
                    for (int q = j * 2 - 1; q < j * 2 - 1 + 2; q++) {
                        if (r >= 0 && r < h && q >= 0 && q < w) {
                            s += v[b + r * w + q];
                            inside++;
                        }
                    }
                }
                return s / (include ? 6 : inside);
            }), y, 1e-5);
            Checks.gradients(pool, Tensor.randn(rng, 1, 2, 4, 3));
        }
        assertArrayEquals(new int[] {2, 2, 2, 3}, new AvgPool2d(2).forward(x).shape().toArray());
    }

    @Test
    void adaptiveAndGlobalAveragePooling() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 2, 3, 5, 7);
        AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(3, 2);
        Checks.close(planes(x, 3, 2, (v, b, h, w, i, j) -> {
            int r0 = (int) Math.floor(i * h / 3.0);
            int r1 = (int) Math.ceil((i + 1) * h / 3.0);
            int q0 = (int) Math.floor(j * w / 2.0);
            int q1 = (int) Math.ceil((j + 1) * w / 2.0);
            double s = 0;
            for (int r = r0; r < r1; r++) {
                for (int q = q0; q < q1; q++) {
                    s += v[b + r * w + q];
                }
            }
            return s / ((r1 - r0) * (q1 - q0));
        }), pool.forward(x), 1e-5);
        Checks.gradients(pool, Tensor.randn(rng, 1, 2, 4, 5));
        double[] means = planes(x, 1, 1, (v, b, h, w, i, j) -> {
            double s = 0;
            for (int k = 0; k < h * w; k++) {
                s += v[b + k];
            }
            return s / (h * w);
        });
        Tensor g = new GlobalAvgPool2d().forward(x);
        assertArrayEquals(new int[] {2, 3}, g.shape().toArray());
        Checks.close(means, g, 1e-5);
        Tensor kept = new GlobalAvgPool2d(true).forward(x);
        assertArrayEquals(new int[] {2, 3, 1, 1}, kept.shape().toArray());
        Checks.close(means, kept, 1e-5);
        Checks.close(means, new AdaptiveAvgPool2d(1).forward(x), 1e-5);
        Checks.gradients(new GlobalAvgPool2d(), Tensor.randn(rng, 2, 2, 3, 2));
    }

    @Test
    void nearestUpsamplingCopiesTheSourcePixel() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, 1, 2, 3, 5);
        Upsample up = Upsample.toSize(5, 3, Upsample.Mode.NEAREST, false);
        Checks.close(planes(x, 5, 3, (v, b, h, w, i, j) ->
                v[b + (int) Math.floor(i * h / 5.0) * w + (int) Math.floor(j * w / 3.0)]), up.forward(x), 0);
        Upsample twice = new Upsample(2, Upsample.Mode.NEAREST);
        Tensor y = twice.forward(x);
        assertArrayEquals(new int[] {1, 2, 6, 10}, y.shape().toArray());
        Checks.close(planes(x, 6, 10, (v, b, h, w, i, j) -> v[b + i / 2 * w + j / 2]), y, 0);
        assertNull(twice.size());
        Checks.gradients(twice, Tensor.randn(rng, 1, 1, 2, 3));
    }

    /** The two source indices and weights of output position o, in double. */
    static double[] taps(int o, int in, int out, boolean alignCorners) {
        double src = alignCorners ? (out > 1 ? o * (in - 1.0) / (out - 1) : 0)
                : Math.max((o + 0.5) * in / out - 0.5, 0);
        int i0 = Math.min((int) Math.floor(src), in - 1);
        int i1 = Math.min(i0 + 1, in - 1);
        double f = src - i0;
        return new double[] {i0, i1, 1 - f, f};
    }

    @Test
    void bilinearUpsamplingMixesTheFourNearestPixels() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, 2, 2, 3, 4);
        for (boolean align : new boolean[] {true, false}) {
            for (Upsample up : new Upsample[] {Upsample.toSize(7, 3, Upsample.Mode.BILINEAR, align),
                new Upsample(3, Upsample.Mode.BILINEAR, align)}) {
                Tensor y = up.forward(x);
                int oh = y.size(2);
                int ow = y.size(3);
                Checks.close(planes(x, oh, ow, (v, b, h, w, i, j) -> {
                    double[] r = taps(i, h, oh, align);
                    double[] c = taps(j, w, ow, align);
                    double s = 0;
                    for (int a = 0; a < 2; a++) {
                        for (int d = 0; d < 2; d++) {
                            s += r[2 + a] * c[2 + d] * v[b + (int) r[a] * w + (int) c[d]];
                        }
                    }
                    return s;
                }), y, 1e-5);
                Checks.gradients(up, Tensor.randn(rng, 1, 1, 2, 3));
            }
        }
        assertArrayEquals(new int[] {2, 2, 9, 12},
                new Upsample(3, Upsample.Mode.BILINEAR).forward(x).shape().toArray());
    }

    @Test
    void badInputNamesTheLayerAndTheExpectedShape() {
        Tensor flat = Tensor.zeros(2, 3, 4);
        Checks.throwsWith(() -> new MaxPool2d(2).forward(flat), "MaxPool2d(kernel_size=[2, 2]", "(N, C, H, W)",
                "got [2, 3, 4]");
        Checks.throwsWith(() -> new MaxPool2d(3).forward(Tensor.zeros(1, 1, 2, 5)), "MaxPool2d(", "larger than");
        Checks.throwsWith(() -> new AvgPool2d(2).forward(flat), "AvgPool2d(kernel_size=[2, 2]", "(N, C, H, W)",
                "got [2, 3, 4]");
        Checks.throwsWith(() -> new AdaptiveAvgPool2d(2).forward(flat), "AdaptiveAvgPool2d(output_size=(2, 2))",
                "(N, C, H, W)", "got [2, 3, 4]");
        Checks.throwsWith(() -> new GlobalAvgPool2d().forward(Tensor.zeros(2, 3)), "GlobalAvgPool2d(keep_dim=false)",
                "(N, C, H, W)", "got [2, 3]");
        Checks.throwsWith(() -> new Upsample(2, Upsample.Mode.NEAREST).forward(flat), "Upsample(scale_factor=2",
                "(N, C, H, W)", "got [2, 3, 4]");
        Checks.throwsWith(() -> new MaxPool2d(2, 1, 2), "MaxPool2d", "padding in [0, kernel / 2]");
        Checks.throwsWith(() -> new Upsample(2, Upsample.Mode.NEAREST, true), "Upsample", "alignCorners");
        Checks.throwsWith(() -> new Upsample(0, Upsample.Mode.BILINEAR), "Upsample", "scaleFactor");
        Checks.throwsWith(() -> new AdaptiveAvgPool2d(0, 2), "AdaptiveAvgPool2d", "output size");
        assertTrue(new Upsample(2, Upsample.Mode.BILINEAR).describe().contains("align_corners=false"));
    }
}
