package dev.nabla.core;

import dev.nabla.core.kernels.PackedPanels;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Decides when a matrix product may keep its right operand's packed panels for the next
 * products ({@link PackedPanels}): when the same storage, unchanged (its version counter is
 * the same), is multiplied by in the same layout for the {@link #SIGHTINGS}th time. So a
 * recurrent weight is packed a few times per sequence instead of once per step, and a
 * network's weights a few times per sampling run, while a weight that an optimizer changes
 * between uses (training) is never kept and costs one lookup per product.
 *
 * <p>Kept panels cost memory: about 1.25 times the operand per column blocking GEMM used, for
 * as long as the storage lives at that version. Their total is capped by the system property
 * {@code nabla.panelCacheMB} (default 256; 0 keeps none); past the cap, products pack afresh
 * as without this cache. Entries go with their storage (weak keys); an entry of an older
 * version drops its panels the next time its storage is seen.
 */
final class PanelCache {

    /**
     * The sighting from which panels are kept: a weight used two or three times at one version
     * (a GAN's discriminator on a real, a fake and a mixed batch) keeps none.
     */
    static final int SIGHTINGS = 4;
    /** Layouts remembered per storage: a weight is read as W^T forward and as W backward. */
    private static final int LAYOUTS = 4;
    private static final long BUDGET = budgetBytes();
    private static final Map<float[], Entry[]> ENTRIES = new WeakHashMap<>();

    /** One layout of one storage: its version when last seen, how often, and its panels once kept. */
    private static final class Entry {
        final long version;
        final boolean transposed;
        final int rows;
        final int cols;
        final int ld;
        int sightings = 1;
        PackedPanels panels;

        Entry(long version, boolean transposed, int rows, int cols, int ld) {
            this.version = version;
            this.transposed = transposed;
            this.rows = rows;
            this.cols = cols;
            this.ld = ld;
        }

        boolean matches(boolean t, int r, int c, int l) {
            return transposed == t && rows == r && cols == c && ld == l;
        }

        /** What the panels may take: about 1.25 times the operand, twice over for two blockings. */
        long bytes() {
            return panels == null ? 0 : 10L * rows * cols;
        }
    }

    private PanelCache() {
    }

    private static long budgetBytes() {
        String property = System.getProperty("nabla.panelCacheMB");
        if (property == null || property.isBlank()) {
            return 256L << 20;
        }
        try {
            long mb = Long.parseLong(property.trim());
            if (mb < 0) {
                throw new NumberFormatException();
            }
            return mb << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "nabla.panelCacheMB: expected a whole number of megabytes >= 0, got '" + property + "'", e);
        }
    }

    /**
     * The panels to pass for right operand {@code b} of a product, or {@code null} while this
     * storage has been seen fewer than {@link #SIGHTINGS} times at this version in this layout,
     * or when the cap would be passed.
     *
     * @param b the operand whose storage (from element 0) is B
     * @param transposed whether B is read transposed
     * @param k rows of op(B)
     * @param n columns of op(B)
     * @param ld B's leading dimension
     * @return panels to read and fill, or {@code null}
     */
    static PackedPanels panelsFor(Tensor b, boolean transposed, int k, int n, int ld) {
        if (BUDGET == 0) {
            return null;
        }
        float[] data = b.data();
        long version = b.version();
        synchronized (ENTRIES) {
            Entry[] entries = ENTRIES.computeIfAbsent(data, d -> new Entry[LAYOUTS]);
            int free = -1;
            for (int i = 0; i < entries.length; i++) {
                Entry e = entries[i];
                if (e != null && e.version != version) {
                    entries[i] = null; // an older version: its panels can never be read again
                    e = null;
                }
                if (e != null && e.matches(transposed, k, n, ld)) {
                    if (e.panels == null && ++e.sightings >= SIGHTINGS && fits(10L * k * n)) {
                        e.panels = new PackedPanels();
                    }
                    return e.panels;
                }
                if (free < 0 && e == null) {
                    free = i;
                }
            }
            entries[Math.max(free, 0)] = new Entry(version, transposed, k, n, ld);
            return null;
        }
    }

    /** Whether panels of about {@code bytes} more stay within the cap; called holding the lock. */
    private static boolean fits(long bytes) {
        long total = bytes;
        for (Entry[] entries : ENTRIES.values()) {
            for (Entry e : entries) {
                total += e == null ? 0 : e.bytes();
            }
        }
        return total <= BUDGET;
    }
}
