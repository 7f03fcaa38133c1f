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
 * <p>The caller guarantees that B's elements do not change while it passes the same instance
 * (the tensor layer keys it to a storage's version counter); the first call binds it to B's
 * array and layout, and a call with another is refused. The panels are the ones the kernels
 * would pack anyway, so results do not change. They take about 1.25 times B for each column
 * blocking GEMM uses (it depends on the product's rows and the thread count). Blocks of one
 * call may fill it concurrently. Implementations of {@link SimdKernels} that pack differently
 * may ignore it.
 */
public final class PackedPanels {

    private final ConcurrentHashMap<Long, float[]> slices = new ConcurrentHashMap<>();
    /** B's array (by identity hash, not kept alive) and layout, once bound. */
    private boolean bound;
    private int array;
    private boolean transB;
    private int k;
    private int n;
    private int bOff;
    private int ldb;

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

    /**
     * Binds these panels to one B on first use, and checks every later use against it.
     *
     * @throws IllegalArgumentException if B's array or layout differ from the first use's
     */
    synchronized void bind(float[] b, boolean transposed, int rows, int cols, int offset, int ld) {
        int id = System.identityHashCode(b);
        if (!bound) {
            bound = true;
            array = id;
            transB = transposed;
            k = rows;
            n = cols;
            bOff = offset;
            ldb = ld;
        } else if (id != array || transposed != transB || rows != k || cols != n || offset != bOff || ld != ldb) {
            throw new IllegalArgumentException(String.format("gemm: packedB holds the panels of another B (%s%d x %d,"
                    + " bOff=%d, ldb=%d); got %s%d x %d, bOff=%d, ldb=%d%s; pass a new PackedPanels for it",
                    transB ? "transposed " : "", k, n, bOff, ldb, transposed ? "transposed " : "", rows, cols, offset,
                    ld, id != array ? " in another array" : ""));
        }
    }

    /** @return the number of slices packed so far (for tests) */
    int size() {
        return slices.size();
    }
}
