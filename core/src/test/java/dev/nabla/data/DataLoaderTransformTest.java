package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DataLoaderTransformTest {

    /** 37 images (1, 4, 4): image i has pixels i + 1, ..., i + 16, label i % 5. */
    private static TensorDataset images() {
        float[] x = new float[37 * 16];
        int[] y = new int[37];
        for (int i = 0; i < 37; i++) {
            for (int k = 0; k < 16; k++) {
                x[16 * i + k] = i + k + 1;
            }
            y[i] = i % 5;
        }
        return new TensorDataset(Tensor.of(x, 37, 1, 4, 4), y);
    }

    private static final BatchTransform AUGMENT = Transforms.compose(Transforms.randomCrop(1),
            Transforms.horizontalFlip(0.5), Transforms.gaussianNoise(0.3f));

    private static List<float[]> inputs(Iterable<Batch> epoch) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : epoch) {
            out.add(b.inputs().toArray());
        }
        return out;
    }

    private static void assertSameBatches(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
    }

    @Test
    void prefetchGivesTheSameTransformedBatches() {
        DataLoader.Options o = DataLoader.Options.of(8).withShuffle(21).withTransform(AUGMENT);
        try (DataLoader plain = new DataLoader(images(), o);
                DataLoader ahead = new DataLoader(images(), o.withPrefetch(true))) {
            for (int epoch = 0; epoch < 3; epoch++) {
                assertSameBatches(inputs(plain.epoch(epoch)), inputs(ahead.epoch(epoch)));
            }
        }
    }

    @Test
    void resumingGivesTheSameTransformedBatches() {
        DataLoader.Options o = DataLoader.Options.of(8).withShuffle(21).withTransform(AUGMENT);
        try (DataLoader loader = new DataLoader(images(), o);
                DataLoader ahead = new DataLoader(images(), o.withPrefetch(true))) {
            List<float[]> all = inputs(loader.epoch(1));
            assertEquals(5, all.size());
            assertSameBatches(all.subList(3, 5), inputs(loader.epoch(1, 3)));
            assertSameBatches(all.subList(2, 5), inputs(ahead.epoch(1, 2)));
            // A fresh loader, nothing run before: epoch 1 from batch 3 is still the same.
            assertSameBatches(all.subList(3, 5), inputs(new DataLoader(images(), o).epoch(1, 3)));
        }
    }

    @Test
    void theTransformDrawsDependOnEpochAndBatch() {
        // The same example everywhere: only the generator can make batches differ.
        TensorDataset same = new TensorDataset(Tensor.ones(12, 1, 2, 2), new int[12]);
        DataLoader loader = new DataLoader(same,
                DataLoader.Options.of(4).withSeed(5).withTransform(Transforms.gaussianNoise(1f)));
        List<float[]> e0 = inputs(loader.epoch(0));
        List<float[]> e1 = inputs(loader.epoch(1));
        assertFalse(Arrays.equals(e0.get(0), e0.get(1)), "batches of one epoch differ");
        assertFalse(Arrays.equals(e0.get(0), e1.get(0)), "epochs differ");
        assertSameBatches(e0, inputs(loader.epoch(0)));
        List<float[]> otherSeed = inputs(new DataLoader(same,
                DataLoader.Options.of(4).withSeed(6).withTransform(Transforms.gaussianNoise(1f))).epoch(0));
        assertFalse(Arrays.equals(e0.get(0), otherSeed.get(0)), "the seed matters");
    }

    @Test
    void theTransformRunsWhereBatchesAreMadeWithoutRecording() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Boolean> recording = new CopyOnWriteArrayList<>();
        BatchTransform spy = (b, rng) -> {
            threads.add(Thread.currentThread().getName());
            recording.add(Autograd.isEnabled());
            return b;
        };
        DataLoader.Options o = DataLoader.Options.of(10).withTransform(spy);
        inputs(new DataLoader(images(), o).epoch(0));
        assertEquals(List.of(Thread.currentThread().getName()), threads.stream().distinct().toList());
        threads.clear();
        try (DataLoader ahead = new DataLoader(images(), o.withPrefetch(true))) {
            inputs(ahead.epoch(0));
        }
        assertEquals(List.of("nabla-dataloader-prefetch"), threads.stream().distinct().toList());
        assertEquals(8, recording.size());
        assertTrue(recording.stream().noneMatch(r -> r), "recording is off inside the transform");
        assertTrue(Autograd.isEnabled(), "and on again afterwards");
    }

    @Test
    void transformFailuresReachTheCaller() {
        BatchTransform bad = Transforms.normalize(new float[] {0, 0}, new float[] {1, 1}); // images have 1 channel
        for (boolean prefetch : new boolean[] {false, true}) {
            try (DataLoader loader = new DataLoader(images(),
                    DataLoader.Options.of(8).withPrefetch(prefetch).withTransform(bad))) {
                String m = assertThrows(IllegalArgumentException.class,
                        () -> loader.epoch(0).iterator().next()).getMessage();
                assertTrue(m.contains("Transforms.normalize"), m);
            }
        }
        DataLoader nulls = new DataLoader(images(), DataLoader.Options.of(8).withTransform((b, rng) -> null));
        String m = assertThrows(IllegalStateException.class, () -> nulls.epoch(0).iterator().next()).getMessage();
        assertTrue(m.contains("returned null for batch 0 of epoch 0"), m);
        assertThrows(IllegalArgumentException.class, () -> nulls.transformRng(-1, 0));
    }
}
