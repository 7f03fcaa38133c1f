package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import dev.nabla.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void resumingAfterAnInterruptionIsBitExact() throws IOException {
        Fixture straight = new Fixture(7);
        History full = straight.trainer().fit(Fixture.trainLoader(false), Fixture.valLoader(), 3);
        List<int[]> expected = Fixture.bits(straight.model);

        // 8 batches per epoch: step 11 stops inside epoch 1, after its batch 2.
        Fixture first = new Fixture(7);
        Trainer interrupted = first.trainer(Fixture.stopAt(11));
        interrupted.fit(Fixture.trainLoader(true), Fixture.valLoader(), 3);
        assertEquals(1, interrupted.epoch());
        assertEquals(3, interrupted.batch());
        Path file = dir.resolve("ckpt.safetensors");
        interrupted.saveCheckpoint(file, Map.of("note", "interrupted"));

        Fixture second = new Fixture(12345); // other initial weights and dropout generators: all restored
        Trainer resumed = second.trainer();
        assertEquals(Map.of("note", "interrupted"), resumed.loadCheckpoint(file));
        History after = resumed.fit(Fixture.trainLoader(false), Fixture.valLoader(), 3);

        Fixture.assertSameBits(expected, Fixture.bits(second.model));
        assertEquals(24, resumed.step());
        assertEquals(3, after.size());
        for (String column : List.of("train_loss", "val_loss", "val_accuracy", "lr")) {
            assertArrayEquals(full.column(column), after.column(column), column);
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousCheckpointIntactAndLoadable() throws IOException {
        Fixture f = new Fixture(3);
        Trainer trainer = f.trainer(Fixture.stopAt(5));
        trainer.fit(Fixture.trainLoader(false), null, 2);
        Path file = dir.resolve("last.safetensors");
        trainer.saveCheckpoint(file, Map.of());
        byte[] good = Files.readAllBytes(file);
        List<int[]> savedWeights = Fixture.bits(f.model);

        Trainer more = f.trainer(Fixture.stopAt(9));
        more.restore(trainer.checkpoint(Map.of()));
        more.fit(Fixture.trainLoader(false), null, 2);
        // An interrupt makes the file channel fail on its first write, after the temporary file
        // exists: a write that dies part-way.
        Thread.currentThread().interrupt();
        try {
            assertThrows(IOException.class, () -> more.saveCheckpoint(file, Map.of()));
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(good, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }

        // A crash can also leave a half-written temporary file beside the checkpoint.
        Files.write(dir.resolve(".last.safetensors12345.tmp"), Arrays.copyOf(good, good.length / 2));
        Fixture fresh = new Fixture(99);
        Trainer loaded = fresh.trainer();
        loaded.loadCheckpoint(file);
        assertEquals(5, loaded.step());
        Fixture.assertSameBits(savedWeights, Fixture.bits(fresh.model));
    }

    @Test
    void aTruncatedCheckpointIsRefusedAndChangesNothing() throws IOException {
        Fixture f = new Fixture(3);
        Trainer trainer = f.trainer(Fixture.stopAt(4));
        trainer.fit(Fixture.trainLoader(false), null, 1);
        Path file = dir.resolve("c.safetensors");
        trainer.saveCheckpoint(file, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));

        Fixture other = new Fixture(8);
        Trainer t = other.trainer();
        List<int[]> before = Fixture.bits(other.model);
        IOException e = assertThrows(IOException.class, () -> t.loadCheckpoint(cut));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
        Fixture.assertSameBits(before, Fixture.bits(other.model));
        assertEquals(0, t.step());
    }

    @Test
    void optimizerStateSurvivesTheRoundTrip() throws IOException {
        Fixture f = new Fixture(5);
        Trainer trainer = f.trainer(Fixture.stopAt(6));
        trainer.fit(Fixture.trainLoader(false), null, 1);
        OptimizerState saved = f.optimizer.stateDict();
        assertFalse(saved.tensors().isEmpty());
        Path file = dir.resolve("o.safetensors");
        trainer.saveCheckpoint(file, Map.of());

        Checkpoint read = Checkpoint.read(file);
        assertEquals(saved.scalars(), read.optimizer().scalars());
        assertEquals(saved.tensors().keySet(), read.optimizer().tensors().keySet());
        for (Map.Entry<String, Tensor> e : saved.tensors().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), read.optimizer().tensors().get(e.getKey()).toArray(), e.getKey());
        }
        assertEquals(f.scheduler.stateDict(), read.scheduler());
        assertEquals(6, read.position().step());

        Fixture other = new Fixture(6);
        other.trainer().loadCheckpoint(file);
        OptimizerState restored = other.optimizer.stateDict();
        assertEquals(saved.scalars(), restored.scalars());
        for (Map.Entry<String, Tensor> e : saved.tensors().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), restored.tensors().get(e.getKey()).toArray(), e.getKey());
        }
        assertEquals(f.optimizer.lr(0), other.optimizer.lr(0));
        assertNotEquals(0.02, other.optimizer.lr(0), "the schedule's rate, not the initial one");
    }

    @Test
    void aCheckpointForAnotherRunIsRefused() throws IOException {
        Fixture f = new Fixture(5);
        Trainer trainer = f.trainer(Fixture.stopAt(2));
        trainer.fit(Fixture.trainLoader(false), null, 1);
        Path file = dir.resolve("x.safetensors");
        trainer.saveCheckpoint(file, Map.of());
        Fixture plain = new Fixture(5);
        Trainer noScheduler = new Trainer(plain.model, plain.optimizer, Fixture::crossEntropy,
                Trainer.Options.defaults().withProgressBar(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> noScheduler.loadCheckpoint(file));
        assertTrue(e.getMessage().contains("scheduler"), e.getMessage());
    }
}
