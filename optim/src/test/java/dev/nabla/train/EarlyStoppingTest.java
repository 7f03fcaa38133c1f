package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping: patience, minimum delta, restoring the best weights, and its state across a resume. */
class EarlyStoppingTest {

    @TempDir
    Path dir;

    /** A metric that reports a fixed sequence, one value per epoch (the validation set is one batch). */
    static Metric scripted(double... values) {
        AtomicInteger calls = new AtomicInteger();
        return new Metric("score", (model, batch) -> values[calls.getAndIncrement()]);
    }

    /** Snapshots every parameter at each epoch end. */
    private static final class Snapshots implements Callback {
        final List<List<int[]>> byEpoch = new ArrayList<>();

        @Override
        public void onEpochEnd(Trainer trainer, EpochResult result) {
            byEpoch.add(Fixture.bits(trainer.model()));
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Fixture f = new Fixture(1);
        // Best at epoch 2 (0.5); epochs 3 and 4 do not beat it by more than minDelta = 0.1.
        EarlyStopping stopping = new EarlyStopping(new EarlyStopping.Options("score", Mode.MIN, 2, 0.1, true));
        Snapshots snapshots = new Snapshots();
        Trainer trainer = new Trainer(f.model, f.optimizer, Fixture::crossEntropy, Trainer.Options.defaults()
                .withMetrics(scripted(3, 2, 0.5, 0.45, 0.6, 0.1, 0.1))
                .withCallbacks(snapshots, stopping).withProgressBar(false));
        History h = trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 7);

        assertEquals(5, h.size(), "stopped after epoch 4 of 7");
        assertArrayEquals(new double[] {3, 2, 0.5, 0.45, 0.6}, h.column("score"));
        assertEquals(2, stopping.bestEpoch());
        assertEquals(4, stopping.stoppedEpoch());
        assertTrue(trainer.stopRequested());
        Fixture.assertSameBits(snapshots.byEpoch.get(2), Fixture.bits(f.model));
        assertFalse(Arrays.equals(snapshots.byEpoch.get(4).get(0), Fixture.bits(f.model).get(0)));
    }

