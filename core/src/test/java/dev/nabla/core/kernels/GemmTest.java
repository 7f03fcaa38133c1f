package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Gemm} against a naive triple loop accumulated in double, on sizes with odd
 * tails, every transpose combination, offsets and padded leading dimensions; one thread
 * against two bit for bit; and bad input.
 */
class GemmTest {

    /** Unit roundoff of float. */
    private static final double U = 0x1p-24;

    /** One test layout: sizes, transposes, padding of leading dimensions and offsets. */
    private record Case(boolean transA, boolean transB, int m, int n, int k, int pad, int off) {
        int aRows() {
            return transA ? k : m;
        }

        int aCols() {
            return transA ? m : k;
        }

        int bRows() {
            return transB ? n : k;
        }

        int bCols() {
            return transB ? k : n;
        }

        int lda() {
            return aCols() + pad;
        }

        int ldb() {
            return bCols() + pad;
        }

        int ldc() {
            return n + pad;
        }

        /** Elements one stored matrix spans, leading padding included. */
        static int span(int rows, int ld) {
            return rows * ld;
        }

        @Override
        public String toString() {
            return String.format("transA=%b transB=%b m=%d n=%d k=%d pad=%d off=%d",
                    transA, transB, m, n, k, pad, off);
        }
    }

    private static float[] random(Random rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rng.nextGaussian());
        }
        return x;
    }

    private static double opA(Case t, float[] a, int aOff, int i, int p) {
        return t.transA ? a[aOff + p * t.lda() + i] : a[aOff + i * t.lda() + p];
    }

    private static double opB(Case t, float[] b, int bOff, int p, int j) {
        return t.transB ? b[bOff + j * t.ldb() + p] : b[bOff + p * t.ldb() + j];
    }

    /**
     * Compares C after the call with the product computed in double from the same inputs.
     * Gemm sums in float in order p = 0..k-1 (starting from the old C if accumulating), so each
     * element carries at most the classic forward error of recursive summation,
     * {@code |err| <= gamma_(k+1) * (|c0| + sum_p |a_ip b_pj|)} with {@code gamma_j ~ j * U}
     * (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., eq. 3.5). The test
     * allows twice that, plus a tiny absolute term for the all-zero case; a wrong index or a
     * missed term is off by O(|a_ip b_pj|), far above it. Elements of c outside the matrix must
     * keep their sentinel value.
     */
    private static void checkAgainstDouble(Case t, float[] a, int aOff, float[] b, int bOff,
                                           float[] c0, float[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                int idx = cOff + i * t.ldc() + j;
                double start = accumulate ? c0[idx] : 0.0;
                double sum = start;
                double magnitude = Math.abs(start);
                for (int p = 0; p < t.k; p++) {
                    double term = opA(t, a, aOff, i, p) * opB(t, b, bOff, p, j);
                    sum += term;
                    magnitude += Math.abs(term);
                }
                double tol = 2 * (t.k + 1) * U * magnitude + 1e-30;
                double err = Math.abs(c[idx] - sum);
                if (!(err <= tol)) {
                    fail(String.format("%s acc=%b: C[%d][%d] = %s, expected %s (tol %.3g)",
                            t, accumulate, i, j, c[idx], sum, tol));
                }
            }
        }
    }

    /** Runs one case for accumulate false and true and checks it, and that padding is untouched. */
    private static void runCase(Case t, Random rng) {
        int aOff = t.off;
        int bOff = 2 * t.off;
        int cOff = 3 * t.off;
        float[] a = random(rng, aOff + Case.span(t.aRows(), t.lda()) + 5);
        float[] b = random(rng, bOff + Case.span(t.bRows(), t.ldb()) + 5);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c0 = random(rng, cOff + Case.span(t.m, t.ldc()) + 5);
            float[] c = c0.clone();
            Gemm.gemm(t.transA, t.transB, t.m, t.n, t.k, a, aOff, t.lda(), b, bOff, t.ldb(),
                    c, cOff, t.ldc(), accumulate);
            checkAgainstDouble(t, a, aOff, b, bOff, c0, c, cOff, accumulate);
            assertOutsideUnchanged(t, c0, c, cOff);
        }
    }

    /** Every element of c that is not part of the m x n matrix keeps its old value. */
    private static void assertOutsideUnchanged(Case t, float[] c0, float[] c, int cOff) {
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / t.ldc() < t.m && rel % t.ldc() < t.n;
            if (!inside && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(c0[idx])) {
                fail(t + ": element " + idx + " outside C was modified");
            }
        }
    }

    @Test
    void matchesDoubleReferenceOnOddSizesForAllTransposes() {
        Random rng = new Random(42);
        int[] sizes = {1, 3, 13, 17, 64, 100};
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int s : sizes) {
                    runCase(new Case(transA, transB, s, s, s, 0, 0), rng);
                    runCase(new Case(transA, transB, s, s + 2, s + 1, 3, 7), rng);
                }
                // Tails of the 4-row micro-tile, a 256-wide column block and the 256-deep k slice.
                runCase(new Case(transA, transB, 207, 207, 207, 1, 5), rng);
                runCase(new Case(transA, transB, 33, 257, 129, 2, 1), rng);
                runCase(new Case(transA, transB, 131, 19, 300, 0, 3), rng);
                runCase(new Case(transA, transB, 1, 300, 513, 1, 0), rng);
            }
        }
    }

    @Test
    void kZeroZeroesOrKeepsC() {
        float[] a = new float[0];
        float[] c = {9, 1, 2, 9, 3, 4, 9};
        float[] kept = c.clone();
        Gemm.gemm(false, false, 2, 2, 0, a, 0, 0, a, 0, 2, c, 1, 3, true);
        assertArrayEquals(kept, c);
        Gemm.gemm(true, true, 2, 2, 0, a, 0, 2, a, 0, 0, c, 1, 3, false);
        assertArrayEquals(new float[] {9, 0, 0, 9, 0, 0, 9}, c);
    }

    @Test
    void emptyOutputDoesNothing() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] c = {5, 6};
        Gemm.gemm(false, false, 0, 2, 3, a, 0, 3, a, 0, 2, c, 0, 2, false);
        Gemm.gemm(false, false, 1, 0, 3, a, 0, 3, a, 0, 0, c, 0, 0, false);
        Gemm.gemmBatched(0, false, false, 1, 2, 3, a, 0, 3, 0, a, 0, 2, 0, c, 0, 2, 0, false);
        assertArrayEquals(new float[] {5, 6}, c);
    }

    @Test
    void smallProductByHand() {
        // [1 2 3; 4 5 6] * [7 8; 9 10; 11 12] = [58 64; 139 154], all exact in float.
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = new float[4];
        Gemm.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
        // A^T * A with A = [1 2 3; 4 5 6] stored as is (3 x 3 result), accumulated on ones.
        float[] g = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        Gemm.gemm(true, false, 3, 3, 2, a, 0, 3, a, 0, 3, g, 0, 3, true);
        assertArrayEquals(new float[] {18, 23, 28, 23, 30, 37, 28, 37, 46}, g);
    }

    @Test
    void batchedWithBroadcastOperandsMatchesDoubleReference() {
        Random rng = new Random(7);
        int batch = 3;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                Case t = new Case(transA, transB, 17, 13, 33, 2, 0);
                int aSpan = Case.span(t.aRows(), t.lda());
                int bSpan = Case.span(t.bRows(), t.ldb());
                int cSpan = Case.span(t.m, t.ldc());
                // (aStride, bStride): A broadcast, B broadcast, neither.
                int[][] strides = {{0, bSpan + 1}, {aSpan + 2, 0}, {aSpan, bSpan}};
                for (int[] st : strides) {
                    runBatched(t, batch, 4, st[0], 5, st[1], 6, cSpan + 3, rng);
                }
            }
        }
    }

    @Test
    void batchedWithInterleavedOutputMatchesDoubleReference() {
        // Heads side by side in one row, as in attention over a (seq, heads * d) layout:
        // ldc = batch * n and cStride = n, so the C matrices interleave without sharing elements.
        Random rng = new Random(8);
        int batch = 4;
        Case t = new Case(false, true, 9, 5, 11, (batch - 1) * 5, 0);
        int aSpan = Case.span(t.aRows(), t.lda());
        int bSpan = Case.span(t.bRows(), t.ldb());
        runBatched(t, batch, 0, aSpan, 1, bSpan, 2, t.n, rng);
    }

    /** One batched call, then each product checked against the double reference. */
    private static void runBatched(Case t, int batch, int aOff, int aStride, int bOff, int bStride,
                                   int cOff, int cStride, Random rng) {
        float[] a = random(rng, aOff + (batch - 1) * aStride + Case.span(t.aRows(), t.lda()));
        float[] b = random(rng, bOff + (batch - 1) * bStride + Case.span(t.bRows(), t.ldb()));
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c0 = random(rng, cOff + (batch - 1) * cStride + Case.span(t.m, t.ldc()));
            float[] c = c0.clone();
            Gemm.gemmBatched(batch, t.transA, t.transB, t.m, t.n, t.k, a, aOff, t.lda(), aStride,
                    b, bOff, t.ldb(), bStride, c, cOff, t.ldc(), cStride, accumulate);
            for (int i = 0; i < batch; i++) {
                checkAgainstDouble(t, a, aOff + i * aStride, b, bOff + i * bStride, c0, c,
                        cOff + i * cStride, accumulate);
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

    /** The block shape depends on the thread count (blocks per thread), the result must not. */
    @Test
    void resultsAreBitwiseIdenticalForOneAndTwoThreads() {
        Random rng = new Random(3);
        int n = 300;
        float[] a = random(rng, n * n);
        float[] b = random(rng, n * n);
        float[] c0 = random(rng, n * n);
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                Consumer<float[]> call = c -> Gemm.gemm(transA, transB, n, n, n, a, 0, n, b, 0, n,
                        c, 0, n, true);
                float[] one = withThreads(1, c0, call);
                for (int threads : new int[] {2, 3, 8}) {
                    assertArrayEquals(one, withThreads(threads, c0, call),
                            "transA=" + transA + " transB=" + transB + " threads=" + threads);
                }
            }
        }
        // Batched, B broadcast; 5 products of 70 x 90 x 280 (k crosses a 256 slice).
        int batch = 5;
        int m = 70;
        int cols = 90;
        int k = 280;
        float[] ab = random(rng, batch * m * k);
        float[] bb = random(rng, k * cols);
        float[] cb = random(rng, batch * m * cols);
        Consumer<float[]> batched = c -> Gemm.gemmBatched(batch, false, false, m, cols, k,
                ab, 0, k, m * k, bb, 0, cols, 0, c, 0, cols, m * cols, false);
        assertArrayEquals(withThreads(1, cb, batched), withThreads(2, cb, batched));
        assertArrayEquals(withThreads(1, cb, batched), withThreads(8, cb, batched));
        // A layer's shapes: x @ W^T for a batch of 128, and its weight gradient g^T x.
        float[] x = random(rng, 128 * 784);
        float[] w = random(rng, 256 * 784);
        float[] y0 = new float[128 * 256];
        Consumer<float[]> linear = c -> Gemm.gemm(false, true, 128, 256, 784, x, 0, 784, w, 0, 784,
                c, 0, 256, false);
        assertArrayEquals(withThreads(1, y0, linear), withThreads(2, y0, linear));
        assertArrayEquals(withThreads(1, y0, linear), withThreads(3, y0, linear));
        float[] g = random(rng, 128 * 256);
        float[] dw0 = new float[256 * 784];
        Consumer<float[]> weightGrad = c -> Gemm.gemm(true, false, 256, 784, 128, g, 0, 256, x, 0, 784,
                c, 0, 784, false);
        assertArrayEquals(withThreads(1, dw0, weightGrad), withThreads(2, dw0, weightGrad));
    }

    @Test
    void evenColumnBlocksAreTiledWithoutWaste() {
        // 48-column tiles and a 16-column narrow panel: the least width q*48 or q*48 + 16 that is
        // at least ceil(n / blocks).
        assertEquals(64, Gemm.evenColumns(128, 2, 48, 16), "128 in 2: 48 + 16 each");
        assertEquals(48, Gemm.evenColumns(128, 3, 48, 16), "128 in 3: ceil = 43, one tile");
        assertEquals(48, Gemm.evenColumns(128, 4, 48, 16), "128 in 4: ceil = 32, more than a narrow panel");
        assertEquals(208, Gemm.evenColumns(784, 4, 48, 16), "784 in 4: ceil = 196 = 4*48 + 4");
        assertEquals(96, Gemm.evenColumns(192, 2, 48, 16), "192 in 2: exactly two tiles");
        assertEquals(64, Gemm.evenColumns(128, 2, 16, 16), "no narrower kernel: multiples of the tile");
        assertEquals(16, Gemm.evenColumns(10, 4, 16, 16), "never below one tile");
    }

    @Test
    void aSmallBatchLinearLayerMatchesTheReferenceForAnyThreadCount() {
        // x @ W^T for a batch of 32 and 128 outputs: on two threads, two blocks of 64 columns,
        // each a full tile and a narrow panel.
        Random rng = new Random(11);
        int m = 32;
        int n = 128;
        int k = 784;
        float[] x = random(rng, m * k);
        float[] w = random(rng, n * k);
        Consumer<float[]> linear = c -> Gemm.gemm(false, true, m, n, k, x, 0, k, w, 0, k, c, 0, n, false);
        float[] one = withThreads(1, new float[m * n], linear);
        for (int threads : new int[] {2, 3}) {
            assertArrayEquals(one, withThreads(threads, new float[m * n], linear), "threads=" + threads);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double bound = 0;
                for (int p = 0; p < k; p++) {
                    exact += (double) x[i * k + p] * w[j * k + p];
                    bound += Math.abs((double) x[i * k + p] * w[j * k + p]);
                }
                assertEquals(exact, (double) one[i * n + j], (k + 1) * 0x1p-24 * bound, "C[" + i + "][" + j + "]");
            }
        }
    }

    /** A call that must be rejected, and words its message must contain. */
    private record Bad(String mention, Consumer<float[]> call) {
    }

    @Test
    void badInputThrowsAndLeavesCUnchanged() {
        float[] a = new float[6];
        float[] b = new float[12];
        List<Bad> bad = new ArrayList<>();
        // The valid call is 2 x 4 = (2 x 3) * (3 x 4) into c[1..9) with ldc = 4.
        bad.add(new Bad("m=-1", c -> Gemm.gemm(false, false, -1, 4, 3, a, 0, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("n=-2", c -> Gemm.gemm(false, false, 2, -2, 3, a, 0, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("k=-3", c -> Gemm.gemm(false, false, 2, 4, -3, a, 0, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("aOff", c -> Gemm.gemm(false, false, 2, 4, 3, a, -1, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("lda", c -> Gemm.gemm(false, false, 2, 4, 3, a, 0, 2, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("lda", c -> Gemm.gemm(true, false, 2, 4, 3, a, 0, 1, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("ldb", c -> Gemm.gemm(false, false, 2, 4, 3, a, 0, 3, b, 0, 3, c, 1, 4, false)));
        bad.add(new Bad("ldb", c -> Gemm.gemm(false, true, 2, 4, 3, a, 0, 3, b, 0, 2, c, 1, 4, false)));
        bad.add(new Bad("ldc", c -> Gemm.gemm(false, false, 2, 4, 3, a, 0, 3, b, 0, 4, c, 1, 3, false)));
        bad.add(new Bad("array a too short", c -> Gemm.gemm(false, false, 2, 4, 3, a, 1, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("array b too short", c -> Gemm.gemm(false, false, 2, 4, 3, a, 0, 3, b, 0, 5, c, 1, 4, false)));
        bad.add(new Bad("array c too short", c -> Gemm.gemm(false, false, 2, 4, 3, a, 0, 3, b, 0, 4, c, 2, 4, false)));
        bad.add(new Bad("cOff", c -> Gemm.gemm(false, false, 2, 4, 3, a, 0, 3, b, 0, 4, c, -1, 4, false)));
        bad.add(new Bad("null", c -> Gemm.gemm(false, false, 2, 4, 3, null, 0, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("overlap", c -> Gemm.gemm(false, false, 2, 4, 3, c, 0, 3, b, 0, 4, c, 1, 4, false)));
        bad.add(new Bad("batch=-1", c -> Gemm.gemmBatched(-1, false, false, 2, 4, 3,
                a, 0, 3, 0, b, 0, 4, 0, c, 1, 4, 8, false)));
        bad.add(new Bad("cStride=0", c -> Gemm.gemmBatched(2, false, false, 1, 4, 3,
                a, 0, 3, 0, b, 0, 4, 0, c, 0, 4, 0, false)));
        bad.add(new Bad("cStride=2", c -> Gemm.gemmBatched(2, false, false, 1, 4, 3,
                a, 0, 3, 0, b, 0, 4, 0, c, 0, 4, 2, false)));
        bad.add(new Bad("aStride", c -> Gemm.gemmBatched(2, false, false, 1, 4, 3,
                a, 0, 3, -3, b, 0, 4, 0, c, 0, 4, 4, false)));
        // The last of three products runs off the end of a (needs 3 + 2*2 = 7 > 6).
        bad.add(new Bad("array a too short", c -> Gemm.gemmBatched(3, false, false, 1, 4, 3,
                a, 0, 3, 2, b, 0, 4, 0, c, 0, 4, 4, false)));
        for (Bad x : bad) {
            float[] c0 = new float[9];
            for (int i = 0; i < c0.length; i++) {
                c0[i] = 100 + i;
            }
            float[] c = c0.clone();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> x.call().accept(c), x.mention());
            assertTrue(e.getMessage().startsWith("gemm:"), e.getMessage());
            assertTrue(e.getMessage().contains(x.mention()), x.mention() + " not in: " + e.getMessage());
            assertArrayEquals(c0, c, "C modified by a rejected call: " + e.getMessage());
        }
        // The valid call itself is accepted, so each bad one above fails for its own reason.
        float[] c = new float[9];
        Gemm.gemm(false, false, 2, 4, 3, a, 0, 3, b, 0, 4, c, 1, 4, false);
        Gemm.gemmBatched(2, false, false, 1, 4, 3, a, 0, 3, 3, b, 0, 4, 0, c, 0, 4, 4, false);
    }

    @Test
    void keptPanelsGiveTheResultsOfFreshPacking() {
        // B transposed and not, over several k-slices and column blocks; the kept panels are
        // read on every call after the first.
        Random rng = new Random(41);
        int m = 37;
        int n = 230;
        int k = 600;
        for (boolean transB : new boolean[] {true, false}) {
            float[] a = GemmKernelsTest.random(rng, m * k);
            float[] b = GemmKernelsTest.random(rng, k * n);
            int ldb = transB ? k : n;
            float[] want = new float[m * n];
            Gemm.gemm(false, transB, m, n, k, a, 0, k, b, 0, ldb, want, 0, n, false);
            PackedPanels panels = new PackedPanels();
            int slices = 0;
            for (int call = 0; call < 3; call++) {
                float[] got = new float[m * n];
                Gemm.gemmBatched(1, false, transB, m, n, k, a, 0, k, 0, b, 0, ldb, 0, got, 0, n, 0, false, panels);
                assertArrayEquals(want, got, "transB=" + transB + " call " + call);
                if (call == 0) {
                    slices = panels.size();
                }
                assertEquals(slices, panels.size(), "later calls pack nothing new");
            }
            if (Simd.kernels() != Simd.scalar()) {
                assertTrue(slices > 0, "the vector kernels keep the panels");
                // B's values now live in the panels only: zeroing B changes nothing (this
                // breaks the caller's promise on purpose, to show the panels are what is read).
                java.util.Arrays.fill(b, 0f);
                float[] got = new float[m * n];
                Gemm.gemmBatched(1, false, transB, m, n, k, a, 0, k, 0, b, 0, ldb, 0, got, 0, n, 0, false, panels);
                assertArrayEquals(want, got, "transB=" + transB + " read from the panels");
            }
        }
    }

    @Test
    void keptPanelsRefuseAnotherOperand() {
        float[] a = new float[4 * 8];
        float[] b = new float[8 * 6];
        float[] c = new float[4 * 6];
        PackedPanels panels = new PackedPanels();
        Gemm.gemmBatched(1, false, false, 4, 6, 8, a, 0, 8, 0, b, 0, 6, 0, c, 0, 6, 0, false, panels);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Gemm.gemmBatched(
                1, false, false, 4, 6, 8, a, 0, 8, 0, new float[8 * 6], 0, 6, 0, c, 0, 6, 0, false, panels));
        assertTrue(other.getMessage().startsWith("gemm: packedB holds the panels of another B"), other.getMessage());
        assertTrue(other.getMessage().contains("in another array"), other.getMessage());
        IllegalArgumentException layout = assertThrows(IllegalArgumentException.class, () -> Gemm.gemmBatched(
                1, false, true, 4, 6, 8, a, 0, 8, 0, b, 0, 8, 0, c, 0, 6, 0, false, panels));
        assertTrue(layout.getMessage().contains("got transposed 8 x 6"), layout.getMessage());
    }
}
