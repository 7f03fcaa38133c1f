package dev.nabla.core;

import dev.nabla.core.kernels.PackedPanels;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Decides when a matrix product may keep its right operand's packed panels for the next
 * product ({@link PackedPanels}): when the same storage, unchanged since (its version counter
 * is the same), is multiplied by in the same layout a second time. So a recurrent weight is
 * packed once per sequence instead of once per step, and a network's weights once per sampling
 * run, while a weight that an optimizer changes between uses (training) is never kept and costs
 * one lookup per product. Entries go with their storage (weak keys) and hold at most the
 * panels of a few layouts per storage.
 */
final class PanelCache {

    /** Layouts remembered per storage: a weight is read as W^T forward and as W backward. */
    private static final int LAYOUTS = 4;
    private static final Map<float[], Entry[]> ENTRIES = new WeakHashMap<>();

    /** One layout of one storage: its version when last seen, how often, and its panels once kept. */
    private static final class Entry {
        final long version;
        final boolean transposed;
        final int rows;
        final int cols;
        final int ld;
        PackedPanels panels;

        Entry(long version, boolean transposed, int rows, int cols, int ld) {
            this.version = version;
            this.transposed = transposed;
            this.rows = rows;
            this.cols = cols;
            this.ld = ld;
        }

        boolean matches(long v, boolean t, int r, int c, int l) {
            return version == v && transposed == t && rows == r && cols == c && ld == l;
        }
    }

    private PanelCache() {
    }

    /**
     * The panels to pass for right operand {@code b} of a product, or {@code null} the first
     * time this storage is seen at this version in this layout.
     *
     * @param b the operand whose storage (from element 0) is B
     * @param transposed whether B is read transposed
     * @param k rows of op(B)
     * @param n columns of op(B)
     * @param ld B's leading dimension
     * @return panels to read and fill, or {@code null}
     */
    static PackedPanels panelsFor(Tensor b, boolean transposed, int k, int n, int ld) {
        float[] data = b.data();
        long version = b.version();
        synchronized (ENTRIES) {
            Entry[] entries = ENTRIES.computeIfAbsent(data, d -> new Entry[LAYOUTS]);
            int free = -1;
            for (int i = 0; i < entries.length; i++) {
                Entry e = entries[i];
                if (e != null && e.matches(version, transposed, k, n, ld)) {
                    if (e.panels == null) {
                        e.panels = new PackedPanels();
                    }
                    return e.panels;
                }
                if (free < 0 && (e == null || e.version != version)) {
                    free = i;
                }
            }
            // First sight of this layout at this version: remember it, keep nothing yet. A
            // stale entry (an older version) makes room; else the first slot is replaced.
            entries[Math.max(free, 0)] = new Entry(version, transposed, k, n, ld);
            return null;
        }
    }
}
