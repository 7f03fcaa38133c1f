package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Checks each GEMM implementation (scalar, and Vector API when the module is present) bit for
 * bit against the loop it promises to equal, the two against each other within the fp32
 * error bound, and one thread against two. Sizes have odd tails around the micro-tiles
 * (4 and 8 rows, 16-48 columns), the blocks (128 rows, 192-256 columns) and the k-slice (256).
 */
class GemmKernelsTest {

    /** Unit roundoff of float. */
    private static final double U = 0x1p-24;

    /** (m, n, k) triples with odd tails; every one runs with all four transpose combinations. */
    private static final int[][] SIZES = {
        {1, 1, 1}, {7, 15, 17}, {17, 7, 15}, {15, 17, 7}, {33, 33, 33}, {9, 49, 1},
        {100, 100, 100}, {1, 257, 33}, {257, 1, 17}, {8, 48, 257}, {129, 193, 7},
        {33, 257, 257}, {130, 200, 300}, {32, 128, 300},
        // Last column panel exactly one 512-bit vector wide (48 + 16, 5 * 48 + 16 columns).
        {16, 64, 40}, {24, 256, 19},
        // The last 17-32 columns as two one-vector panels (80 = 48 + 32, 113 = 2 * 48 + 17).
        {40, 80, 24}, {9, 113, 31},
        // A last column block narrower than a tile joins the one before (196 = 192 + 4 as in a
        // 14x14 convolution; 260 = 256 + 4 for the scalar blocks); 410 in the thread test too.
        {64, 196, 288}, {9, 260, 5},
    };

    /** A layout: sizes, transposes, padding of every leading dimension and offsets. */
    private record Layout(boolean transA, boolean transB, int m, int n, int k, int pad, int off) {
        int lda() {
            return (transA ? m : k) + pad;
        }

        int ldb() {
            return (transB ? k : n) + pad;
        }

        int ldc() {
            return n + pad;
        }

        int aSize() {
            return (transA ? k : m) * lda();
        }

        int bSize() {
            return (transB ? n : k) * ldb();
        }

        int cSize() {
            return m * ldc();
        }

        float opA(float[] a, int aOff, int i, int p) {
            return transA ? a[aOff + p * lda() + i] : a[aOff + i * lda() + p];
        }

        float opB(float[] b, int bOff, int p, int j) {
            return transB ? b[bOff + j * ldb() + p] : b[bOff + p * ldb() + j];
        }
    }

    /** The implementations to test: always the scalar one, and the vector one if present. */
    static List<SimdKernels> implementations() {
        List<SimdKernels> all = new ArrayList<>();
        all.add(Simd.scalar());
        SimdKernels vector = Simd.loadVector();
        if (vector != null) {
            all.add(vector);
        }
        return all;
    }

    private static boolean fused(SimdKernels kernels) {
        return kernels != Simd.scalar();
    }

