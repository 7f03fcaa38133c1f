package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.data.Batch;
import dev.nabla.nn.Module;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    @Test
    void historyWriterKeepsCsvAndPngUpToDate() throws IOException {
        Fixture f = new Fixture(4);
        Path out = dir.resolve("run");
        Trainer trainer = f.trainer(new HistoryWriter(out, 400, 300));
        trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 2);
        assertEquals(trainer.history().toCsv(), Files.readString(out.resolve(HistoryWriter.CSV)));
        assertEquals(400, ImageIO.read(out.resolve(HistoryWriter.PNG).toFile()).getWidth());
    }

    @Test
    void aNonFiniteLossStopsNamingTheStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        Fixture f = new Fixture(2);
        AtomicInteger trainingCalls = new AtomicInteger();
        LossFunction poisoned = (Module model, Batch batch) -> {
            Tensor loss = Fixture.crossEntropy(model, batch);
            return model.isTraining() && trainingCalls.incrementAndGet() == 12 ? loss.mul(Float.NaN) : loss;
        };
        List<List<int[]>> afterEachStep = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, BatchResult batch) {
                afterEachStep.add(Fixture.bits(trainer.model()));
            }
        };
        ModelCheckpoint checkpoints = new ModelCheckpoint(new ModelCheckpoint.Options(dir, "val_loss", Mode.MIN, 0));
        Trainer trainer = new Trainer(f.model, f.optimizer, poisoned, Trainer.Options.defaults()
                .withScheduler(f.scheduler).withCallbacks(recorder, checkpoints).withProgressBar(false));

        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 3));
        assertEquals(12, e.step());
        assertTrue(e.getMessage().contains("NaN at step 12 (epoch 1, batch 3)"), e.getMessage());
        assertEquals(11, afterEachStep.size());
        Fixture.assertSameBits(afterEachStep.get(10), Fixture.bits(f.model));

        Checkpoint last = Checkpoint.read(checkpoints.lastFile());
        assertEquals(8, last.position().step(), "written at the end of epoch 0, not after the bad step");
        Fixture fresh = new Fixture(77);
        fresh.trainer().loadCheckpoint(checkpoints.lastFile());
        Fixture.assertSameBits(afterEachStep.get(7), Fixture.bits(fresh.model));
        assertTrue(Files.exists(checkpoints.bestFile()));
    }

    @Test
    void historyCsvAndPng() throws IOException {
        Fixture f = new Fixture(4);
        History h = f.trainer().fit(Fixture.trainLoader(false), Fixture.valLoader(), 3);
        Path csv = dir.resolve("history.csv");
        h.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("epoch,train_loss,val_loss,val_accuracy,lr,seconds", lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            EpochResult r = h.epochs().get(e);
            assertEquals(Integer.toString(e), cells[0]);
            assertEquals(r.trainLoss(), Double.parseDouble(cells[1]));
            assertEquals(r.valLoss(), Double.parseDouble(cells[2]));
            double accuracy = Double.parseDouble(cells[3]);
            assertTrue(accuracy >= 0 && accuracy <= 1 && accuracy * 32 == Math.rint(accuracy * 32), cells[3]);
            assertEquals(r.lr(), Double.parseDouble(cells[4]));
            assertTrue(Double.parseDouble(cells[5]) >= 0);
        }
        assertTrue(h.column("train_loss")[2] < h.column("train_loss")[0], "the loss falls");
        // The Adam rate decays by 0.7 every 5 steps: after epoch 0 (8 steps) it is 0.02 * 0.7.
        assertEquals(0.02 * 0.7, h.column("lr")[0], 1e-15);

        Path png = dir.resolve("history.png");
        h.plot(png, 640, 480);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "a PNG of " + bytes.length + " bytes");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
        var image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        assertThrows(IllegalArgumentException.class, () -> h.plot(png, 10, 480));
    }

    @Test
    void historyCsvRoundTrips() {
        History h = new History();
        h.add(new EpochResult(0, 1.25, Double.NaN, Map.of("acc", 0.1), 0.001, 2.5));
        h.add(new EpochResult(1, 0.1 + 0.2, 0.7, Map.of("acc", 1.0 / 3), 1e-4, 2.25));
        History back = History.fromCsv(h.toCsv());
        assertEquals(h.epochs(), back.epochs());
        assertThrows(IllegalArgumentException.class,
                () -> h.add(new EpochResult(2, 1, 1, Map.of("other", 1.0), 0.1, 1)));
        assertThrows(IllegalArgumentException.class, () -> History.fromCsv("epoch,loss\n0,1\n"));
    }

    /** Runs one epoch of the fixture with a progress bar on a captured stream and returns what it drew. */
    private static String progressOutput(java.util.function.LongSupplier clock, int epochs, Callback... more) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Fixture f = new Fixture(4);
        List<Callback> callbacks = new ArrayList<>(List.of(more));
        callbacks.add(0, new ProgressBarCallback(out, clock));
        new Trainer(f.model, f.optimizer, Fixture::crossEntropy, Trainer.Options.defaults().withProgressBar(false)
                .withCallbacks(callbacks.toArray(new Callback[0]))).fit(Fixture.trainLoader(false), null, epochs);
        out.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void progressBarShowsTheLiveLossTheEtaAndTheThroughputInExamplesPerSecond() {
        // A clock that advances a quarter of a second at each reading: the bar reads it when the
        // epoch begins and after each batch of 8 examples, so 8 examples per 0.25 s = 32 examples/s
        // (4 batches/s: a rate per batch would read 4.0).
        AtomicLong now = new AtomicLong();
        String text = progressOutput(() -> now.getAndAdd(250_000_000L), 1);
        assertTrue(text.contains("epoch 1/1") && text.contains("8/8") && text.contains(" loss "), text);
        assertTrue(text.contains(", 32 ex/s"), text);
        assertTrue(text.matches("(?s).*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), "elapsed / ETA: " + text);
        assertEquals(" loss 0.5000, 13 ex/s", ProgressBarCallback.message(0.5, 25, 2_000_000_000L));
        assertEquals(" loss 0.5000", ProgressBarCallback.message(0.5, 25, 0), "no rate before time has passed");
    }

    @Test
    void badArguments() {
        Fixture f = new Fixture(4);
        Trainer t = f.trainer();
        assertThrows(IllegalArgumentException.class, () -> t.fit(Fixture.trainLoader(false), null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Metric("val accuracy", (m, b) -> 0));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping.Options("val_loss", Mode.MIN, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping.Options("val_loss", Mode.MIN, 1, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint.Options(dir, "val_loss", Mode.MIN, -1));
        EarlyStopping unknown = new EarlyStopping(new EarlyStopping.Options("nope", Mode.MIN, 1, 0, true));
        Trainer withUnknown = new Trainer(f.model, f.optimizer, Fixture::crossEntropy,
                Trainer.Options.defaults().withCallbacks(unknown).withProgressBar(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withUnknown.fit(Fixture.trainLoader(false), null, 1));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void aNonFiniteLossPutsBackTheBuffersAndGeneratorsTheForwardPassChanged() {
        Rng rng = new Rng(3);
        Module model = new dev.nabla.nn.Sequential(new dev.nabla.nn.layers.BatchNorm1d(Fixture.FEATURES),
                new dev.nabla.nn.layers.Dropout(0.5f, rng.split()), new dev.nabla.nn.layers.Linear(Fixture.FEATURES,
                Fixture.CLASSES, rng));
        dev.nabla.optim.Adam adam = new dev.nabla.optim.Adam(model.parameters(), dev.nabla.optim.Adam.Options.defaults());
        AtomicInteger calls = new AtomicInteger();
        LossFunction poisoned = (Module m, Batch batch) -> {
            Tensor loss = Fixture.crossEntropy(m, batch);
            return m.isTraining() && calls.incrementAndGet() == 3 ? loss.mul(Float.NaN) : loss;
        };
        List<float[]> buffersBefore = new ArrayList<>();
        List<long[]> rngBefore = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, BatchResult batch) {
                buffersBefore.clear();
                trainer.model().buffers().forEach(t -> buffersBefore.add(t.toArray()));
                rngBefore.clear();
                trainer.rngs().values().forEach(r -> rngBefore.add(r.state()));
            }
        };
        Trainer trainer = new Trainer(model, adam, poisoned, Trainer.Options.defaults().withCallbacks(recorder)
                .withProgressBar(false));
        assertThrows(NonFiniteLossException.class, () -> trainer.fit(Fixture.trainLoader(false), null, 1));
        // After step 2 (the last good one) the running statistics and the dropout generator
        // were as recorded; the failed step 3 ran a forward pass, and must have changed nothing.
        List<Tensor> buffers = model.buffers();
        for (int i = 0; i < buffers.size(); i++) {
            assertArrayEquals(buffersBefore.get(i), buffers.get(i).toArray(), "buffer " + i);
        }
        List<long[]> rngNow = new ArrayList<>();
        trainer.rngs().values().forEach(r -> rngNow.add(r.state()));
        for (int i = 0; i < rngNow.size(); i++) {
            assertArrayEquals(rngBefore.get(i), rngNow.get(i), "generator " + i);
        }
    }

    @Test
    void aResumedRunKeepsTheBestCheckpointUntilSomethingBetterComes() throws IOException {
        Fixture f = new Fixture(5);
        ModelCheckpoint first = new ModelCheckpoint(new ModelCheckpoint.Options(dir, "val_loss", Mode.MIN, 0));
        f.trainer(first).fit(Fixture.trainLoader(false), Fixture.valLoader(), 2);
        double best = first.best();
        byte[] bestBytes = Files.readAllBytes(first.bestFile());

        // A new process resumes from the last checkpoint, with weights ruined on purpose: its
        // next epoch is far worse than the best so far, and must not replace the best file.
        Fixture resumed = new Fixture(6);
        ModelCheckpoint second = new ModelCheckpoint(new ModelCheckpoint.Options(dir, "val_loss", Mode.MIN, 0));
        Trainer trainer = resumed.trainer(second);
        trainer.loadCheckpoint(first.lastFile());
        try (dev.nabla.core.Autograd.Scope scope = dev.nabla.core.Autograd.noGrad()) {
            resumed.model.parameters().forEach(p -> p.mulInPlace(40f));
        }
        trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 3);
        assertEquals(best, second.best());
        assertArrayEquals(bestBytes, Files.readAllBytes(second.bestFile()));
    }

    @Test
    void aPlateauScheduleHalvesTheRateAfterEachEpochWithoutImprovementAndResumes() {
        Fixture f = new Fixture(9);
        // A relative threshold of 10 counts no epoch as an improvement: v < best (1 - 10) fails
        // even against the initial best of +inf (inf * -9 = -inf), as in PyTorch, so each of the
        // three epochs halves the rate.
        dev.nabla.optim.schedule.ReduceLrOnPlateau plateau = new dev.nabla.optim.schedule.ReduceLrOnPlateau(
                f.optimizer, new dev.nabla.optim.schedule.ReduceLrOnPlateau.Options(
                        dev.nabla.optim.schedule.ReduceLrOnPlateau.Mode.MIN, 0.5, 0, 10,
                        dev.nabla.optim.schedule.ReduceLrOnPlateau.ThresholdMode.REL, 0, 0, 1e-8));
        PlateauSchedule schedule = new PlateauSchedule(plateau, EpochResult.VAL_LOSS);
        Trainer trainer = new Trainer(f.model, f.optimizer, Fixture::crossEntropy,
                Trainer.Options.defaults().withCallbacks(schedule).withProgressBar(false));
        trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 3);
        assertEquals(0.02 * 0.125, f.optimizer.lr(0), 1e-12);

        PlateauSchedule copy = new PlateauSchedule(new dev.nabla.optim.schedule.ReduceLrOnPlateau(
                new Fixture(10).optimizer, plateau.options()), EpochResult.VAL_LOSS);
        copy.loadState(trainer, schedule.state());
        assertEquals(schedule.state(), copy.state());
    }
}
