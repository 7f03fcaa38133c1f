package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TrainTest;
import dev.nabla.data.UciDigits;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.Relu;
import dev.nabla.nn.loss.Losses;
import dev.nabla.optim.Adam;
import dev.nabla.train.History;
import dev.nabla.train.Metric;
import dev.nabla.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the program of docs/getting-started.md, section 3, as printed there (files go to a temporary folder). */
class GettingStartedTest {

    @Test
    void theFirstModelOfTheGuideLearnsTheDigits(@TempDir Path dir) throws Exception {
        TrainTest digits = UciDigits.load(0.2, 42);
        Rng rng = new Rng(42);
        Sequential model = new Sequential(
                new Flatten(),
                new Linear(64, 128, rng), new Relu(),
                new Linear(128, 10, rng));
        Adam adam = new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-3));
        Trainer trainer = new Trainer(model, adam,
                (m, batch) -> Losses.crossEntropy(m.forward(batch.inputs()), batch.labels()),
                Trainer.Options.defaults().withMetrics(Metric.accuracy()));
        double accuracy;
        try (DataLoader train = new DataLoader(digits.train().dataset(), DataLoader.Options.of(32).withShuffle(42));
             DataLoader test = new DataLoader(digits.test().dataset(), DataLoader.Options.of(500))) {
            History history = trainer.fit(train, test, 30);
            accuracy = history.column("val_accuracy")[history.size() - 1];
            history.plot(dir.resolve("history.png"), 900, 600);
            assertEquals(30, history.size());
        }
        model.save(dir.resolve("digits.safetensors"));
        // The guide promises about 97%; a linear classifier alone reaches 95-96% on this split.
        assertTrue(accuracy > 0.95, "test accuracy " + accuracy);
        RunFiles.assertWritten(dir, "history.png", "digits.safetensors");
        assertEquals(java.util.Set.of("1.weight", "1.bias", "3.weight", "3.bias"), model.stateDict().keySet());
        assertTrue(Files.size(dir.resolve("digits.safetensors")) > 4L * (64 * 128 + 128 + 128 * 10 + 10));
    }
}
