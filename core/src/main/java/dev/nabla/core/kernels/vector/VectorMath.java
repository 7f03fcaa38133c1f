package dev.nabla.core.kernels.vector;

import static dev.nabla.core.kernels.FastMath.C2;
import static dev.nabla.core.kernels.FastMath.C3;
import static dev.nabla.core.kernels.FastMath.C4;
import static dev.nabla.core.kernels.FastMath.C5;
import static dev.nabla.core.kernels.FastMath.C6;
import static dev.nabla.core.kernels.FastMath.C7;
import static dev.nabla.core.kernels.FastMath.EXP_MAX;
import static dev.nabla.core.kernels.FastMath.EXP_MIN;
import static dev.nabla.core.kernels.FastMath.LN2_HI;
import static dev.nabla.core.kernels.FastMath.LN2_LO;
import static dev.nabla.core.kernels.FastMath.LOG2E;
import static dev.nabla.core.kernels.FastMath.ROUNDER;
import static dev.nabla.core.kernels.FastMath.T3;
import static dev.nabla.core.kernels.FastMath.T5;
import static dev.nabla.core.kernels.FastMath.T7;
import static dev.nabla.core.kernels.FastMath.T9;
import static dev.nabla.core.kernels.FastMath.TANH_SERIES;

import dev.nabla.core.kernels.Elementwise;
import dev.nabla.core.kernels.FastMath;
import dev.nabla.core.kernels.Simd;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise functions of {@link Elementwise.Function} on whole vectors. Each repeats
 * the scalar code of {@link FastMath} operation by operation (separate multiplies and adds,
 * never a fused multiply-add, the same constants, the same association), so every lane gives
 * exactly the bits the scalar function gives: switching SIMD on changes speed, not results.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int SIGN = 0x80000000;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    private VectorMath() {
    }

    /**
     * {@code y[i] = f(x[i])} for {@code from <= i < to}: whole vectors, then the scalar tail.
     * Each function has its own small loop method, so that the JIT compiles and inlines each
     * separately (one method holding every loop grows past its inlining budget, and vectors
     * that are not inlined are boxed).
     */
    static void map(Elementwise.Function f, float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        int done = switch (f) {
            case EXP -> exp(x, y, from, bound);
            case SIGMOID -> sigmoid(x, y, from, bound);
            case TANH -> tanh(x, y, from, bound);
            case SILU -> silu(x, y, from, bound);
            case RELU -> relu(x, y, from, bound);
            case STEP -> step(x, y, from, bound);
            case NEG -> neg(x, y, from, bound);
            case SQUARE -> square(x, y, from, bound);
            case SQRT -> sqrt(x, y, from, bound);
            default -> from; // LOG: no vector form that matches Math.log bit for bit
        };
        Simd.scalar().map(f, x, y, done, to);
    }

    private static int exp(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        return bound;
    }

    private static int sigmoid(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            sigmoid(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        return bound;
    }

    private static int tanh(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            tanh(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        return bound;
    }

    private static int silu(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(sigmoid(v)).intoArray(y, i);
        }
        return bound;
    }

    private static int relu(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
        }
        return bound;
    }

    private static int step(float[] x, float[] y, int from, int bound) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = from; i < bound; i += L) {
            zero.blend(1f, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        return bound;
    }

    private static int neg(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).neg().intoArray(y, i);
        }
        return bound;
    }

    private static int square(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(v).intoArray(y, i);
        }
        return bound;
    }

    private static int sqrt(float[] x, float[] y, int from, int bound) {
        for (int i = from; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).sqrt().intoArray(y, i);
        }
        return bound;
    }

    /**
     * The whole vectors of a contiguous row {@code out = a op b}, with b contiguous
     * ({@code bs == 1}) or one value ({@code bs == 0}).
     *
     * @return the number of elements done (a multiple of the lane count)
     */
    static int zip(Elementwise.Operator op, float[] a, int ao, float[] b, int bo, int bs, float[] out, int oo,
                   int len) {
        int bound = S.loopBound(len);
        if (bs == 0) {
            FloatVector q = FloatVector.broadcast(S, b[bo]);
            switch (op) {
                case ADD -> addScalar(a, ao, q, out, oo, bound);
                case SUB -> subScalar(a, ao, q, out, oo, bound);
                case MUL -> mulScalar(a, ao, q, out, oo, bound);
                default -> divScalar(a, ao, q, out, oo, bound);
            }
        } else {
            switch (op) {
                case ADD -> add(a, ao, b, bo, out, oo, bound);
                case SUB -> sub(a, ao, b, bo, out, oo, bound);
                case MUL -> mul(a, ao, b, bo, out, oo, bound);
                default -> div(a, ao, b, bo, out, oo, bound);
            }
        }
        return bound;
    }

    private static void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
    }

    private static void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
    }

    private static void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
    }

    private static void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
    }

    private static void addScalar(float[] a, int ao, FloatVector q, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(q).intoArray(out, oo + i);
        }
    }

    private static void subScalar(float[] a, int ao, FloatVector q, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(q).intoArray(out, oo + i);
        }
    }

    private static void mulScalar(float[] a, int ao, FloatVector q, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(q).intoArray(out, oo + i);
        }
    }

    private static void divScalar(float[] a, int ao, FloatVector q, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(q).intoArray(out, oo + i);
        }
    }

    /** {@link FastMath#exp} lane by lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.mul(LOG2E).add(ROUNDER);
        FloatVector nf = t.sub(ROUNDER);
        // t = 1.5 * 2^23 + n exactly, so its bits are those of ROUNDER plus n: the integer n
        // without a float-to-int conversion (which JDK 17 does not compile to vector code).
        IntVector n = t.reinterpretAsInts().sub(ROUNDER_BITS);
        FloatVector r = xc.sub(nf.mul(LN2_HI));
        r = r.sub(nf.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(S, C7);
        p = p.mul(r).add(C6);
        p = p.mul(r).add(C5);
        p = p.mul(r).add(C4);
        p = p.mul(r).add(C3);
        p = p.mul(r).add(C2);
        p = p.mul(r).add(1f);
        p = p.mul(r).add(1f);
        IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = n.sub(n1);
        return p.mul(pow2(n1)).mul(pow2(n2));
    }

    /** {@code 2^k} for {@code -126 <= k <= 127} per lane. */
    private static FloatVector pow2(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** {@link FastMath#sigmoid} lane by lane: {@code 1 / (1 + exp(-x))}. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(exp(x.neg())));
    }

    /** {@link FastMath#tanh} lane by lane: series below {@code TANH_SERIES}, else via exp. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector s = a.mul(a);
        FloatVector p = FloatVector.broadcast(S, T9);
        p = p.mul(s).add(T7);
        p = p.mul(s).add(T5);
        p = p.mul(s).add(T3);
        FloatVector series = a.add(a.mul(s).mul(p));
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector far = one.sub(FloatVector.broadcast(S, 2f).div(exp(a.mul(2f)).add(one)));
        FloatVector t = far.blend(series, a.lt(TANH_SERIES));
        IntVector sign = x.reinterpretAsInts().and(SIGN);
        return t.reinterpretAsInts().and(~SIGN).or(sign).reinterpretAsFloats();
    }
}
