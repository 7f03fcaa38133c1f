package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast float functions against {@link Math} (in double, rounded once), the dedicated
 * elementwise kernels against plain per-element formulas, and the eight-way double sum
 * against a sequential one.
 */
class ElementwiseTest {

    /** Distance of got from the correctly rounded float value of want, in its units of the last place. */
    private static double ulps(float got, double want) {
        float w = (float) want;
        return Math.abs((double) got - w) / Math.ulp(w);
    }

    /** Arguments spread over many magnitudes: 2 * 10^6 draws, half in [-100, 100], half near 0. */
    private static float[] arguments() {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[2_000_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? (float) (r.nextDouble() * 200 - 100)
                    : (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(8) - 7));
        }
        return x;
    }

    @Test
    void expIsWithinOneUlpOverTheNormalRange() {
        double worst = 0;
        for (float x : arguments()) {
            double e = Math.exp(x);
            if (e >= Float.MIN_NORMAL && e <= Float.MAX_VALUE) {
                worst = Math.max(worst, ulps(FastMath.exp(x), e));
            }
        }
        assertTrue(worst <= 1, "worst error " + worst + " ulp");
    }

    @Test
    void sigmoidAndTanhAreWithinTheirDocumentedBounds() {
        double sig = 0;
        double tanh = 0;
        for (float x : arguments()) {
            double s = 1 / (1 + Math.exp(-(double) x));
            if (s >= Float.MIN_NORMAL) {
                sig = Math.max(sig, ulps(FastMath.sigmoid(x), s));
            }
            double t = Math.tanh(x);
            if (Math.abs(t) >= Float.MIN_NORMAL) {
                tanh = Math.max(tanh, ulps(FastMath.tanh(x), t));
            }
        }
        assertTrue(sig <= 2, "sigmoid worst error " + sig + " ulp");
        assertTrue(tanh <= 5, "tanh worst error " + tanh + " ulp");
    }

    @Test
    void sigmoidAndTanhScaleOnceYetMatchTheFormulasOverExp() {
        // Their exponential scales by one power of two where exp uses two; wherever that power
        // is at most 2^127 (arguments of e^ below about 88.376) the bits are those of the
        // formulas written over exp.
        for (float x : arguments()) {
            if (x >= -88.3f) {
                assertEquals(Float.floatToIntBits(1f / (1f + FastMath.exp(-x))),
                        Float.floatToIntBits(FastMath.sigmoid(x)), "sigmoid at " + x);
            }
            float a = Math.abs(x);
            if (a >= FastMath.TANH_SERIES) {
                float far = Math.copySign(1f - 2f / (FastMath.exp(2f * a) + 1f), x);
                assertEquals(Float.floatToIntBits(far), Float.floatToIntBits(FastMath.tanh(x)), "tanh at " + x);
            }
        }
        // Below about -88.38 the power of two overflows and sigmoid is 0 (true value < 4.3e-39);
        // just above, the subnormal result is still there: 1 / (1 + e^88.3) = 4.66e-39.
        assertEquals(0f, FastMath.sigmoid(-88.4f));
        assertEquals(1 / (1 + Math.exp(88.3)), FastMath.sigmoid(-88.3f), 1e-41);
        assertEquals(1f, FastMath.sigmoid(87.4f));
        assertEquals(1f, FastMath.tanh(50f));
    }

    @Test
    void specialValuesFollowIeee() {
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(inf, FastMath.exp(89f));
        assertEquals(inf, FastMath.exp(inf));
        assertEquals(0f, FastMath.exp(-inf));
        assertEquals(0f, FastMath.exp(-200f));
        assertTrue(Float.isNaN(FastMath.exp(Float.NaN)));
        assertEquals(1f, FastMath.exp(0f));
        // e^-100 = 3.72e-44 is subnormal: 27 * 2^-149 is the nearest float.
        assertEquals(Math.exp(-100), FastMath.exp(-100f), Float.MIN_VALUE);
        assertEquals(0f, FastMath.sigmoid(-200f));
        assertEquals(1f, FastMath.sigmoid(200f));
        assertEquals(0.5f, FastMath.sigmoid(0f));
        assertEquals(1f, FastMath.tanh(inf));
        assertEquals(-1f, FastMath.tanh(-inf));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FastMath.tanh(-0f)));
        assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)));
    }

    @Test
    void dedicatedUnaryKernelsMatchTheirFormulas() {
        float[] x = new float[100_003];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 20 - 10);
        }
        float[] y = new float[x.length];
        for (Elementwise.Function f : Elementwise.Function.values()) {
            Elementwise.map(f, x, y, x.length);
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                float want = switch (f) {
                    case EXP -> FastMath.exp(v);
                    case SIGMOID -> FastMath.sigmoid(v);
                    case TANH -> FastMath.tanh(v);
                    case SILU -> v * FastMath.sigmoid(v);
                    case RELU -> v > 0 ? v : 0f;
                    case NEG -> -v;
                    case SQUARE -> v * v;
                    case SQRT -> (float) Math.sqrt(v);
                    case LOG -> (float) Math.log(v);
                    case STEP -> v > 0 ? 1f : 0f;
                };
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), f + " at " + v);
            }
        }
    }

    @Test
    void arithmeticKernelsMatchForEveryStridePattern() {
        // a: [3, 5, 7]; b broadcast in four ways: same shape, a scalar, a row [7], a column [3, 1, 1].
        int[] dims = {3, 5, 7};
        float[] a = new float[105];
        float[] b = new float[105];
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 4 - 2);
            b[i] = (float) (r.nextDouble() * 3 + 0.5);
        }
        int[][] bStrides = {{35, 7, 1}, {0, 0, 0}, {0, 0, 1}, {1, 0, 0}};
        int[][] aStrides = {{35, 7, 1}, {35, 7, 1}, {1, 3, 15}, {0, 0, 0}};
        float[] out = new float[105];
        for (Elementwise.Operator op : Elementwise.Operator.values()) {
            for (int pattern = 0; pattern < bStrides.length; pattern++) {
                for (int[] as : aStrides) {
                    Pointwise.zip(op, a, as, b, bStrides[pattern], out, dims);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 5; j++) {
                            for (int k = 0; k < 7; k++) {
                                float p = a[i * as[0] + j * as[1] + k * as[2]];
                                int[] bs = bStrides[pattern];
                                float q = b[i * bs[0] + j * bs[1] + k * bs[2]];
                                float want = switch (op) {
                                    case ADD -> p + q;
                                    case SUB -> p - q;
                                    case MUL -> p * q;
                                    case DIV -> p / q;
                                };
                                assertEquals(want, out[i * 35 + j * 7 + k], op + " pattern " + pattern);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theEightWaySumEqualsASequentialSumForEveryTail() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        for (int from = 0; from < 3; from++) {
            for (int to = from; to <= x.length; to++) {
                double want = 0;
                for (int i = from; i < to; i++) {
                    want += x[i];
                }
                // Both sum at most 40 floats exactly representable in double: the results agree
                // to the rounding of a double sum, far below float precision.
                assertEquals(want, Reduce.sumDouble(x, from, to), 1e-13, "range " + from + ".." + to);
            }
        }
    }

    @Test
    void theVectorKernelsGiveTheScalarBitsAndSums() {
        SimdKernels vector = Simd.loadVector();
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "the Vector API module is not present");
        SimdKernels scalar = Simd.scalar();
        float[] x = arguments();
        float inf = Float.POSITIVE_INFINITY;
        float[] special = {Float.NaN, inf, -inf, 0f, -0f, 88.7f, 88.8f, -88.3f, -88.4f, 87.3f, 87.4f, -103f, -104f,
            -200f, 0.25f, -0.2499f,
            Float.MIN_VALUE, -Float.MIN_VALUE, 9.2f, -9.2f, 1e-30f};
        System.arraycopy(special, 0, x, 3, special.length);
        float[] a = new float[x.length];
        float[] b = new float[x.length];
        for (Elementwise.Function f : Elementwise.Function.values()) {
            // Odd bounds leave a tail for the scalar loop.
            scalar.map(f, x, a, 3, x.length - 5);
            vector.map(f, x, b, 3, x.length - 5);
            for (int i = 3; i < x.length - 5; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), f + " at " + x[i]);
            }
        }
        for (Elementwise.Operator op : Elementwise.Operator.values()) {
            for (int bs : new int[] {1, 0, 3}) {
                int len = 1001;
                scalar.zip(op, x, 5, 1, x, 17, bs, a, 2, len);
                vector.zip(op, x, 5, 1, x, 17, bs, b, 2, len);
                for (int i = 2; i < 2 + len; i++) {
                    assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), op + " stride " + bs);
                }
            }
        }
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 1000, 100_003}) {
            double s = scalar.sumDouble(x, 7, 7 + n);
            // Both sum floats in double: they differ only by double rounding, ~n * 1e-16 relative.
            assertEquals(s, vector.sumDouble(x, 7, 7 + n), 1e-12 * Math.max(1, Math.abs(s)) + 1e-9, "n = " + n);
        }
    }
}
