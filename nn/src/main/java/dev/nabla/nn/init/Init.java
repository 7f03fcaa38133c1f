package dev.nabla.nn.init;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Initialisation schemes with the distributions, bounds and gains of PyTorch's
 * {@code torch.nn.init}. Each method overwrites a tensor in place (its storage is reused, so
 * layers and optimizers keep holding the same object), outside autograd, drawing from an
 * explicit {@link Rng}, and returns the tensor.
 *
 * <p>Fans. For a weight of shape {@code (out, in, k1, k2, ...)}, {@code fanIn = in * k1 * k2
 * ...} and {@code fanOut = out * k1 * k2 ...} (a {@code Linear} weight is {@code (out, in)}, a
 * convolution's {@code (Cout, Cin / groups, kH, kW)}). Fan-based schemes need rank at least 2.
 */
public final class Init {

    /** The nonlinearities {@link #calculateGain} knows, named as PyTorch's strings. */
    public enum Nonlinearity {
        /** Identity: gain 1. */
        LINEAR,
        /** A convolution without activation: gain 1. */
        CONV,
        /** Gain 1. */
        SIGMOID,
        /** Gain 5/3. */
        TANH,
        /** Gain sqrt(2). */
        RELU,
        /** Gain sqrt(2 / (1 + slope^2)). */
        LEAKY_RELU,
        /** Gain 3/4. */
        SELU
    }

    /** Which fan Kaiming initialisation preserves the variance of. */
    public enum FanMode {
        /** Preserve the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserve the variance of gradients in the backward pass. */
        FAN_OUT
    }

    private Init() {
    }

    /**
     * The recommended gain for a nonlinearity (PyTorch's {@code calculate_gain}).
     *
     * @param nonlinearity the nonlinearity
     * @param negativeSlope the slope of {@link Nonlinearity#LEAKY_RELU} for negative inputs
     *     (PyTorch's default is 0.01); ignored by the others
     * @return the gain: 1 (linear, conv, sigmoid), 5/3 (tanh), sqrt 2 (relu), sqrt(2 / (1 +
     *     slope^2)) (leaky relu), 3/4 (selu)
     */
    public static float calculateGain(Nonlinearity nonlinearity, float negativeSlope) {
        return switch (nonlinearity) {
            case LINEAR, CONV, SIGMOID -> 1f;
            case TANH -> 5f / 3f;
            case RELU -> (float) Math.sqrt(2.0);
            case LEAKY_RELU -> (float) Math.sqrt(2.0 / (1 + (double) negativeSlope * negativeSlope));
            case SELU -> 0.75f;
        };
    }

    /**
     * @param t a tensor of rank at least 2, {@code (out, in, *)}
     * @return {@code in} times the product of the sizes after it
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static int fanIn(Tensor t) {
        int r = receptiveField("fanIn", t);
        return t.size(1) * r;
    }

    /**
     * @param t a tensor of rank at least 2, {@code (out, in, *)}
     * @return {@code out} times the product of the sizes after {@code in}
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static int fanOut(Tensor t) {
        int r = receptiveField("fanOut", t);
        return t.size(0) * r;
    }

    private static int receptiveField(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": fans need a tensor of rank >= 2, (out, in, *), got " + t.shape());
        }
        int r = 1;
        for (int i = 2; i < t.dim(); i++) {
            r *= t.size(i);
        }
        return r;
    }

    // ---------------------------------------------------------------- plain distributions

    /**
     * Fills with independent samples from U(low, high).
     *
     * @param t the tensor; overwritten
     * @param low the lower bound, finite
     * @param high the upper bound, finite, {@code >= low} (equal bounds fill a constant)
     * @param rng the generator; advanced by {@code t.size()} draws
     * @return {@code t}
     * @throws IllegalArgumentException if the bounds are not finite or {@code high < low}
     */
    public static Tensor uniformInPlace(Tensor t, float low, float high, Rng rng) {
        if (!(Float.isFinite(low) && Float.isFinite(high) && high >= low)) {
            throw new IllegalArgumentException("uniformInPlace: expected finite low <= high, got low = " + low
                    + ", high = " + high + " for " + t.shape());
        }
        float[] v = new float[t.size()];
        if (high > low) {
            rng.fillUniform(v, 0, v.length, low, high);
        } else {
            Arrays.fill(v, low);
        }
        return set(t, v);
    }

    /**
     * Fills with independent samples from N(mean, std^2).
     *
     * @param t the tensor; overwritten
     * @param mean the mean, finite
     * @param std the standard deviation, finite, {@code >= 0}
     * @param rng the generator; advanced by {@code t.size()} normal draws
     * @return {@code t}
     * @throws IllegalArgumentException if mean or std is not finite or std is negative
     */
    public static Tensor normalInPlace(Tensor t, float mean, float std, Rng rng) {
        if (!(Float.isFinite(mean) && Float.isFinite(std) && std >= 0)) {
            throw new IllegalArgumentException("normalInPlace: expected finite mean and std >= 0, got mean = " + mean
                    + ", std = " + std + " for " + t.shape());
        }
        float[] v = new float[t.size()];
        rng.fillNormal(v, 0, v.length, mean, std);
        return set(t, v);
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param t the tensor; overwritten
     * @param value the value
     * @return {@code t}
     */
    public static Tensor constantInPlace(Tensor t, float value) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            return t.fillInPlace(value);
        }
    }

    /**
     * @param t the tensor; overwritten with zeros
     * @return {@code t}
     */
    public static Tensor zerosInPlace(Tensor t) {
        return constantInPlace(t, 0f);
    }

    /**
     * @param t the tensor; overwritten with ones
     * @return {@code t}
     */
    public static Tensor onesInPlace(Tensor t) {
        return constantInPlace(t, 1f);
    }

    // ---------------------------------------------------------------- fan-based schemes

    /**
     * Xavier/Glorot uniform: U(-a, a) with {@code a = gain sqrt(6 / (fanIn + fanOut))}
     * (variance {@code gain^2 2 / (fanIn + fanOut)}).
     *
     * @param t the tensor, rank at least 2; overwritten
     * @param gain the scale (1 by PyTorch's default; see {@link #calculateGain})
     * @param rng the generator
     * @return {@code t}
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static Tensor xavierUniformInPlace(Tensor t, float gain, Rng rng) {
        double a = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniformInPlace(t, (float) -a, (float) a, rng);
    }

    /**
     * Xavier/Glorot normal: N(0, std^2) with {@code std = gain sqrt(2 / (fanIn + fanOut))}.
     *
     * @param t the tensor, rank at least 2; overwritten
     * @param gain the scale (1 by PyTorch's default)
     * @param rng the generator
     * @return {@code t}
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static Tensor xavierNormalInPlace(Tensor t, float gain, Rng rng) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)));
        return normalInPlace(t, 0f, (float) std, rng);
    }

    /**
     * Kaiming/He uniform: U(-b, b) with {@code b = gain sqrt(3 / fan)}, {@code gain =
     * calculateGain(nonlinearity, a)} (variance {@code gain^2 / fan}). PyTorch's default
     * {@code Linear} and convolution weights are {@code a = sqrt 5}, {@code FAN_IN},
     * {@code LEAKY_RELU}: {@code b = 1 / sqrt(fanIn)}.
     *
     * @param t the tensor, rank at least 2; overwritten
     * @param a the negative slope for {@link Nonlinearity#LEAKY_RELU} (PyTorch's default 0)
     * @param mode which fan to use (PyTorch's default {@code FAN_IN})
     * @param nonlinearity the nonlinearity that follows (PyTorch's default {@code LEAKY_RELU})
     * @param rng the generator
     * @return {@code t}
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static Tensor kaimingUniformInPlace(Tensor t, float a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniformInPlace(t, (float) -bound, (float) bound, rng);
    }

    /**
     * Kaiming/He normal: N(0, std^2) with {@code std = gain / sqrt(fan)}, {@code gain =
     * calculateGain(nonlinearity, a)}.
     *
     * @param t the tensor, rank at least 2; overwritten
     * @param a the negative slope for {@link Nonlinearity#LEAKY_RELU}
     * @param mode which fan to use
     * @param nonlinearity the nonlinearity that follows
     * @param rng the generator
     * @return {@code t}
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static Tensor kaimingNormalInPlace(Tensor t, float a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        return normalInPlace(t, 0f, (float) kaimingStd(t, a, mode, nonlinearity), rng);
    }

    private static double kaimingStd(Tensor t, float a, FanMode mode, Nonlinearity nonlinearity) {
        int fan = mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t);
        if (fan == 0) {
            throw new IllegalArgumentException("kaiming: tensor " + t.shape() + " has a zero " + mode);
        }
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    // ---------------------------------------------------------------- orthogonal

    /**
     * A (semi-)orthogonal matrix, times {@code gain}, drawn uniformly (Haar measure) as PyTorch's
     * {@code orthogonal_}: the tensor is viewed as {@code (rows, cols)} with {@code rows =
     * size(0)}; a Gaussian matrix (transposed if wide) is factored {@code A = QR} and
     * {@code Q} kept with the signs that make {@code diag(R)} positive. The factorisation is
     * modified Gram-Schmidt with one re-orthogonalisation pass, in double, which yields that
     * sign convention directly. Result: orthonormal rows if {@code rows <= cols}, orthonormal
     * columns otherwise (times gain).
     *
     * @param t the tensor, rank at least 2; overwritten
     * @param gain the scale
     * @param rng the generator; advanced by {@code t.size()} normal draws
     * @return {@code t}
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static Tensor orthogonalInPlace(Tensor t, float gain, Rng rng) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonalInPlace: expected rank >= 2, got " + t.shape());
        }
        int rows = t.size(0);
        int cols = rows == 0 ? 0 : t.size() / rows;
        float[] g = new float[t.size()];
        rng.fillNormal(g, 0, g.length, 0f, 1f);
        boolean wide = rows < cols;
        int m = wide ? cols : rows;
        int n = wide ? rows : cols;
        // a[j][i]: column j of the tall (m, n) matrix, so Gram-Schmidt works on contiguous arrays.
        double[][] a = new double[n][m];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (wide) {
                    a[r][c] = g[r * cols + c];
                } else {
                    a[c][r] = g[r * cols + c];
                }
            }
        }
        gramSchmidt(a);
        float[] out = new float[t.size()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (gain * (wide ? a[r][c] : a[c][r]));
            }
        }
        return set(t, out);
    }

    /** Orthonormalises the vectors {@code q[0], q[1], ...} in place, each against the ones before (twice, for accuracy). */
    private static void gramSchmidt(double[][] q) {
        for (int j = 0; j < q.length; j++) {
            double[] v = q[j];
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < v.length; i++) {
                        dot += q[k][i] * v[i];
                    }
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= dot * q[k][i];
                    }
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
    }

    /** Copies {@code values} into {@code t} outside autograd. */
    private static Tensor set(Tensor t, float[] values) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            if (t.dim() == 0) {
                return t.copyFrom(Tensor.scalar(values[0]));
            }
            return t.copyFrom(Tensor.of(values, t.shape().toArray()));
        }
    }
}