    static float[] random(Random rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /**
     * The promised result, computed the naive way: {@code c = c0 (or +0); c = c + a*b} (scalar)
     * or {@code c = fma(a, b, c)} (vector) for p in order. Elements outside C are copied.
     */
    private static float[] reference(boolean fused, Layout t, float[] a, int aOff, float[] b, int bOff,
                                     float[] c0, int cOff, boolean accumulate) {
        float[] c = c0.clone();
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                int idx = cOff + i * t.ldc() + j;
                float s = accumulate ? c0[idx] : 0f;
                for (int p = 0; p < t.k; p++) {
                    float x = t.opA(a, aOff, i, p);
                    float y = t.opB(b, bOff, p, j);
                    s = fused ? Math.fma(x, y, s) : s + x * y;
                }
                c[idx] = s;
            }
        }
        return c;
    }

    private static float[] run(SimdKernels kernels, Layout t, float[] a, float[] b, float[] c0, boolean accumulate) {
        float[] c = c0.clone();
        Gemm.gemmBatched(kernels, 1, t.transA, t.transB, t.m, t.n, t.k, a, t.off, t.lda(), 0,
                b, 2 * t.off, t.ldb(), 0, c, 3 * t.off, t.ldc(), 0, accumulate);
        return c;
    }

    @Test
    void eachImplementationEqualsItsNaiveLoopBitForBit() {
        Random rng = new Random(11);
        for (SimdKernels kernels : implementations()) {
            for (int[] s : SIZES) {
                for (int tr = 0; tr < 4; tr++) {
                    Layout t = new Layout(tr >= 2, tr % 2 == 1, s[0], s[1], s[2], tr, tr + 1);
                    float[] a = random(rng, t.off + t.aSize());
                    float[] b = random(rng, 2 * t.off + t.bSize());
                    float[] c0 = random(rng, 3 * t.off + t.cSize() + 3);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[] expected = reference(fused(kernels), t, a, t.off, b, 2 * t.off, c0, 3 * t.off, accumulate);
                        float[] got = run(kernels, t, a, b, c0, accumulate);
                        assertArrayEquals(expected, got, kernels.name() + " " + t + " acc=" + accumulate);
                    }
                }
            }
        }
    }

    /**
     * Each implementation is within {@code gamma_(k+1) * M} of the exact product, with
     * {@code M = |c0| + sum_p |a_ip b_pj|} and {@code gamma_j = j*u/(1 - j*u)} (Higham, eq. 3.5;
     * an fma chain meets the same bound), so two implementations differ by at most twice that.
     * A wrong index or a lost term is off by O(|a_ip b_pj|), far above it.
     */
    @Test
    void implementationsAgreeWithinTheFloatErrorBound() {
        List<SimdKernels> all = implementations();
        Random rng = new Random(12);
        for (int[] s : SIZES) {
            for (int tr = 0; tr < 4; tr++) {
                Layout t = new Layout(tr >= 2, tr % 2 == 1, s[0], s[1], s[2], 1, 2);
                float[] a = random(rng, t.off + t.aSize());
                float[] b = random(rng, 2 * t.off + t.bSize());
                float[] c0 = random(rng, 3 * t.off + t.cSize());
                float[] first = run(all.get(0), t, a, b, c0, true);
                for (SimdKernels other : all) {
                    float[] got = run(other, t, a, b, c0, true);
                    for (int i = 0; i < t.m; i++) {
                        for (int j = 0; j < t.n; j++) {
                            int idx = 3 * t.off + i * t.ldc() + j;
                            double mag = Math.abs(c0[idx]);
                            for (int p = 0; p < t.k; p++) {
                                mag += Math.abs((double) t.opA(a, t.off, i, p) * t.opB(b, 2 * t.off, p, j));
                            }
                            double gamma = (t.k + 1) * U / (1 - (t.k + 1) * U);
                            if (!(Math.abs(got[idx] - first[idx]) <= 2 * gamma * mag)) {
                                fail(String.format("%s vs %s, %s: C[%d][%d] = %s vs %s", other.name(),
                                        all.get(0).name(), t, i, j, got[idx], first[idx]));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Runs {@code call} on a copy of {@code c0} with the given thread count. */
    private static float[] withThreads(int threads, float[] c0, Consumer<float[]> call) {
        return Threads.on(threads, () -> {
            float[] c = c0.clone();
            call.accept(c);
            return c;
        });
    }

    @Test
    void eachImplementationGivesTheSameBitsOnOneAndTwoThreads() {
        Random rng = new Random(13);
        int m = 300;
        int n = 410;
        int k = 290;
        float[] a = random(rng, m * k + 1);
        float[] b = random(rng, k * n + 1);
        float[] c0 = random(rng, m * n + 1);
        for (SimdKernels kernels : implementations()) {
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = tr >= 2;
                boolean tb = tr % 2 == 1;
                Consumer<float[]> call = c -> Gemm.gemmBatched(kernels, 1, ta, tb, m, n, k,
                        a, 1, ta ? m : k, 0, b, 1, tb ? k : n, 0, c, 1, n, 0, true);
                assertArrayEquals(withThreads(1, c0, call), withThreads(2, c0, call), kernels.name() + " tr=" + tr);
            }
            // Batched with strides and a broadcast B: 6 products of 70 x 90 x 280.
            int batch = 6;
            float[] ab = random(rng, batch * 70 * 280);
            float[] bb = random(rng, 280 * 90);
            float[] cb = random(rng, batch * 70 * 90);
            Consumer<float[]> batched = c -> Gemm.gemmBatched(kernels, batch, false, true, 70, 90, 280,
                    ab, 0, 280, 70 * 280, bb, 0, 280, 0, c, 0, 90, 70 * 90, false);
            assertArrayEquals(withThreads(1, cb, batched), withThreads(2, cb, batched), kernels.name() + " batched");
        }
    }

    @Test
    void batchedWithStridesEqualsEachProductAlone() {
        Random rng = new Random(14);
        int batch = 5;
        for (SimdKernels kernels : implementations()) {
            for (int tr = 0; tr < 4; tr++) {
                Layout t = new Layout(tr >= 2, tr % 2 == 1, 19, 53, 37, 2, 0);
                int aStride = t.aSize() + 3;
                int bStride = t.bSize() + 1;
                int cStride = t.cSize() + 2;
                float[] a = random(rng, 4 + batch * aStride);
                float[] b = random(rng, 5 + batch * bStride);
                float[] c0 = random(rng, 6 + batch * cStride);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] c = c0.clone();
                    Gemm.gemmBatched(kernels, batch, t.transA, t.transB, t.m, t.n, t.k, a, 4, t.lda(), aStride,
                            b, 5, t.ldb(), bStride, c, 6, t.ldc(), cStride, accumulate);
                    float[] expected = c0.clone();
                    for (int q = 0; q < batch; q++) {
                        float[] one = reference(fused(kernels), t, a, 4 + q * aStride, b, 5 + q * bStride,
                                expected, 6 + q * cStride, accumulate);
                        expected = one;
                    }
                    assertArrayEquals(expected, c, kernels.name() + " " + t + " acc=" + accumulate);
                }
            }
        }
    }

    @Test
    void activeImplementationFollowsTheModuleAndTheProperty() {
        boolean present = ModuleLayer.boot().findModule(Simd.MODULE).isPresent();
        boolean off = "false".equalsIgnoreCase(System.getProperty("nabla.simd", "").trim());
        assertEquals(present && !off, Simd.enabled(), Simd.kernels().name());
        assertNotNull(Simd.kernels().name());
        assertEquals(present, Simd.loadVector() != null);
    }
}
