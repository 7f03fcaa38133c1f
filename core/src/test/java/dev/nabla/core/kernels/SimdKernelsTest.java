package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector primitives of each {@link SimdKernels} implementation against double-precision
 * references, on lengths with odd tails around the vector widths (4, 8, 16 lanes).
 */
class SimdKernelsTest {

    private static final double U = 0x1p-24;
    private static final int[] LENGTHS = {0, 1, 7, 13, 15, 16, 17, 33, 207, 1021, 4098};

    /** Recursive summation in any order: {@code |err| <= gamma_(n-1) * sum|x_i|}, doubled for slack. */
    private static void assertClose(String what, double expected, float got, int n, double magnitude) {
        double tol = 2 * (n + 1) * U * magnitude;
        if (!(Math.abs(got - expected) <= tol)) {
            fail(String.format("%s n=%d: got %s, expected %s (tol %.3g)", what, n, got, expected, tol));
        }
    }

    @Test
    void dotAndSumMatchDoubleReference() {
        Random rng = new Random(5);
        for (SimdKernels kernels : GemmKernelsTest.implementations()) {
            for (int n : LENGTHS) {
                float[] a = GemmKernelsTest.random(rng, n + 3);
                float[] b = GemmKernelsTest.random(rng, n + 5);
                double dot = 0;
                double dotMag = 0;
                double sum = 0;
                double sumMag = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) a[i + 3] * b[i + 5];
                    dotMag += Math.abs((double) a[i + 3] * b[i + 5]);
                    sum += a[i + 2];
                    sumMag += Math.abs(a[i + 2]);
                }
                assertClose(kernels.name() + " dot", dot, kernels.dot(a, 3, b, 5, n), n, dotMag);
                assertClose(kernels.name() + " sum", sum, kernels.sum(a, 2, n), n, sumMag);
                assertEquals(kernels.dot(a, 3, b, 5, n), kernels.dot(a, 3, b, 5, n), "deterministic");
            }
        }
    }

    @Test
    void axpyMatchesItsDefinitionAndLeavesTheRestAlone() {
        Random rng = new Random(6);
        for (SimdKernels kernels : GemmKernelsTest.implementations()) {
            boolean fused = kernels != Simd.scalar();
            for (int n : LENGTHS) {
                float[] x = GemmKernelsTest.random(rng, n + 2);
                float[] y0 = GemmKernelsTest.random(rng, n + 4);
                float[] y = y0.clone();
                kernels.axpy(-1.5f, x, 2, y, 1, n);
                for (int i = 0; i < y.length; i++) {
                    boolean inside = i >= 1 && i < 1 + n;
                    float expected = !inside ? y0[i]
                            : fused ? Math.fma(-1.5f, x[i + 1], y0[i]) : y0[i] + -1.5f * x[i + 1];
                    assertEquals(expected, y[i], kernels.name() + " axpy n=" + n + " i=" + i);
                }
            }
        }
    }

    /**
     * dots adds exactly dot of the two rows to each element of its block (same bits, whatever
     * the tiling), and leaves the elements around the block alone; on tile-sized and ragged
     * shapes.
     */
    @Test
    void dotsAddsExactlyTheDotOfEveryPairOfRows() {
        Random rng = new Random(7);
        int[][] shapes = {{1, 1}, {4, 3}, {8, 9}, {5, 7}, {32, 9}, {3, 2}};
        for (SimdKernels kernels : GemmKernelsTest.implementations()) {
            for (int[] mn : shapes) {
                for (int k : new int[] {0, 1, 13, 16, 207, 784}) {
                    int m = mn[0];
                    int n = mn[1];
                    int lda = k + 3;
                    int ldb = k + 1;
                    int ldc = n + 2;
                    float[] a = GemmKernelsTest.random(rng, 2 + m * lda);
                    float[] b = GemmKernelsTest.random(rng, 1 + n * ldb);
                    float[] c0 = GemmKernelsTest.random(rng, 3 + m * ldc);
                    float[] c = c0.clone();
                    ConvGemm.dots(kernels, m, n, k, a, 2, lda, b, 1, ldb, c, 3, ldc);
                    for (int t = 0; t < c.length; t++) {
                        int i = (t - 3) / ldc;
                        int j = (t - 3) % ldc;
                        boolean inside = t >= 3 && j < n;
                        float expected = inside ? c0[t] + kernels.dot(a, 2 + i * lda, b, 1 + j * ldb, k) : c0[t];
                        assertEquals(expected, c[t], kernels.name() + " dots m=" + m + " n=" + n + " k=" + k
                                + " at " + t);
                    }
                }
            }
        }
    }

    @Test
    void lstmRowsGiveTheScalarBits() {
        Random rng = new Random(9);
        SimdKernels scalar = Simd.scalar();
        for (SimdKernels kernels : GemmKernelsTest.implementations()) {
            for (int h : new int[] {1, 7, 16, 17, 37}) {
                int n = 3;
                int nh = n * h;
                float[] act = new float[n * 4 * h];
                for (int k = 0; k < act.length; k++) {
                    act[k] = rng.nextFloat();
                }
                float[] c = GemmKernelsTest.random(rng, nh);
                float[] grad = GemmKernelsTest.random(rng, 2 * nh);
                float[][] want = {new float[2 * nh], new float[nh], new float[act.length], new float[nh]};
                float[][] got = {new float[2 * nh], new float[nh], new float[act.length], new float[nh]};
                for (int r = 0; r < n; r++) {
                    scalar.lstmRow(act, r * 4 * h, c, want[0], want[1], r * h, nh, h);
                    kernels.lstmRow(act, r * 4 * h, c, got[0], got[1], r * h, nh, h);
                    scalar.lstmRowBackward(grad, act, r * 4 * h, c, want[1], r * h, nh, h, want[2], want[3]);
                    kernels.lstmRowBackward(grad, act, r * 4 * h, c, want[1], r * h, nh, h, got[2], got[3]);
                }
                for (int k = 0; k < want.length; k++) {
                    assertArrayEquals(want[k], got[k], kernels.name() + " h=" + h + " output " + k);
                }
                // The scalar forward is the formula: c' = f c + i g, h' = o tanh(c').
                for (int j = 0; j < h; j++) {
                    float next = act[h + j] * c[j] + act[j] * act[2 * h + j];
                    assertEquals(next, want[0][nh + j]);
                    assertEquals(act[3 * h + j] * FastMath.tanh(next), want[0][j]);
                }
            }
        }
    }

    @Test
    void gruRowsGiveTheScalarBits() {
        Random rng = new Random(10);
        SimdKernels scalar = Simd.scalar();
        for (SimdKernels kernels : GemmKernelsTest.implementations()) {
            for (int h : new int[] {1, 7, 16, 17, 37}) {
                int n = 3;
                float[] xw = GemmKernelsTest.random(rng, n * 3 * h);
                float[] hw = GemmKernelsTest.random(rng, n * 3 * h);
                float[] hPrev = GemmKernelsTest.random(rng, n * h);
                float[] grad = GemmKernelsTest.random(rng, n * h);
                float[] act = new float[n * 3 * h];
                for (int k = 0; k < act.length; k++) {
                    act[k] = rng.nextFloat();
                }
                float[] actWant = act.clone();
                float[] actGot = act.clone();
                float[][] want = {new float[n * h], new float[act.length], new float[act.length], new float[n * h]};
                float[][] got = {new float[n * h], new float[act.length], new float[act.length], new float[n * h]};
                for (int r = 0; r < n; r++) {
                    scalar.gruRow(xw, hw, actWant, r * 3 * h, hPrev, want[0], r * h, h);
                    kernels.gruRow(xw, hw, actGot, r * 3 * h, hPrev, got[0], r * h, h);
                    scalar.gruRowBackward(grad, actWant, hw, r * 3 * h, hPrev, r * h, h, want[1], want[2], want[3]);
                    kernels.gruRowBackward(grad, actWant, hw, r * 3 * h, hPrev, r * h, h, got[1], got[2], got[3]);
                }
                assertArrayEquals(actWant, actGot, kernels.name() + " h=" + h + " n");
                for (int k = 0; k < want.length; k++) {
                    assertArrayEquals(want[k], got[k], kernels.name() + " h=" + h + " output " + k);
                }
                // The scalar forward is the formula: n = tanh(x_n + r h_n), h' = n + z (h - n).
                for (int j = 0; j < h; j++) {
                    float cand = FastMath.tanh(xw[2 * h + j] + act[j] * hw[2 * h + j]);
                    assertEquals(cand, actWant[2 * h + j]);
                    assertEquals(cand + act[h + j] * (hPrev[j] - cand), want[0][j]);
                }
            }
        }
    }
}
