package dev.nabla.nn.dist;

import dev.nabla.core.Arithmetic;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/** Shape arithmetic and checks shared by the distributions. */
final class Support {

    static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));

    private Support() {
    }

    /** @return {@code a + b} as sizes */
    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Checks that the sample sizes are non-negative and returns {@code sampleShape + batch + event}. */
    static int[] sampleShape(String name, int[] sampleShape, Shape batch, Shape event) {
        for (int s : sampleShape) {
            if (s < 0) {
                throw new IllegalArgumentException(name + ": sample shape " + Arrays.toString(sampleShape)
                        + " has a negative size");
            }
        }
        return concat(concat(sampleShape, batch.toArray()), event.toArray());
    }

    /** @return {@code t} broadcast (copied) to {@code shape}, or {@code t} itself if it has that shape */
    static Tensor expandTo(Tensor t, Shape shape) {
        return t.shape().equals(shape) ? t : t.broadcastTo(shape);
    }

    /** Broadcast shape of two parameters, with an error naming the distribution. */
    static Shape broadcast(String name, String a, Tensor x, String b, Tensor y) {
        return broadcast(name, a, x.shape(), b, y.shape());
    }

    /** Broadcast shape of two shapes (no tensor is allocated to check them), with an error naming the distribution. */
    static Shape broadcast(String name, String a, Shape x, String b, Shape y) {
        try {
            return Shape.broadcast(name, x, y);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + a + " of shape " + x + " and " + b + " of shape "
                    + y + " do not broadcast", e);
        }
    }

    /** Throws unless every entry satisfies the test. */
    static void require(String name, String what, Tensor t, java.util.function.DoublePredicate ok, String expected) {
        if (t == null) {
            throw new IllegalArgumentException(name + ": " + what + " must not be null");
        }
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!ok.test(v[i])) {
                throw new IllegalArgumentException(name + ": " + what + " must be " + expected + ", got " + v[i]
                        + " at flat index " + i + " of shape " + t.shape());
            }
        }
    }

    /** log(p) with log(0) = -inf whose gradient is 0 (not NaN) at p = 0. */
    static Tensor safeLog(Tensor p) {
        Tensor positive = p.gt(0f);
        Tensor safe = Arithmetic.where(positive, p, Tensor.scalar(1f));
        return Arithmetic.where(positive, safe.log(), Tensor.scalar(Float.NEGATIVE_INFINITY));
    }

    /** p * a with 0 wherever p = 0 (so 0 * -inf = 0), gradient 0 there. */
    static Tensor mulZeroSafe(Tensor p, Tensor a) {
        Tensor positive = p.gt(0f);
        Tensor safeA = Arithmetic.where(positive, a, Tensor.scalar(0f));
        return Arithmetic.where(positive, p.mul(safeA), Tensor.scalar(0f));
    }
}
