package dev.nabla.core.kernels;

import java.lang.ref.SoftReference;

/**
 * A per-thread working array that kernels reuse between calls instead of allocating (and
 * zeroing) a large array each time; the JVM may reclaim it under memory pressure. Its contents
 * are garbage on return: a kernel must write every element it later reads. Not re-entrant: a
 * kernel must not hold one slot while calling code that uses the same slot on the same thread.
 */
final class Scratch {

    /** Patch matrices of the convolution kernels. */
    static final Scratch COL = new Scratch();

    private final ThreadLocal<SoftReference<float[]>> slot = new ThreadLocal<>();

    private Scratch() {
    }

    /**
     * @param size the number of floats needed
     * @return this thread's array of at least {@code size} floats, contents unspecified
     */
    float[] get(int size) {
        SoftReference<float[]> ref = slot.get();
        float[] a = ref == null ? null : ref.get();
        if (a == null || a.length < size) {
            a = new float[size];
            slot.set(new SoftReference<>(a));
        }
        return a;
    }
}
