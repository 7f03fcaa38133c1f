package dev.nabla.core.kernels;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The packed panels of one GEMM operand B, kept from one call to the next, for a caller that
 * multiplies by the same unchanged matrix again: a recurrent weight over the steps of a
 * sequence, a network's weights over the steps of a sampler. Packing a transposed B (the
 * weight of {@code x @ W^T}) is a gather that costs about as much as the arithmetic of a
 * small batch; with this, the kernels pack each block of B once and read it afterwards.
 *
 * <p>The caller guarantees that B's elements and layout do not change while it passes the
 * same instance (the tensor layer keys it to a storage's version counter). The panels are the
 * ones the kernels would pack anyway, so results do not change. Blocks of one call may fill it
 * concurrently. Implementations of {@link SimdKernels} that pack differently may ignore it.
 */
public final class PackedPanels {

    private final ConcurrentHashMap<Long, float[]> slices = new ConcurrentHashMap<>();

    /** An empty set of panels, filled by the GEMM calls it is passed to. */
    public PackedPanels() {
    }

    /**
     * The packed slice with this key, made by {@code pack} on first use; for the
     * {@link SimdKernels} implementations.
     *
     * @param key the block's position in B and the k-slice, as the implementation encodes it
     * @param pack makes the slice
     * @return the slice; read only
     */
    public float[] slice(long key, Supplier<float[]> pack) {
        float[] s = slices.get(key);
        return s != null ? s : slices.computeIfAbsent(key, kk -> pack.get());
    }

    /** @return the number of slices packed so far (for tests) */
    int size() {
        return slices.size();
    }
}
