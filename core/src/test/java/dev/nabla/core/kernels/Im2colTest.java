package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Im2col} against its definition written as plain loops over every tap and output
 * position: same-size convolutions (whose rows are copied in one run), strides, dilations,
 * asymmetric padding, kernels that reach entirely into the padding, and patch matrices that
 * sit side by side with a larger row distance.
 */
class Im2colTest {

    /** Geometries of one sample {@code (Cin, H, W)}; batch and groups are not used by Im2col. */
    private static final List<ConvGeometry> CASES = List.of(
            geometry(3, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1),   // same size: one run per tap
            geometry(2, 6, 4, 3, 3, 1, 1, 2, 2, 2, 2),   // same size, dilated
            geometry(2, 5, 7, 1, 5, 1, 1, 0, 2, 1, 1),   // same size, a 1x5 kernel
            geometry(2, 7, 6, 3, 2, 2, 1, 1, 0, 1, 1),   // row stride
            geometry(1, 6, 9, 3, 3, 1, 3, 0, 2, 1, 2),   // column stride, column dilation
            geometry(2, 3, 3, 3, 3, 1, 1, 3, 3, 1, 1),   // wide padding: whole rows of zeros
            geometry(1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1));  // no padding, stride 2

    private static ConvGeometry geometry(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                                         int dh, int dw) {
        int oh = ConvGeometry.outputSize(h, kh, sh, ph, dh);
        int ow = ConvGeometry.outputSize(w, kw, sw, pw, dw);
        return new ConvGeometry(1, c, h, w, c, kh, kw, sh, sw, ph, pw, dh, dw, 1, oh, ow);
    }

    /** The input index tap {@code r} reads for output position {@code p}, or -1 in the padding. */
    private static int source(ConvGeometry g, int r, int p) {
        int c = r / (g.kernelH() * g.kernelW());
        int kh = r / g.kernelW() % g.kernelH();
        int kw = r % g.kernelW();
        int ih = p / g.outW() * g.strideH() - g.padH() + kh * g.dilationH();
        int iw = p % g.outW() * g.strideW() - g.padW() + kw * g.dilationW();
        boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
        return inside ? (c * g.height() + ih) * g.width() + iw : -1;
    }

    private static float[] random(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextFloat() * 2 - 1;
        }
        return a;
    }

    @Test
    void im2colMatchesTheDefinition() {
        Random rng = new Random(3);
        for (ConvGeometry g : CASES) {
            int rows = g.inChannels() * g.kernelH() * g.kernelW();
            int plane = g.outPlane();
            int ld = plane + 5;
            float[] x = random(rng, 2 + g.inChannels() * g.inPlane());
            float[] col = new float[3 + rows * ld];
            Arrays.fill(col, Float.NaN);
            float[] expected = col.clone();
            for (int r = 0; r < rows; r++) {
                for (int p = 0; p < plane; p++) {
                    int s = source(g, r, p);
                    expected[3 + r * ld + p] = s < 0 ? 0f : x[2 + s];
                }
            }
            Im2col.im2col(g, x, 2, col, 3, ld);
            assertArrayEquals(expected, col, g.toString());
        }
    }

    @Test
    void col2imMatchesTheDefinition() {
        Random rng = new Random(4);
        for (ConvGeometry g : CASES) {
            int rows = g.inChannels() * g.kernelH() * g.kernelW();
            int plane = g.outPlane();
            int ld = plane + 5;
            float[] col = random(rng, 3 + rows * ld);
            float[] x = random(rng, 2 + g.inChannels() * g.inPlane());
            float[] expected = x.clone();
            for (int r = 0; r < rows; r++) {
                for (int p = 0; p < plane; p++) {
                    int s = source(g, r, p);
                    if (s >= 0) {
                        expected[2 + s] += col[3 + r * ld + p];
                    }
                }
            }
            Im2col.col2im(g, col, 3, ld, x, 2);
            // Delta 0: equal values; a -0 accumulated with +0 from a zeroed padding entry may become +0.
            assertArrayEquals(expected, x, 0f, g.toString());
        }
    }
}
