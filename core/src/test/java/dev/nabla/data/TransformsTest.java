package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class TransformsTest {

    /** n images (c, h, w) whose pixels are 1, 2, 3, ... in row-major order (no zeros, all distinct). */
    private static Batch counting(int n, int c, int h, int w) {
        float[] x = new float[n * c * h * w];
        for (int k = 0; k < x.length; k++) {
            x[k] = k + 1;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
        }
        return Batch.classification(Tensor.of(x, n, c, h, w), y);
    }

    /** Applies a transform and checks that the input batch is unchanged and the labels kept. */
    private static float[] run(BatchTransform t, Batch b, long seed) {
        float[] before = b.inputs().toArray();
        Batch out = t.apply(b, new Rng(seed));
        assertArrayEquals(before, b.inputs().toArray(), "the input is not modified");
        assertArrayEquals(b.inputs().shape().toArray(), out.inputs().shape().toArray());
        assertSame(b.labels(), out.labels(), "labels are kept");
        return out.inputs().toArray();
    }

    @Test
    void normalizePerChannel() {
        Batch b = counting(2, 3, 1, 2); // image 0: channels (1, 2), (3, 4), (5, 6); image 1: (7, 8), (9, 10), (11, 12)
        float[] y = run(Transforms.normalize(new float[] {1, 2, 3}, new float[] {2, 4, 0.5f}), b, 0);
        float[] expected = {
            0f, 0.5f, 0.25f, 0.5f, 4f, 6f, // (1-1)/2, (2-1)/2, (3-2)/4, (4-2)/4, (5-3)/.5, (6-3)/.5
            3f, 3.5f, 1.75f, 2f, 16f, 18f,
        };
        assertArrayEquals(expected, y, 1e-6f);
        // One mean and std: the same for every element, any shape.
        Batch flat = Batch.regression(Tensor.of(new float[] {3, 5, 7}, 3), Tensor.zeros(3));
        Batch out = Transforms.normalize(new float[] {1}, new float[] {2}).apply(flat, new Rng(0));
        assertArrayEquals(new float[] {1, 2, 3}, out.inputs().toArray(), 1e-6f);
        assertSame(flat.targets(), out.targets(), "targets are kept");
    }

    @Test
    void normalizeRefusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new float[] {0}, new float[] {-1}));
        assertThrows(IllegalArgumentException.class,
                () -> Transforms.normalize(new float[] {0}, new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new float[] {0, 1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new float[0], new float[0]));
        BatchTransform rgb = Transforms.normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1});
        String m = assertThrows(IllegalArgumentException.class,
                () -> rgb.apply(counting(2, 1, 2, 2), new Rng(0))).getMessage();
        assertTrue(m.contains("Transforms.normalize") && m.contains("(N, 3, ...)") && m.contains("[2, 1, 2, 2]"), m);
    }

    @Test
    void randomCropIsAZeroFilledShiftWithinThePadding() {
        int p = 2;
        Batch b = counting(400, 2, 3, 4);
        float[] x = b.inputs().toArray();
        float[] y = run(Transforms.randomCrop(p), b, 11);
        int[][] seen = new int[2 * p + 1][2 * p + 1];
        for (int i = 0; i < 400; i++) {
            int[] shift = findShift(x, y, i * 24, 2, 3, 4, p);
            assertTrue(shift != null, "example " + i + " is a shift of its input by at most " + p);
            seen[shift[0] + p][shift[1] + p]++;
        }
        // 25 offsets, each with probability 1/25: 16 expected of 400, sd sqrt(400 * 1/25 * 24/25) = 3.9.
        for (int[] row : seen) {
            for (int count : row) {
                assertTrue(Math.abs(count - 16) < 5 * 3.92, "offset count " + count);
            }
        }
        assertArrayEquals(x, run(Transforms.randomCrop(0), b, 11), "no padding: unchanged");
    }

    /**
     * The (dy, dx) in [-p, p]^2 with y[c, i, j] = x[c, i + dy, j + dx], or 0 where that is outside
     * the image, for every pixel of one example; null if none fits. All-distinct non-zero pixels
     * make the answer unique, except for shifts that leave the whole image empty.
     */
    private static int[] findShift(float[] x, float[] y, int base, int c, int h, int w, int p) {
        for (int dy = -p; dy <= p; dy++) {
            for (int dx = -p; dx <= p; dx++) {
                boolean ok = true;
                for (int k = 0; k < c && ok; k++) {
                    for (int i = 0; i < h && ok; i++) {
                        for (int j = 0; j < w && ok; j++) {
                            int si = i + dy;
                            int sj = j + dx;
                            float want = si < 0 || si >= h || sj < 0 || sj >= w ? 0f
                                    : x[base + (k * h + si) * w + sj];
                            ok = y[base + (k * h + i) * w + j] == want;
                        }
                    }
                }
                if (ok) {
                    return new int[] {dy, dx};
                }
            }
        }
        return null;
    }

    @Test
    void horizontalFlipMirrorsWholeExamplesWithProbabilityP() {
        Batch b = counting(2000, 2, 2, 3);
        float[] x = b.inputs().toArray();
        assertArrayEquals(x, run(Transforms.horizontalFlip(0), b, 5), "p = 0: never");
        float[] all = run(Transforms.horizontalFlip(1), b, 5);
        for (int r = 0; r < 2000 * 4; r++) { // rows of 3: (a, b, c) -> (c, b, a)
            assertEquals(x[3 * r], all[3 * r + 2]);
            assertEquals(x[3 * r + 1], all[3 * r + 1]);
            assertEquals(x[3 * r + 2], all[3 * r]);
        }
        float[] half = run(Transforms.horizontalFlip(0.5), b, 5);
        int flipped = 0;
        for (int i = 0; i < 2000; i++) {
            boolean same = true;
            boolean mirrored = true;
            for (int k = i * 12; k < (i + 1) * 12; k++) {
                same &= half[k] == x[k];
                mirrored &= half[k] == all[k];
            }
            assertTrue(same != mirrored, "example " + i + " is either untouched or mirrored, all channels alike");
            flipped += mirrored ? 1 : 0;
        }
        // Binomial(2000, 0.5): mean 1000, sd sqrt(500) = 22.4; allow 5 sd.
        assertTrue(Math.abs(flipped - 1000) < 112, "flipped " + flipped);
        assertThrows(IllegalArgumentException.class, () -> Transforms.horizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> Transforms.horizontalFlip(Double.NaN));
        String m = assertThrows(IllegalArgumentException.class, () -> Transforms.horizontalFlip(0.5)
                .apply(Batch.classification(Tensor.zeros(2, 4), new int[2]), new Rng(0))).getMessage();
        assertTrue(m.contains("horizontalFlip") && m.contains("(N, C, H, W)") && m.contains("[2, 4]"), m);
    }

    @Test
    void gaussianNoiseHasTheRequestedMoments() {
        int n = 40000;
        Batch b = Batch.classification(Tensor.full(3f, n, 1), new int[n]);
        float[] y = run(Transforms.gaussianNoise(0.5f), b, 9);
        double sum = 0;
        double sq = 0;
        for (float v : y) {
            sum += v - 3;
            sq += (v - 3) * (v - 3);
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        // mean ~ N(0, 0.25 / n): sd 0.0025; variance sd ~ 0.25 * sqrt(2 / n) = 0.0018. Allow 5 sd.
        assertEquals(0, mean, 5 * 0.0025);
        assertEquals(0.25, var, 5 * 0.0018);
        assertArrayEquals(b.inputs().toArray(), run(Transforms.gaussianNoise(0f), b, 9), "std 0: unchanged");
        assertThrows(IllegalArgumentException.class, () -> Transforms.gaussianNoise(-1f));
        assertThrows(IllegalArgumentException.class, () -> Transforms.gaussianNoise(Float.POSITIVE_INFINITY));
    }

    @Test
    void composeAppliesInOrder() {
        Batch b = Batch.regression(Tensor.of(new float[] {3, 5}, 2), Tensor.zeros(2));
        BatchTransform a = Transforms.normalize(new float[] {1}, new float[] {2}); // x -> (x - 1) / 2
        BatchTransform c = Transforms.normalize(new float[] {1}, new float[] {0.5f}); // x -> (x - 1) * 2
        // ((3 - 1) / 2 - 1) * 2 = 0, ((5 - 1) / 2 - 1) * 2 = 2; the other order: ((3 - 1) * 2 - 1) / 2 = 1.5, 3.5.
        assertArrayEquals(new float[] {0, 2}, Transforms.compose(a, c).apply(b, new Rng(0)).inputs().toArray());
        assertArrayEquals(new float[] {1.5f, 3.5f}, Transforms.compose(c, a).apply(b, new Rng(0)).inputs().toArray());
        assertSame(b, Transforms.compose().apply(b, new Rng(0)));
        assertThrows(NullPointerException.class, () -> Transforms.compose(a, null));
    }

    @Test
    void randomTransformsAreSeeded() {
        Batch b = counting(50, 1, 4, 4);
        BatchTransform t = Transforms.compose(Transforms.randomCrop(1), Transforms.horizontalFlip(0.5),
                Transforms.gaussianNoise(0.1f));
        assertArrayEquals(run(t, b, 3), run(t, b, 3));
        assertTrue(!java.util.Arrays.equals(run(t, b, 3), run(t, b, 4)));
    }
}
