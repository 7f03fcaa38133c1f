package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Mlp;
import dev.nabla.nn.layers.Relu;
import dev.nabla.nn.loss.Losses;
import dev.nabla.optim.Adam;
import dev.nabla.optim.schedule.LrScheduler;
import dev.nabla.optim.schedule.StepDecay;
import java.util.ArrayList;
import java.util.List;

/** A small seeded classification problem and an MLP with dropout, Adam and a step schedule. */
final class Fixture {

    static final int FEATURES = 4;
    static final int CLASSES = 3;

    final Module model;
    final Adam optimizer;
    final LrScheduler scheduler;

    /** @param initSeed the seed of the initial weights and of the dropout generators */
    Fixture(long initSeed) {
        model = new Mlp(new int[] {FEATURES, 16, CLASSES}, Relu::new, 0.3f, new Rng(initSeed));
        optimizer = new Adam(model.parameters(), Adam.Options.defaults().withLr(0.02));
        scheduler = new LrScheduler(optimizer, new StepDecay(5, 0.7), LrScheduler.Interval.STEP);
    }

    /** The label is the index of the largest of the first three features, plus noise features. */
    static TensorDataset data(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int f = 0; f < FEATURES; f++) {
                x[i * FEATURES + f] = rng.normal();
                if (f < CLASSES && x[i * FEATURES + f] > x[i * FEATURES + best]) {
                    best = f;
                }
            }
            y[i] = best;
        }
        return new TensorDataset(Tensor.of(x, n, FEATURES), y);
    }

    static DataLoader trainLoader(boolean prefetch) {
        return new DataLoader(data(64, 1), DataLoader.Options.of(8).withShuffle(42).withPrefetch(prefetch));
    }

    static DataLoader valLoader() {
        return new DataLoader(data(32, 2), DataLoader.Options.of(32));
    }

    static Tensor crossEntropy(Module model, dev.nabla.data.Batch batch) {
        return Losses.crossEntropy(model.forward(batch.inputs()), batch.labels());
    }

    Trainer trainer(Callback... callbacks) {
        return new Trainer(model, optimizer, Fixture::crossEntropy, Trainer.Options.defaults()
                .withScheduler(scheduler).withMetrics(Metric.accuracy()).withCallbacks(callbacks)
                .withProgressBar(false));
    }

    /** Every parameter's values as raw float bits, in order. */
    static List<int[]> bits(Module model) {
        List<int[]> out = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            float[] v = p.toArray();
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            out.add(b);
        }
        return out;
    }

    static void assertSameBits(List<int[]> expected, List<int[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
        }
    }

    /** Requests a stop after a given step: simulates an interrupted run. */
    static Callback stopAt(long step) {
        return new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, BatchResult batch) {
                if (batch.step() == step) {
                    trainer.requestStop();
                }
            }
        };
    }
}
