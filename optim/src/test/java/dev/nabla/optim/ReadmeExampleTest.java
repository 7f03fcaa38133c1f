package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Autograd;
import dev.nabla.core.Reductions;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.layers.Mlp;
import dev.nabla.nn.loss.Losses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's layers-loss-optimizer sample, as written there, learns its task. */
class ReadmeExampleTest {

    @Test
    void theReadmeSampleLearnsToTellTheThreeSectorsApart(@TempDir Path dir) throws Exception {
        Rng rng = new Rng(0);
        Mlp model = new Mlp(rng, 2, 32, 32, 3);
        Adam adam = new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-2));
        Tensor points = Tensor.randn(rng, 256, 2);
        int[] labels = new int[256];
        for (int i = 0; i < 256; i++) {
            double angle = Math.atan2(points.get(i, 1), points.get(i, 0)) + Math.PI;
            labels[i] = (int) Math.min(2, angle / (2 * Math.PI / 3));
        }
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(points), labels);
            loss.backward();
            adam.step();
            first = step == 0 ? loss.item() : first;
            last = loss.item();
        }
        model.save(dir.resolve("model.safetensors"));

        // Starting near ln 3 (uniform guesses over three classes), the loss falls far below it.
        assertTrue(Math.abs(first - Math.log(3)) < 0.3, "first loss " + first);
        assertTrue(last < 0.25, "last loss " + last);
        int correct = 0;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            int[] predicted = Reductions.argmax(model.forward(points), 1);
            for (int i = 0; i < labels.length; i++) {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
        }
        assertTrue(correct >= 0.9 * labels.length, correct + " of " + labels.length + " correct");
        assertTrue(Files.size(dir.resolve("model.safetensors")) > 8 + 4 * (2 * 32 + 32 * 32 + 32 * 3));
    }
}
