package dev.nabla.core.kernels.vector;

import static dev.nabla.core.kernels.FastMath.C2;
import static dev.nabla.core.kernels.FastMath.C3;
import static dev.nabla.core.kernels.FastMath.C4;
import static dev.nabla.core.kernels.FastMath.C5;
import static dev.nabla.core.kernels.FastMath.C6;
import static dev.nabla.core.kernels.FastMath.C7;
import static dev.nabla.core.kernels.FastMath.EXP_MAX;
import static dev.nabla.core.kernels.FastMath.EXP_MIN;
import static dev.nabla.core.kernels.FastMath.EXP_NORMAL_MIN;
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
import dev.nabla.core.kernels.Parallel;
import dev.nabla.core.kernels.Simd;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise functions of {@link Elementwise.Function} on whole vectors. Each repeats
 * the scalar code of {@link FastMath} operation by operation (a fused multiply-add where it
 * has one, separate multiplies and adds where it has those, the same constants, the same
 * association), so every lane gives exactly the bits the scalar function gives: switching SIMD
 * on changes speed, not results.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int SIGN = 0x80000000;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    private VectorMath() {
    }

    /**
     * The loop of {@code f} as a chunk body ({@link dev.nabla.core.kernels.SimdKernels#mapper}):
     * whole vectors, then the scalar tail. Every function has a lambda of its own, which the
     * JIT compiles as a method of its own around that one loop, so no compiled method holds
     * the loops of several functions (see the interface for what that costs).
     */
    static Parallel.ChunkBody mapper(Elementwise.Function f, float[] x, float[] y) {
        return switch (f) {
            case EXP -> (c, from, to) -> exp(x, y, from, to);
            case SIGMOID -> (c, from, to) -> sigmoid(x, y, from, to);
            case TANH -> (c, from, to) -> tanh(x, y, from, to);
            case SILU -> (c, from, to) -> silu(x, y, from, to);
            case RELU -> (c, from, to) -> relu(x, y, from, to);
            case STEP -> (c, from, to) -> step(x, y, from, to);
            case NEG -> (c, from, to) -> neg(x, y, from, to);
            case SQUARE -> (c, from, to) -> square(x, y, from, to);
            case SQRT -> (c, from, to) -> sqrt(x, y, from, to);
            // LOG: no vector form that matches Math.log bit for bit
            default -> Simd.scalar().mapper(f, x, y);
        };
    }

    /** The elements past the last whole vector, by the scalar kernel (the same bits). */
    private static void tail(Elementwise.Function f, float[] x, float[] y, int from, int to) {
        Simd.scalar().map(f, x, y, from, to);
    }

    private static void exp(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        tail(Elementwise.Function.EXP, x, y, bound, to);
    }

    private static void sigmoid(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            sigmoid(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        tail(Elementwise.Function.SIGMOID, x, y, bound, to);
    }

    private static void tanh(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            tanh(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        tail(Elementwise.Function.TANH, x, y, bound, to);
    }

    private static void silu(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(sigmoid(v)).intoArray(y, i);
        }
        tail(Elementwise.Function.SILU, x, y, bound, to);
    }

    private static void relu(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
        }
        tail(Elementwise.Function.RELU, x, y, bound, to);
    }

    private static void step(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        FloatVector zero = FloatVector.zero(S);
        for (int i = from; i < bound; i += L) {
            zero.blend(1f, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        tail(Elementwise.Function.STEP, x, y, bound, to);
    }

    private static void neg(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).neg().intoArray(y, i);
        }
        tail(Elementwise.Function.NEG, x, y, bound, to);
    }

    private static void square(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(v).intoArray(y, i);
        }
        tail(Elementwise.Function.SQUARE, x, y, bound, to);
    }

    private static void sqrt(float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).sqrt().intoArray(y, i);
        }
        tail(Elementwise.Function.SQRT, x, y, bound, to);
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
            float q = b[bo];
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

    private static void addScalar(float[] a, int ao, float q, float[] out, int oo, int bound) {
        FloatVector qv = FloatVector.broadcast(S, q);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(qv).intoArray(out, oo + i);
        }
    }

    private static void subScalar(float[] a, int ao, float q, float[] out, int oo, int bound) {
        FloatVector qv = FloatVector.broadcast(S, q);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(qv).intoArray(out, oo + i);
        }
    }

    private static void mulScalar(float[] a, int ao, float q, float[] out, int oo, int bound) {
        FloatVector qv = FloatVector.broadcast(S, q);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(qv).intoArray(out, oo + i);
        }
    }

    private static void divScalar(float[] a, int ao, float q, float[] out, int oo, int bound) {
        FloatVector qv = FloatVector.broadcast(S, q);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(qv).intoArray(out, oo + i);
        }
    }

    /** {@link FastMath#exp} lane by lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        // t = 1.5 * 2^23 + n exactly, so its bits are those of ROUNDER plus n: the integer n
        // without a float-to-int conversion (which JDK 17 does not compile to vector code).
        IntVector n = t.reinterpretAsInts().sub(ROUNDER_BITS);
        FloatVector p = expReduced(xc, t.sub(ROUNDER));
        // 2^n as 2^n1 * 2^n2, each built from its exponent bits (n1 + 127) << 23. The helpers
        // here are small enough for C2 to inline; one left out of line would box its vectors.
        IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = n.sub(n1);
        FloatVector scale1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale1).mul(scale2);
    }

    /** FastMath's {@code expNormal} lane by lane: {@code xc} in {@code [EXP_NORMAL_MIN, EXP_MAX]}, one scale. */
    private static FloatVector expNormal(FloatVector xc) {
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        // (n + 127) << 23 straight from t's bits, as in exp; 2^128 comes out as +inf.
        FloatVector scale = t.reinterpretAsInts().sub(ROUNDER_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return expReduced(xc, t.sub(ROUNDER)).mul(scale);
    }

    /** FastMath's {@code expReduced} lane by lane: {@code e^r} for {@code r = xc - nf ln2}. */
    private static FloatVector expReduced(FloatVector xc, FloatVector nf) {
        FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(C7, C6);
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        FloatVector one = FloatVector.broadcast(S, 1f);
        p = p.fma(r, one);
        return p.fma(r, one);
    }

    /** {@link FastMath#sigmoid} lane by lane: {@code 1 / (1 + exp(-x))}. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(expNormal(x.neg().max(EXP_NORMAL_MIN).min(EXP_MAX))));
    }

    /** {@link FastMath#tanh} lane by lane: series below {@code TANH_SERIES}, else via exp. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector s = a.mul(a);
        FloatVector p = s.fma(T9, T7);
        p = p.fma(s, FloatVector.broadcast(S, T5));
        p = p.fma(s, FloatVector.broadcast(S, T3));
        FloatVector series = a.mul(s).fma(p, a);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector far = one.sub(FloatVector.broadcast(S, 2f).div(expNormal(a.mul(2f).min(EXP_MAX)).add(one)));
        FloatVector t = far.blend(series, a.lt(TANH_SERIES));
        IntVector sign = x.reinterpretAsInts().and(SIGN);
        return t.reinterpretAsInts().and(~SIGN).or(sign).reinterpretAsFloats();
    }
}