    @Test
    void earlyStoppingWithoutRestoreKeepsTheLastWeights() {
        Fixture f = new Fixture(1);
        EarlyStopping stopping = new EarlyStopping(new EarlyStopping.Options("score", Mode.MAX, 1, 0, false));
        Snapshots snapshots = new Snapshots();
        Trainer trainer = new Trainer(f.model, f.optimizer, Fixture::crossEntropy, Trainer.Options.defaults()
                .withMetrics(scripted(0.5, 0.9, 0.8, 0.95)).withCallbacks(snapshots, stopping).withProgressBar(false));
        assertEquals(3, trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 4).size());
        Fixture.assertSameBits(snapshots.byEpoch.get(2), Fixture.bits(f.model));
    }

    @Test
    void earlyStoppingDoesNotRestoreWhenAnotherCallbackInterruptsTheEpoch() {
        Fixture f = new Fixture(1);
        EarlyStopping stopping = new EarlyStopping(new EarlyStopping.Options("score", Mode.MIN, 5, 0, true));
        Snapshots snapshots = new Snapshots();
        List<List<int[]>> afterStep = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, BatchResult batch) {
                afterStep.add(Fixture.bits(trainer.model()));
            }
        };
        Trainer trainer = new Trainer(f.model, f.optimizer, Fixture::crossEntropy, Trainer.Options.defaults()
                .withMetrics(scripted(1, 2, 3)).withCallbacks(snapshots, stopping, recorder, Fixture.stopAt(20))
                .withProgressBar(false));
        trainer.fit(Fixture.trainLoader(true), Fixture.valLoader(), 3);
        assertEquals(2, trainer.history().size());
        assertEquals(4, trainer.batch());
        assertEquals(0, stopping.bestEpoch());
        assertEquals(-1, stopping.stoppedEpoch());
        Fixture.assertSameBits(afterStep.get(19), Fixture.bits(f.model));
        assertFalse(Arrays.equals(snapshots.byEpoch.get(0).get(0), Fixture.bits(f.model).get(0)));
    }

    @Test
    void earlyStoppingKeepsItsPatienceAcrossAResume() throws IOException {
        Fixture f = new Fixture(7);
        EarlyStopping patience = new EarlyStopping(new EarlyStopping.Options(EpochResult.VAL_LOSS, Mode.MIN, 3, 0, true));
        ModelCheckpoint checkpoints = new ModelCheckpoint(new ModelCheckpoint.Options(dir, "val_loss", Mode.MIN, 0));
        f.trainer(patience, checkpoints).fit(Fixture.trainLoader(false), Fixture.valLoader(), 2);

        Fixture resumed = new Fixture(8);
        EarlyStopping again = new EarlyStopping(new EarlyStopping.Options(EpochResult.VAL_LOSS, Mode.MIN, 3, 0, true));
        Trainer trainer = resumed.trainer(again, new ModelCheckpoint(
                new ModelCheckpoint.Options(dir, "val_loss", Mode.MIN, 0)));
        trainer.loadCheckpoint(checkpoints.lastFile());
        assertEquals(patience.best(), again.best());
        assertEquals(patience.bestEpoch(), again.bestEpoch());
        assertEquals(patience.state().values(), again.state().values());
    }

    /** A trainer on {@code f} with its scheduler, a scripted score and these callbacks. */
    private static Trainer scriptedTrainer(Fixture f, Metric score, Callback... callbacks) {
        return new Trainer(f.model, f.optimizer, Fixture::crossEntropy, Trainer.Options.defaults()
                .withScheduler(f.scheduler).withMetrics(score).withCallbacks(callbacks).withProgressBar(false));
    }

    private static EarlyStopping restoringAfter(int patience) {
        return new EarlyStopping(new EarlyStopping.Options("score", Mode.MIN, patience, 0, true));
    }

    @Test
    void theBestWeightsOfAnEpochBeforeAResumeAreRestoredAtTheEnd() throws IOException {
        // Uninterrupted: best at epoch 1, no improvement in epochs 2-4, so patience 3 stops after
        // epoch 4 and puts back the weights epoch 1 ended with.
        double[] scores = {3, 1, 2, 2, 2, 2};
        Fixture straight = new Fixture(21);
        Snapshots snapshots = new Snapshots();
        EarlyStopping uninterrupted = restoringAfter(3);
        scriptedTrainer(straight, scripted(scores), snapshots, uninterrupted)
                .fit(Fixture.trainLoader(false), Fixture.valLoader(), 6);
        assertEquals(4, uninterrupted.stoppedEpoch());
        Fixture.assertSameBits(snapshots.byEpoch.get(1), Fixture.bits(straight.model));

        // The same run interrupted inside epoch 2 (step 20 of 8-batch epochs), checkpointed, and
        // resumed by a new trainer whose callback has never seen epoch 1.
        Fixture first = new Fixture(21);
        Trainer interrupted = scriptedTrainer(first, scripted(scores), restoringAfter(3), Fixture.stopAt(20));
        interrupted.fit(Fixture.trainLoader(false), Fixture.valLoader(), 6);
        assertEquals(2, interrupted.epoch());
        Path file = dir.resolve("ckpt.safetensors");
        interrupted.saveCheckpoint(file, Map.of());

        Fixture second = new Fixture(99);
        EarlyStopping resumedStopping = restoringAfter(3);
        Trainer resumed = scriptedTrainer(second, scripted(Arrays.copyOfRange(scores, 2, scores.length)),
                resumedStopping);
        assertEquals(Map.of(), resumed.loadCheckpoint(file), "callback states are not the caller's metadata");
        assertEquals(1, resumedStopping.bestEpoch());
        assertEquals(1.0, resumedStopping.best());
        resumed.fit(Fixture.trainLoader(false), Fixture.valLoader(), 6);

        assertEquals(4, resumedStopping.stoppedEpoch(), "the patience carried over: 3 epochs after epoch 1");
        Fixture.assertSameBits(snapshots.byEpoch.get(1), Fixture.bits(second.model));
    }

    @Test
    void theStateHoldsTheBestWeightsOnlyWhenAskedToRestoreThem() {
        Fixture f = new Fixture(22);
        EarlyStopping restoring = restoringAfter(5);
        EarlyStopping keeping = new EarlyStopping(new EarlyStopping.Options("score", Mode.MIN, 5, 0, false));
        scriptedTrainer(f, scripted(2, 1), restoring, keeping).fit(Fixture.trainLoader(false), Fixture.valLoader(), 2);
        CallbackState state = restoring.state();
        assertEquals(Map.of("best", "1.0", "bestEpoch", "1", "wait", "0"), state.values());
        assertEquals(f.model.stateDict().keySet().stream().map(k -> "weights." + k).toList(),
                List.copyOf(state.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : f.model.stateDict().entrySet()) {
            assertTrue(Arrays.equals(e.getValue().toArray(), state.tensors().get("weights." + e.getKey()).toArray()),
                    "the last epoch was the best: " + e.getKey());
        }
        assertTrue(keeping.state().tensors().isEmpty());
        assertEquals(state.values(), keeping.state().values());
    }

    @Test
    void aStateThatDoesNotFitTheModelIsRefusedAndChangesNothing() {
        Fixture f = new Fixture(23);
        Trainer trainer = scriptedTrainer(f, scripted(1, 2), restoringAfter(2), Fixture.stopAt(10));
        trainer.fit(Fixture.trainLoader(false), Fixture.valLoader(), 2);
        Checkpoint good = trainer.checkpoint(Map.of());
        CallbackState saved = good.callbacks().get(0);
        Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(saved.tensors());
        String first = wrong.keySet().iterator().next();
        wrong.put(first, Tensor.zeros(7));
        Checkpoint bad = new Checkpoint(good.model(), good.int64Names(), good.optimizer(), good.scheduler(),
                good.position(), good.rngs(), good.history(),
                List.of(new CallbackState(saved.values(), wrong), CallbackState.EMPTY), good.metadata());

        Fixture other = new Fixture(24);
        EarlyStopping fresh = restoringAfter(2);
        Trainer target = scriptedTrainer(other, scripted(5), fresh);
        List<int[]> before = Fixture.bits(other.model);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.restore(bad));
        String name = first.substring("weights.".length());
        assertTrue(e.getMessage().contains("EarlyStopping.loadState") && e.getMessage().contains(name
                + ": expected shape " + other.model.stateDict().get(name).shape() + ", got [7]"), e.getMessage());
        Fixture.assertSameBits(before, Fixture.bits(other.model));
        assertEquals(0, target.step());
        assertEquals(-1, fresh.bestEpoch());
        assertEquals(0, other.optimizer.stateDict().tensors().size(), "the optimizer is back to no state");

        CallbackState malformed = new CallbackState(Map.of("best", "x", "bestEpoch", "0", "wait", "0"), Map.of());
        assertThrows(IllegalArgumentException.class, () -> fresh.loadState(target, malformed));
        assertEquals(-1, fresh.bestEpoch());
    }
}
