package dev.nabla.core.kernels;

/**
 * The hot elementwise kernels, each with a loop of its own: the common unary functions of
 * deep learning and the four arithmetic operators. A loop that calls a function object per
 * element (as {@link Pointwise#map} does for the rarer ops) cannot be vectorised and costs a
 * call per element; the loops here are plain arithmetic over arrays. The transcendental
 * functions come from {@link FastMath}. Work is split into fixed chunks, so results never
 * depend on the thread count.
 */
public final class Elementwise {

    /** Unary functions with a dedicated kernel. */
    public enum Function {
        /** {@code e^x} ({@link FastMath#exp}). */
        EXP,
        /** {@code 1 / (1 + e^-x)} ({@link FastMath#sigmoid}). */
        SIGMOID,
        /** {@code tanh x} ({@link FastMath#tanh}). */
        TANH,
        /** {@code x sigmoid(x)}. */
        SILU,
        /** {@code max(x, 0)}. */
        RELU,
        /** {@code -x}. */
        NEG,
        /** {@code x^2}. */
        SQUARE,
        /** {@code sqrt x}. */
        SQRT,
        /** {@code ln x}. */
        LOG,
        /** {@code x > 0 ? 1 : 0}, the step that is ReLU's derivative (0 at 0 and at NaN). */
        STEP
    }

    /** The arithmetic operators with dedicated kernels. */
    public enum Operator {
        /** {@code a + b}. */
        ADD,
        /** {@code a - b}. */
        SUB,
        /** {@code a * b}. */
        MUL,
        /** {@code a / b}. */
        DIV
    }

    /** Elements per parallel chunk; below one chunk the work stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    private Elementwise() {
    }

    /**
     * {@code y[i] = f(x[i])} for {@code i < n}; {@code y} may be {@code x}.
     *
     * @param f the function
     * @param x input, read
     * @param y output, written
     * @param n element count
     */
    public static void map(Function f, float[] x, float[] y, int n) {
        Parallel.forChunks(n, GRAIN, Simd.kernels().mapper(f, x, y));
    }

    /** The scalar loops: {@code y[i] = f(x[i])} for {@code from <= i < to}. */
    static void mapRange(Function f, float[] x, float[] y, int from, int to) {
        switch (f) {
            case EXP -> exp(x, y, from, to);
            case SIGMOID -> sigmoid(x, y, from, to);
            case TANH -> tanh(x, y, from, to);
            case SILU -> silu(x, y, from, to);
            case RELU -> relu(x, y, from, to);
            case NEG -> neg(x, y, from, to);
            case SQUARE -> square(x, y, from, to);
            case SQRT -> sqrt(x, y, from, to);
            case LOG -> log(x, y, from, to);
            case STEP -> step(x, y, from, to);
            default -> throw new AssertionError(f);
        }
    }

    private static void exp(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = FastMath.exp(x[i]);
        }
    }

    private static void sigmoid(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = FastMath.sigmoid(x[i]);
        }
    }

    private static void tanh(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = FastMath.tanh(x[i]);
        }
    }

    private static void silu(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            y[i] = v * FastMath.sigmoid(v);
        }
    }

    private static void relu(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    private static void step(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = x[i] > 0 ? 1f : 0f;
        }
    }

    private static void neg(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = -x[i];
        }
    }

    private static void square(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = x[i] * x[i];
        }
    }

    private static void sqrt(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = (float) Math.sqrt(x[i]);
        }
    }

    private static void log(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = (float) Math.log(x[i]);
        }
    }

    /**
     * One row of a broadcasting binary op: {@code out[oo + i] = a[ao + i as] op b[bo + i bs]}
     * for {@code i < len}; strides are 1 (contiguous), 0 (broadcast) or anything else.
     */
    static void row(Operator op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int len) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] + b[bo + i];
                    }
                }
                case SUB -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] - b[bo + i];
                    }
                }
                case MUL -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] * b[bo + i];
                    }
                }
                default -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] / b[bo + i];
                    }
                }
            }
        } else if (as == 1 && bs == 0) {
            float v = b[bo];
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] + v;
                    }
                }
                case SUB -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] - v;
                    }
                }
                case MUL -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] * v;
                    }
                }
                default -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] / v;
                    }
                }
            }
        } else {
            for (int i = 0; i < len; i++) {
                out[oo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
            }
        }
    }

    /** @return {@code p op q} */
    private static float apply(Operator op, float p, float q) {
        return switch (op) {
            case ADD -> p + q;
            case SUB -> p - q;
            case MUL -> p * q;
            case DIV -> p / q;
        };
    }
}
