package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link Rng}. Statistical checks derive their thresholds from the sampling
 * distribution: a sample mean must lie within {@value #Z} standard errors of the true mean, a
 * sample variance within {@value #Z} standard errors of the true variance (standard error
 * sqrt((mu4 - sigma^4) / n)), a chi-square statistic below df + Z * sqrt(2 df).
 */
class RngTest {

    /** Tolerance in standard errors; a correct generator exceeds it with probability ~1e-6. */
    private static final double Z = 5.0;

    private static final int N = 200_000;

    // ------------------------------------------------------------ the algorithm itself

    @Test
    void xoshiroMatchesThePublishedReferenceOutputsFromState1234() {
        // Outputs of the reference C code (prng.di.unimi.it/xoshiro256starstar.c) from the state
        // {1, 2, 3, 4}, as listed in the test suites of several independent ports.
        String[] expected = {
            "11520", "0", "1509978240", "1215971899390074240", "1216172134540287360",
            "607988272756665600", "16172922978634559625", "8476171486693032832",
            "10595114339597558777", "2904607092377533576"
        };
        Rng rng = new Rng(0);
        rng.setState(new long[] {1, 2, 3, 4, 0, 0});
        for (String e : expected) {
            assertEquals(Long.parseUnsignedLong(e), rng.nextLong());
        }
    }

    @Test
    void seedingFillsTheStateWithSplitMix64Outputs() {
        // SplitMix64 (prng.di.unimi.it/splitmix64.c) from x = 0: its first three outputs.
        long[] s = new Rng(0).state();
        assertEquals(0xE220A8397B1DCDAFL, s[0]);
        assertEquals(0x6E789E6AA1B965F4L, s[1]);
        assertEquals(0x06C45D188009454FL, s[2]);
        assertEquals(0, s[4], "no cached normal after seeding");
        // xoshiro256** seeded by SplitMix64 from 42, as published by independent ports.
        Rng rng = new Rng(42);
        assertEquals(1546998764402558742L, rng.nextLong());
        assertEquals(6990951692964543102L, rng.nextLong());
        assertEquals(Long.parseUnsignedLong("12544586762248559009"), rng.nextLong());
    }

    // ------------------------------------------------------------ reproducibility

    /** A stream mixing every kind of draw, as raw bits, so equality is bit for bit. */
    private static long[] trace(Rng rng) {
        float[] weights = {0.5f, 0f, 2f, 1f};
        long[] t = new long[700];
        for (int i = 0; i < t.length; i += 7) {
            t[i] = rng.nextLong();
            t[i + 1] = Double.doubleToRawLongBits(rng.nextDouble());
            t[i + 2] = Float.floatToRawIntBits(rng.normal());
            t[i + 3] = Float.floatToRawIntBits(rng.gumbel());
            t[i + 4] = rng.nextInt(1000);
            t[i + 5] = rng.categorical(weights);
            t[i + 6] = Float.floatToRawIntBits(rng.uniform(-1f, 1f));
        }
        return t;
    }

    @Test
    void sameSeedGivesTheSameStreamAndDifferentSeedsDiffer() {
        assertArrayEquals(trace(new Rng(1234)), trace(new Rng(1234)));
        long[] a = trace(new Rng(1234));
        long[] b = trace(new Rng(1235));
        int equal = 0;
        for (int i = 0; i < a.length; i += 7) {
            equal += a[i] == b[i] ? 1 : 0;
        }
        assertEquals(0, equal, "raw 64-bit outputs of neighbouring seeds should never coincide");
    }

    @Test
    void setStateResumesExactlyIncludingBetweenTheTwoValuesOfANormalPair() {
        Rng rng = new Rng(99);
        rng.normal(); // the pair's second value is now cached
        long[] saved = rng.state();
        assertEquals(6, saved.length);
        assertEquals(1, saved[4], "the cached normal must be part of the state");
        long[] expected = trace(rng);

        long[] copy = saved.clone();
        Rng other = new Rng(-7);
        other.setState(saved);
        assertArrayEquals(copy, saved, "setState must not modify its argument");
        assertArrayEquals(copy, other.state());
        assertArrayEquals(expected, trace(other));

        // A second restore into the original generator also rewinds it.
        rng.setState(copy);
        assertArrayEquals(expected, trace(rng));
    }

    @Test
    void stateReturnsACopy() {
        Rng rng = new Rng(5);
        long[] s = rng.state();
        s[0] = 0;
        s[1] = 0;
        assertNotEquals(0, rng.state()[1]);
    }

    @Test
    void globalGeneratorIsSharedAndReseedable() {
        assertSame(Rng.global(), Rng.global());
        Rng.seedGlobal(2024);
        long[] first = trace(Rng.global());
        Rng.seedGlobal(2024);
        assertArrayEquals(first, trace(Rng.global()));
        assertArrayEquals(first, trace(new Rng(2024)));
    }

    // ------------------------------------------------------------ splitting

    @Test
    void splitGivesGeneratorsThatDifferFromTheParentAndEachOther() {
        Rng parent = new Rng(7);
        long[] beforeSplit = parent.state();
        Rng a = parent.split();
        Rng b = parent.split();
        assertFalse(Arrays.equals(beforeSplit, parent.state()), "split must advance the parent");
        long[] p = trace(parent);
        long[] ta = trace(a);
        long[] tb = trace(b);
        for (int i = 0; i < p.length; i += 7) {
            assertNotEquals(p[i], ta[i]);
            assertNotEquals(p[i], tb[i]);
            assertNotEquals(ta[i], tb[i]);
        }
    }

    @Test
    void splitStreamsAreUncorrelatedWithTheParent() {
        // Sample correlation of independent uniforms has standard error 1 / sqrt(n).
        Rng parent = new Rng(11);
        Rng child = parent.split();
        int n = 100_000;
        double sxy = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            double x = parent.nextDouble() - 0.5;
            double y = child.nextDouble() - 0.5;
            sxy += x * y;
            sx += x * x;
            sy += y * y;
        }
        double r = sxy / Math.sqrt(sx * sy);
        assertTrue(Math.abs(r) < Z / Math.sqrt(n), "correlation " + r);
    }

    @Test
    void splitNIsDeterministicAndEqualsSuccessiveSplits() {
        Rng[] first = new Rng(3).split(4);
        Rng[] second = new Rng(3).split(4);
        Rng sequential = new Rng(3);
        assertEquals(4, first.length);
        assertEquals(0, new Rng(3).split(0).length);
        List<long[]> traces = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long[] t = trace(first[i]);
            assertArrayEquals(t, trace(second[i]));
            assertArrayEquals(t, trace(sequential.split()));
            traces.add(t);
        }
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                assertNotEquals(traces.get(i)[0], traces.get(j)[0]);
            }
        }
    }

    @Test
    void splitGeneratorsGiveTheSameResultsOnAnyNumberOfThreads() throws Exception {
        Rng[] sequential = new Rng(8).split(6);
        List<long[]> expected = new ArrayList<>();
        for (Rng r : sequential) {
            expected.add(trace(r));
        }
        Rng[] parallel = new Rng(8).split(6);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (Rng r : parallel) {
                futures.add(pool.submit(() -> trace(r)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(expected.get(i), futures.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    // ------------------------------------------------------------ statistics helpers

    /** Asserts the sample mean and variance of {@code x} against the true moments. */
    private static void assertMoments(String what, double[] x, double mean, double variance, double mu4) {
        int n = x.length;
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double m = sum / n;
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        double var = ss / (n - 1);
        double seMean = Math.sqrt(variance / n);
        double seVar = Math.sqrt((mu4 - variance * variance) / n);
        assertTrue(Math.abs(m - mean) < Z * seMean, what + ": mean " + m + ", expected " + mean + " +- " + Z * seMean);
        assertTrue(Math.abs(var - variance) < Z * seVar,
                what + ": variance " + var + ", expected " + variance + " +- " + Z * seVar);
    }

    /** Asserts that a fraction observed in n trials matches probability p within Z standard errors. */
    private static void assertFraction(String what, long hits, long n, double p) {
        double f = (double) hits / n;
        double se = Math.sqrt(p * (1 - p) / n);
        assertTrue(Math.abs(f - p) < Z * se, what + ": fraction " + f + ", expected " + p + " +- " + Z * se);
    }

    /** Asserts Pearson's chi-square of counts against probabilities is below df + Z sqrt(2 df). */
    private static void assertChiSquare(String what, long[] counts, double[] probs) {
        long n = Arrays.stream(counts).sum();
        double chi2 = 0;
        int df = -1;
        for (int k = 0; k < counts.length; k++) {
            if (probs[k] == 0) {
                assertEquals(0, counts[k], what + ": category " + k + " has probability 0");
                continue;
            }
            double e = n * probs[k];
            chi2 += (counts[k] - e) * (counts[k] - e) / e;
            df++;
        }
        double bound = df + Z * Math.sqrt(2.0 * df);
        assertTrue(chi2 < bound, what + ": chi-square " + chi2 + " with " + df + " df exceeds " + bound
                + "; counts " + Arrays.toString(counts));
    }

    private static double[] uniformProbs(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    // ------------------------------------------------------------ distributions

    @Test
    void uniformDoublesAndFloatsHaveTheRightMoments() {
        // U(0, 1): mean 1/2, variance 1/12, fourth central moment 1/80.
        Rng rng = new Rng(21);
        double[] d = new double[N];
        double[] f = new double[N];
        int oddLowBit = 0;
        for (int i = 0; i < N; i++) {
            d[i] = rng.nextDouble();
            float x = rng.nextFloat();
            f[i] = x;
            assertTrue(d[i] >= 0 && d[i] < 1 && x >= 0f && x < 1f);
            double k = x * 0x1.0p24; // exactly 24 bits: an integer below 2^24
            assertEquals(Math.rint(k), k);
            oddLowBit += ((long) k & 1);
        }
        assertMoments("nextDouble", d, 0.5, 1.0 / 12, 1.0 / 80);
        assertMoments("nextFloat", f, 0.5, 1.0 / 12, 1.0 / 80);
        assertFraction("nextFloat bit 24", oddLowBit, N, 0.5);
    }

    @Test
    void uniformWithBoundsStaysInRangeAndHasTheRightMoments() {
        // U(a, b): mean (a + b)/2, variance w^2/12, mu4 = w^4/80 with w = b - a.
        Rng rng = new Rng(22);
        float low = -2f;
        float high = 3f;
        double w = high - low;
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            float u = rng.uniform(low, high);
            assertTrue(u >= low && u < high, "uniform out of range: " + u);
            x[i] = u;
        }
        assertMoments("uniform(-2, 3)", x, 0.5, w * w / 12, w * w * w * w / 80);
        // A tiny interval where rounding could reach high: still strictly below it.
        float a = 1f;
        float b = Math.nextUp(1f);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a, rng.uniform(a, b));
        }
    }

    @Test
    void normalHasTheRightMomentsAndOneSigmaFraction() {
        // N(0, 1): variance 1, mu4 = 3; P(|z| < 1) = erf(1 / sqrt 2) = 0.682689492137.
        Rng rng = new Rng(31);
        double[] z = new double[N];
        int within = 0;
        for (int i = 0; i < N; i++) {
            z[i] = rng.normal();
            within += Math.abs(z[i]) < 1 ? 1 : 0;
        }
        assertMoments("normal", z, 0, 1, 3);
        assertFraction("normal within 1 sigma", within, N, 0.682689492137);

        // N(3, 2^2): mean 3, variance 4, mu4 = 3 * 16.
        double[] y = new double[N];
        int yWithin = 0;
        for (int i = 0; i < N; i++) {
            y[i] = rng.normal(3f, 2f);
            yWithin += Math.abs(y[i] - 3) < 2 ? 1 : 0;
        }
        assertMoments("normal(3, 2)", y, 3, 4, 48);
        assertFraction("normal(3, 2) within 1 sigma", yWithin, N, 0.682689492137);
        assertEquals(5f, rng.normal(5f, 0f));
    }

    @Test
    void gumbelHasMeanEulerGammaAndVariancePiSquaredOverSix() {
        // Gumbel(0, 1): mean = Euler-Mascheroni gamma, variance pi^2/6, excess kurtosis 12/5,
        // so mu4 = (3 + 12/5) * variance^2.
        double gamma = 0.5772156649015329;
        double variance = Math.PI * Math.PI / 6;
        Rng rng = new Rng(41);
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            g[i] = rng.gumbel();
            assertTrue(Float.isFinite((float) g[i]));
        }
        assertMoments("gumbel", g, gamma, variance, 5.4 * variance * variance);
    }

    @Test
    void gumbelIsFiniteAtTheExtremeRawOutputs() {
        // U = (k + 0.5) 2^-52 for the top 52 bits k. At k = 0, U = 2^-53 and -log U = 53 ln 2, so
        // the value is -log(53 ln 2); at k = 2^52 - 1, U = 1 - 2^-53, -log U ~ 2^-53 and the
        // value is 53 ln 2. A U of exactly 0 or 1 would give an infinity instead.
        double end = Math.log(53 * Math.log(2));
        Rng rng = new Rng(0);
        // From {1, 2, 3, 4} the second raw output is 0 (see the reference vector).
        rng.setState(new long[] {1, 2, 3, 4, 0, 0});
        rng.nextLong();
        assertEquals(-end, rng.gumbel(), 1e-5);

        // Solve rotl(s1 * 5, 7) * 9 == -1 for s1 with inverses modulo 2^64: the next output is all ones.
        long s1 = Long.rotateRight(-1L * inverse(9), 7) * inverse(5);
        rng.setState(new long[] {1, s1, 3, 4, 0, 0});
        assertEquals(-1L, rng.nextLong());
        rng.setState(new long[] {1, s1, 3, 4, 0, 0});
        assertEquals(53 * Math.log(2), rng.gumbel(), 1e-4);
    }

    /** Multiplicative inverse of an odd number modulo 2^64, by Newton's iteration. */
    private static long inverse(long a) {
        long x = a; // correct to 3 bits for odd a; each step doubles the correct bits
        for (int i = 0; i < 5; i++) {
            x *= 2 - a * x;
        }
        assertEquals(1L, a * x);
        return x;
    }

    @Test
    void bernoulliFrequencyMatchesP() {
        Rng rng = new Rng(51);
        int hits = 0;
        for (int i = 0; i < N; i++) {
            hits += rng.bernoulli(0.3) ? 1 : 0;
        }
        assertFraction("bernoulli(0.3)", hits, N, 0.3);
        for (int i = 0; i < 1000; i++) {
            assertFalse(rng.bernoulli(0));
            assertTrue(rng.bernoulli(1));
        }
    }

    @Test
    void categoricalFrequenciesPassAChiSquareTestAndZeroWeightsNeverAppear() {
        float[] weights = {1f, 0f, 2f, 3.5f, 0.5f}; // not normalised: sum 7
        double[] probs = {1 / 7.0, 0, 2 / 7.0, 3.5 / 7.0, 0.5 / 7.0};
        Rng rng = new Rng(61);
        long[] counts = new long[weights.length];
        for (int i = 0; i < N; i++) {
            counts[rng.categorical(weights)]++;
        }
        assertChiSquare("categorical", counts, probs);

        // The same weights as one row inside a larger array: indices are relative to the row.
        float[] matrix = {9f, 9f, 1f, 0f, 2f, 3.5f, 0.5f, 9f};
        long[] rowCounts = new long[5];
        for (int i = 0; i < N; i++) {
            rowCounts[rng.categorical(matrix, 2, 5)]++;
        }
        assertChiSquare("categorical(row)", rowCounts, probs);
        assertEquals(0, new Rng(1).categorical(new float[] {0f, 0f, 1e-30f, 0f}, 2, 1));
        assertEquals(2, new Rng(1).categorical(new float[] {0f, 0f, 1e-30f, 0f}));
    }

    @Test
    void nextIntIsUniformForPowerOfTwoAndOtherBounds() {
        Rng rng = new Rng(71);
        for (int bound : new int[] {7, 8, 10}) {
            long[] counts = new long[bound];
            for (int i = 0; i < N; i++) {
                counts[rng.nextInt(bound)]++;
            }
            assertChiSquare("nextInt(" + bound + ")", counts, uniformProbs(bound));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(0, rng.nextInt(1));
        }
        // bound = 3 * 2^29: reducing 32 random bits modulo it would put 9/16 of the draws in the
        // lower half [0, bound/2); an unbiased method puts 1/2 there.
        int bound = 3 << 29;
        int lower = 0;
        for (int i = 0; i < N; i++) {
            int x = rng.nextInt(bound);
            assertTrue(x >= 0 && x < bound);
            lower += x < bound / 2 ? 1 : 0;
        }
        assertFraction("nextInt(3 * 2^29) lower half", lower, N, 0.5);
    }

    @Test
    void randintCoversExactlyTheHalfOpenRange() {
        Rng rng = new Rng(81);
        long[] counts = new long[7];
        for (int i = 0; i < N; i++) {
            int x = rng.randint(-3, 4);
            assertTrue(x >= -3 && x < 4, "randint(-3, 4) gave " + x);
            counts[x + 3]++;
        }
        assertChiSquare("randint(-3, 4)", counts, uniformProbs(7));
        assertEquals(5, rng.randint(5, 6));
        // The widest range (2^32 - 1 values) must not overflow: both signs, never MAX_VALUE.
        int negative = 0;
        for (int i = 0; i < 10_000; i++) {
            int x = rng.randint(Integer.MIN_VALUE, Integer.MAX_VALUE);
            assertTrue(x != Integer.MAX_VALUE);
            negative += x < 0 ? 1 : 0;
        }
        assertFraction("randint(MIN, MAX) negative", negative, 10_000, 0.5);
    }

    @Test
    void permutationContainsEachIndexOnceAndIsUniform() {
        Rng rng = new Rng(91);
        for (int n : new int[] {0, 1, 2, 13, 1000}) {
            int[] p = rng.permutation(n);
            assertEquals(n, p.length);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i], "permutation(" + n + ")");
            }
        }
        // All 6 orders of 3 elements are equally likely.
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int[] q : new int[][] {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}) {
            index.put(Arrays.toString(q), index.size());
        }
        long[] counts = new long[6];
        for (int i = 0; i < 60_000; i++) {
            counts[index.get(Arrays.toString(rng.permutation(3)))]++;
        }
        assertChiSquare("permutation(3)", counts, uniformProbs(6));
    }

    @Test
    void shuffleIsTheSameFisherYatesAsPermutation() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        new Rng(5).shuffle(a);
        assertArrayEquals(new Rng(5).permutation(10), a);
        int[] values = {40, 10, 30, 20};
        new Rng(6).shuffle(values);
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {10, 20, 30, 40}, sorted);
    }

    // ------------------------------------------------------------ bulk fills

    @Test
    void fillsEqualTheScalarSequence() {
        int offset = 3;
        int length = 101; // odd: leaves a normal cached, which the state must then match
        Rng bulk = new Rng(17);
        Rng scalar = new Rng(17);
        bulk.normal(); // start mid-pair, so the fill must use the cached value first
        scalar.normal();

        float[] out = new float[offset + length + 2];
        Arrays.fill(out, -99f);
        bulk.fillUniform(out, offset, length, -1f, 2f);
        for (int i = 0; i < length; i++) {
            assertEquals(scalar.uniform(-1f, 2f), out[offset + i]);
        }
        bulk.fillNormal(out, offset, length, 0.5f, 3f);
        for (int i = 0; i < length; i++) {
            assertEquals(scalar.normal(0.5f, 3f), out[offset + i]);
        }
        bulk.fillBernoulli(out, offset, length, 0.4f);
        for (int i = 0; i < length; i++) {
            assertEquals(scalar.bernoulli(0.4f) ? 1f : 0f, out[offset + i]);
        }
        assertArrayEquals(scalar.state(), bulk.state());
        for (int i : new int[] {0, 1, 2, offset + length, offset + length + 1}) {
            assertEquals(-99f, out[i], "index " + i + " is outside the range and must not be written");
        }
        bulk.fillNormal(out, 0, 0, 0f, 1f); // empty range: draws nothing
        assertArrayEquals(scalar.state(), bulk.state());
    }
}
