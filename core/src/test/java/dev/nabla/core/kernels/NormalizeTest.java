package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Normalize} against naive loops in double on {@code (outer, stats, inner)}
 * layouts with odd sizes, some large enough to span many chunks, and one thread against two
 * bit for bit.
 */
class NormalizeTest {

    /** Layouts {outer, stats, inner}: batch-norm-like, layer-norm-like, single statistic, many chunks. */
    private static final int[][] LAYOUTS = {{3, 13, 7}, {1, 207, 13}, {5, 1, 1021}, {2, 3, 40_000}, {1, 4098, 9}};

    private static float[] random(Random r, int n, float offset) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + (float) r.nextGaussian();
        }
        return v;
    }

    /** Mean (index 0) and biased variance (index 1) of statistic c, in double. */
    private static double[] naiveMoments(float[] x, int outer, int stats, int inner, int c) {
        double s = 0;
        for (int a = 0; a < outer; a++) {
            for (int i = 0; i < inner; i++) {
                s += x[(a * stats + c) * inner + i];
            }
        }
        double m = s / ((double) outer * inner);
        double s2 = 0;
        for (int a = 0; a < outer; a++) {
            for (int i = 0; i < inner; i++) {
                double d = x[(a * stats + c) * inner + i] - m;
                s2 += d * d;
            }
        }
        return new double[] {m, s2 / ((double) outer * inner)};
    }

    @Test
    void momentsAndNormalizeMatchNaiveLoops() {
        Random r = new Random(1);
        for (int[] l : LAYOUTS) {
            int outer = l[0];
            int stats = l[1];
            int inner = l[2];
            float[] x = random(r, outer * stats * inner, 3f);
            float[] mean = new float[stats];
            float[] var = new float[stats];
            Normalize.moments(x, outer, stats, inner, mean, var);
            float[] rstd = new float[stats];
            for (int c = 0; c < stats; c++) {
                double[] m = naiveMoments(x, outer, stats, inner, c);
                assertEquals(m[0], mean[c], 1e-6 * (1 + Math.abs(m[0])), "mean " + c);
                assertEquals(m[1], var[c], 1e-6 * (1 + m[1]), "variance " + c);
                rstd[c] = (float) (1 / Math.sqrt(m[1] + 1e-5));
            }
            float[] y = new float[x.length];
            Normalize.normalize(x, outer, stats, inner, mean, rstd, y);
            for (int k = 0; k < x.length; k++) {
                int c = (k / inner) % stats;
                assertEquals((x[k] - mean[c]) * (double) rstd[c], y[k], 1e-5, "element " + k);
            }
        }
    }

    @Test
    void normalizeBackwardMatchesTheFormulaInDouble() {
        Random r = new Random(2);
        for (int[] l : LAYOUTS) {
            int outer = l[0];
            int stats = l[1];
            int inner = l[2];
            int n = outer * stats * inner;
            float[] x = random(r, n, -1f);
            float[] g = random(r, n, 0.5f);
            float[] mean = new float[stats];
            float[] var = new float[stats];
            Normalize.moments(x, outer, stats, inner, mean, var);
            float[] rstd = new float[stats];
            for (int c = 0; c < stats; c++) {
                rstd[c] = (float) (1 / Math.sqrt(var[c] + 1e-5));
            }
            float[] dx = new float[n];
            Normalize.normalizeBackward(g, x, outer, stats, inner, mean, rstd, dx);
            for (int c = 0; c < stats; c++) {
                // dx = rstd (g - mean(g) - xhat mean(g xhat))
                double sg = 0;
                double sgx = 0;
                int m = outer * inner;
                for (int a = 0; a < outer; a++) {
                    for (int i = 0; i < inner; i++) {
                        int k = (a * stats + c) * inner + i;
                        sg += g[k];
                        sgx += g[k] * ((x[k] - (double) mean[c]) * rstd[c]);
                    }
                }
                for (int a = 0; a < outer; a++) {
                    for (int i = 0; i < inner; i++) {
                        int k = (a * stats + c) * inner + i;
                        double xhat = (x[k] - (double) mean[c]) * rstd[c];
                        double expected = rstd[c] * (g[k] - sg / m - xhat * sgx / m);
                        assertEquals(expected, dx[k], 1e-5 * (1 + Math.abs(expected)), "element " + k);
                    }
                }
            }
        }
    }

    @Test
    void scaleShiftAppliesPerChannelAffineAndNullMeansIdentity() {
        float[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] out = new float[12];
        // (outer, channels, inner) = (2, 3, 2)
        Normalize.scaleShift(y, 2, 3, 2, new float[] {2, -1, 0.5f}, new float[] {1, 0, -1}, out);
        assertArrayEquals(new float[] {3, 5, -3, -4, 1.5f, 2, 15, 17, -9, -10, 4.5f, 5}, out);
        Normalize.scaleShift(y, 2, 3, 2, null, null, out);
        assertArrayEquals(y, out);
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        Random r = new Random(3);
        int outer = 4;
        int stats = 6;
        int inner = 30_000;
        float[] x = random(r, outer * stats * inner, 1f);
        float[] g = random(r, x.length, 0f);
        float[][] results = new float[2][];
        int before = Parallel.threads();
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                float[] mean = new float[stats];
                float[] var = new float[stats];
                Normalize.moments(x, outer, stats, inner, mean, var);
                float[] rstd = new float[stats];
                for (int c = 0; c < stats; c++) {
                    rstd[c] = (float) (1 / Math.sqrt(var[c] + 1e-5));
                }
                float[] dx = new float[x.length];
                Normalize.normalizeBackward(g, x, outer, stats, inner, mean, rstd, dx);
                float[] y = new float[x.length];
                Normalize.normalize(x, outer, stats, inner, mean, rstd, y);
                float[] all = new float[2 * x.length + 2 * stats];
                System.arraycopy(dx, 0, all, 0, x.length);
                System.arraycopy(y, 0, all, x.length, x.length);
                System.arraycopy(mean, 0, all, 2 * x.length, stats);
                System.arraycopy(var, 0, all, 2 * x.length + stats, stats);
                results[t - 1] = all;
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(results[0], results[1]);
    }
}
