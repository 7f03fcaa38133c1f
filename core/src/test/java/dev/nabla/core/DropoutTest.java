package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Dropout: the mask is exactly the generator's Bernoulli draws, the mean is preserved within
 * the binomial spread, the gradient is the mask over {@code 1 - p}, and the edge cases (eval,
 * p = 0, p = 1, bad p) behave as documented.
 */
class DropoutTest {

    /** The kept flags a fresh {@code Rng(seed)} draws for {@code n} units: bernoulli(1 - p) each, in order. */
    private static boolean[] keeps(long seed, float p, int n) {
        Rng rng = new Rng(seed);
        boolean[] k = new boolean[n];
        for (int i = 0; i < n; i++) {
            k[i] = rng.bernoulli(1f - p);
        }
        return k;
    }

    @Test
    void maskIsTheGeneratorsBernoulliDrawsAndKeptUnitsAreScaled() {
        float p = 0.3f;
        Tensor x = Tensor.randn(new Rng(1), 7, 9);
        float[] y = Dropout.dropout(x, p, true, new Rng(42)).toArray();
        boolean[] keep = keeps(42, p, 63);
        float scale = 1f / (1f - p);
        float[] v = x.toArray();
        for (int i = 0; i < 63; i++) {
            assertEquals(keep[i] ? v[i] * scale : 0f, y[i], 0f, "element " + i);
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        Tensor x = Tensor.ones(1000);
        float[] a = Dropout.dropout(x, 0.5f, true, new Rng(3)).toArray();
        float[] b = Dropout.dropout(x, 0.5f, true, new Rng(3)).toArray();
        float[] c = Dropout.dropout(x, 0.5f, true, new Rng(4)).toArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void meanIsPreservedWithinTheBinomialSpread() {
        int n = 200_000;
        for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
            float[] y = Dropout.dropout(Tensor.ones(n), p, true, new Rng(11)).toArray();
            double sum = 0;
            int kept = 0;
            for (float e : y) {
                sum += e;
                kept += e != 0 ? 1 : 0;
            }
            // kept ~ Binomial(n, 1 - p); each output is kept / (1 - p), so the mean has
            // standard deviation sqrt(p / ((1 - p) n)). Five standard deviations: a false alarm
            // has probability below 1e-6.
            double sdMean = Math.sqrt(p / ((1.0 - p) * n));
            assertEquals(1.0, sum / n, 5 * sdMean, "mean for p = " + p);
            double sdKept = Math.sqrt(n * (double) p * (1 - p));
            assertEquals(n * (1.0 - p), kept, 5 * sdKept, "kept units for p = " + p);
        }
    }

    @Test
    void gradientIsTheMaskOverOneMinusP() {
        float p = 0.25f;
        Tensor x = Tensor.randn(new Rng(2), 4, 6).requiresGrad(true);
        Dropout.dropout(x, p, true, new Rng(5)).sum().backward();
        boolean[] keep = keeps(5, p, 24);
        float[] g = x.grad().toArray();
        for (int i = 0; i < 24; i++) {
            assertEquals(keep[i] ? 1f / (1f - p) : 0f, g[i], 0f, "element " + i);
        }
    }

    @Test
    void evalAndZeroProbabilityReturnTheInputAndDrawNothing() {
        Tensor x = Tensor.randn(new Rng(2), 3, 4);
        Rng rng = new Rng(6);
        long[] state = rng.state();
        assertSame(x, Dropout.dropout(x, 0.5f, false, rng));
        assertSame(x, Dropout.dropout(x, 0f, true, rng));
        Tensor image = x.reshape(1, 3, 2, 2);
        assertSame(image, Dropout.dropout2d(image, 0.5f, false, rng));
        assertSame(image, Dropout.dropout2d(image, 0f, true, rng));
        assertArrayEquals(state, rng.state());
    }

    @Test
    void probabilityOneGivesZerosWithoutNaNAndAZeroGradient() {
        Tensor x = Tensor.of(new float[] {1f, Float.POSITIVE_INFINITY, -3f, Float.NaN}, 4).requiresGrad(true);
        Tensor y = Dropout.dropout(x, 1f, true, new Rng(1));
        assertArrayEquals(new float[4], y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[4], x.grad().toArray());
        Tensor images = Tensor.full(-2f, 1, 2, 1, 1);
        assertArrayEquals(new float[2], Dropout.dropout2d(images, 1f, true, new Rng(1)).toArray());
    }

    @Test
    void dropout2dZeroesWholeChannelsWithOneDrawEach() {
        float p = 0.5f;
        Tensor x = Tensor.randn(new Rng(3), 3, 4, 2, 5);
        Rng rng = new Rng(9);
        float[] y = Dropout.dropout2d(x, p, true, rng).toArray();
        boolean[] keep = keeps(9, p, 12);
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            int channel = i / 10;
            assertEquals(keep[channel] ? v[i] * 2f : 0f, y[i], 0f, "element " + i);
        }
        Rng after = new Rng(9);
        for (int i = 0; i < 12; i++) {
            after.nextDouble();
        }
        assertArrayEquals(after.state(), rng.state(), "exactly N * C draws");
    }

    @Test
    void badProbabilityOrGeneratorOrRankIsRejectedBeforeDrawing() {
        Tensor x = Tensor.ones(2, 3);
        Rng rng = new Rng(1);
        long[] state = rng.state();
        for (float p : new float[] {-0.1f, 1.5f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dropout.dropout(x, p, true, rng));
            assertTrue(e.getMessage().startsWith("dropout: expected p in [0, 1], got " + p), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.dropout(x, 0.5f, true, null));
        assertTrue(e.getMessage().startsWith("dropout: rng"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dropout.dropout2d(x, 0.5f, true, rng));
        assertTrue(e.getMessage().startsWith("dropout2d: input must be (N, C, H, W), got [2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.dropout2d(Tensor.ones(1, 2, 1, 1), 2f, true, rng));
        assertTrue(e.getMessage().startsWith("dropout2d: expected p in [0, 1], got 2.0"), e.getMessage());
        assertArrayEquals(state, rng.state());
    }
}
