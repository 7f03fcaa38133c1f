package dev.nabla.core.spec;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/** Seeded test inputs with the domains ops need (positive, away from kinks, distinct). */
public final class Inputs {

    private Inputs() {
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(long seed, float lo, float hi, int... shape) {
        Rng rng = new Rng(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        return Tensor.of(v, shape.length == 0 ? new int[0] : shape).reshape(shape);
    }

    /**
     * Uniform in [-hi, -lo] or [lo, hi] with a random sign: away from a kink at 0 by at least
     * {@code lo} (choose lo well above the gradient check's step of 1e-2).
     */
    public static Tensor awayFromZero(long seed, float lo, float hi, int... shape) {
        Tensor mag = uniform(seed, lo, hi, shape);
        Tensor sign = uniform(seed + 7919, -1, 1, shape);
        float[] m = mag.toArray();
        float[] s = sign.toArray();
        for (int i = 0; i < m.length; i++) {
            m[i] = s[i] < 0 ? -m[i] : m[i];
        }
        return Tensor.of(m, shape.length == 0 ? new int[0] : shape).reshape(shape);
    }

    /**
     * A random permutation of evenly spaced values {@code lo + i * gap}: all distinct, pairwise
     * at least {@code gap} apart (for max, min, sort-like ops whose gradient picks one element).
     */
    public static Tensor distinct(long seed, float lo, float gap, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int[] perm = new Rng(seed).permutation(n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + perm[i] * gap;
        }
        return Tensor.of(v, shape.length == 0 ? new int[0] : shape).reshape(shape);
    }
}
