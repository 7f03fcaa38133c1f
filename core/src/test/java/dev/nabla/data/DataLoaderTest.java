package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** Ten examples of two features: row i is (i, 10 i), label i % 3. */
    private static TensorDataset ten() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i % 3;
        }
        return new TensorDataset(Tensor.of(x, 10, 2), y);
    }

    /** The example indices of each batch, read back from the first feature. */
    private static List<int[]> rows(Iterable<Batch> epoch) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : epoch) {
            float[] x = b.inputs().toArray();
            int[] r = new int[b.size()];
            for (int k = 0; k < r.length; k++) {
                r[k] = (int) x[2 * k];
                assertEquals(10f * r[k], x[2 * k + 1]);
                assertEquals(r[k] % 3, b.labels()[k]);
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void inOrderWithoutShuffle() {
        try (DataLoader loader = new DataLoader(ten(), DataLoader.Options.of(4))) {
            List<int[]> batches = rows(loader.epoch(0));
            assertEquals(3, batches.size());
            assertArrayEquals(new int[] {0, 1, 2, 3}, batches.get(0));
            assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1));
            assertArrayEquals(new int[] {8, 9}, batches.get(2));
            assertArrayEquals(new int[] {4, 2}, loader.epoch(0).iterator().next().inputs().shape().toArray());
        }
    }

    @Test
    void dropLastCounts() {
        try (DataLoader loader = new DataLoader(ten(), DataLoader.Options.of(3).withDropLast(true))) {
            List<int[]> batches = rows(loader.epoch(0));
            assertEquals(3, batches.size());
            batches.forEach(b -> assertEquals(3, b.length));
        }
        assertEquals(4, new DataLoader(ten(), DataLoader.Options.of(3)).batchCount());
        assertEquals(0, new DataLoader(ten(), DataLoader.Options.of(11).withDropLast(true)).batchCount());
        assertEquals(1, new DataLoader(ten(), DataLoader.Options.of(10).withDropLast(true)).batchCount());
    }

    @Test
    void shuffleIsAPermutationNewEachEpochAndSeeded() {
        DataLoader a = new DataLoader(ten(), DataLoader.Options.of(4).withShuffle(7));
        DataLoader b = new DataLoader(ten(), DataLoader.Options.of(4).withShuffle(7));
        DataLoader c = new DataLoader(ten(), DataLoader.Options.of(4).withShuffle(8));
        int[] e0 = flatten(rows(a.epoch(0)));
        int[] e1 = flatten(rows(a.epoch(1)));
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(e0, e1), "each epoch gets a new order");
        assertArrayEquals(e0, flatten(rows(b.epoch(0))), "same seed, same order");
        assertArrayEquals(e1, flatten(rows(b.epoch(1))));
        assertArrayEquals(e1, flatten(rows(a.epoch(1))), "an epoch's order does not depend on what ran before");
        assertFalse(Arrays.equals(e0, flatten(rows(c.epoch(0)))), "another seed, another order");
        assertArrayEquals(e0, a.order(0));
    }

    @Test
    void resumingInsideAnEpochGivesTheRemainingBatches() {
        DataLoader loader = new DataLoader(ten(), DataLoader.Options.of(3).withShuffle(3));
        List<int[]> all = rows(loader.epoch(2));
        List<int[]> tail = rows(loader.epoch(2, 2));
        assertEquals(2, tail.size());
        assertArrayEquals(all.get(2), tail.get(0));
        assertArrayEquals(all.get(3), tail.get(1));
        assertFalse(loader.epoch(2, 4).iterator().hasNext());
    }

    @Test
    void prefetchGivesTheSameBatchesInTheSameOrder() {
        float[] x = new float[2 * 1000];
        int[] y = new int[1000];
        for (int i = 0; i < 1000; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i % 3;
        }
        TensorDataset big = new TensorDataset(Tensor.of(x, 1000, 2), y);
        DataLoader.Options opts = DataLoader.Options.of(7).withShuffle(11);
        try (DataLoader plain = new DataLoader(big, opts);
             DataLoader ahead = new DataLoader(big, opts.withPrefetch(true))) {
            for (int epoch = 0; epoch < 3; epoch++) {
                List<int[]> p = rows(plain.epoch(epoch));
                List<int[]> q = rows(ahead.epoch(epoch));
                assertEquals(p.size(), q.size());
                for (int i = 0; i < p.size(); i++) {
                    assertArrayEquals(p.get(i), q.get(i));
                }
            }
            Iterator<Batch> abandoned = ahead.epoch(0).iterator();
            abandoned.next(); // left half-read: the next iteration and close() must stop its worker
            assertEquals(143, rows(ahead.epoch(1)).size());
            // The abandoned iterator still has batches to give, but its worker is gone: it must
            // refuse in words rather than wait forever for a batch that will never come.
            assertTrue(abandoned.hasNext());
            IllegalStateException e = assertThrows(IllegalStateException.class, abandoned::next);
            assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        }
    }

    @Test
    void prefetchRethrowsAFailure() {
        Dataset<Integer> failing = new Dataset<>() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public Integer get(int index) {
                if (index == 3) {
                    throw new IllegalStateException("broken example 3");
                }
                return index;
            }
        };
        try (DataLoader loader = new DataLoader(failing,
                items -> Batch.classification(Tensor.zeros(items.size(), 1),
                        items.stream().mapToInt(Integer::intValue).toArray()),
                DataLoader.Options.of(2).withPrefetch(true))) {
            Iterator<Batch> it = loader.epoch(0).iterator();
            assertArrayEquals(new int[] {0, 1}, it.next().labels());
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertEquals("broken example 3", e.getMessage());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void regressionBatchesCarryTargets() {
        TensorDataset ds = new TensorDataset(Tensor.arange(6).reshape(3, 2), Tensor.of(new float[] {5, 6, 7}, 3, 1));
        Batch b = ds.batch(new int[] {2, 0});
        assertFalse(b.hasLabels());
        assertArrayEquals(new float[] {4, 5, 0, 1}, b.inputs().toArray());
        assertArrayEquals(new float[] {7, 5}, b.targets().toArray());
        assertArrayEquals(new int[] {1, 2}, ds.get(1).inputs().shape().toArray());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> DataLoader.Options.of(0));
        DataLoader loader = new DataLoader(ten(), DataLoader.Options.of(4));
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(-1));
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(0, 4));
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(0, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(3, 2), new int[2]));
        assertTrue(e.getMessage().contains("2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(2, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> ten().get(10));
        assertThrows(IllegalArgumentException.class, () -> Batch.classification(Tensor.zeros(2, 1), new int[3]));
        assertThrows(IllegalArgumentException.class, () -> new Batch(Tensor.zeros(2, 1), new int[2],
                Tensor.zeros(2, 1)));
        assertNotEquals(0, loader.batchCount());
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
