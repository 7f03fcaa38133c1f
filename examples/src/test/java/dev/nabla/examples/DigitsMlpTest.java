package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.train.History;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsMlpTest {

    @Test
    void aQuickRunLearnsTheDigitsAndWritesItsFiles(@TempDir Path out) throws Exception {
        ImageClassifier.Result r = new DigitsMlp().train(new String[] {"--quick", "--seed", "3", "--out",
                out.toString()});
        // Before training, the logits are near zero and the loss near ln 10 = 2.303 nats.
        History h = r.history();
        double[] loss = h.column("train_loss");
        assertTrue(loss[loss.length - 1] < 0.5 * loss[0], "training loss fell only from " + loss[0] + " to "
                + loss[loss.length - 1]);
        assertTrue(r.testLoss() < 0.3 * Math.log(10), "test loss " + r.testLoss());
        // A linear classifier already reaches about 95% on this split; a few epochs of an MLP get past 90%.
        assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
        long total = Arrays.stream(r.confusion()).flatMapToLong(Arrays::stream).sum();
        long diagonal = 0;
        for (int i = 0; i < r.confusion().length; i++) {
            diagonal += r.confusion()[i][i];
        }
        // The UCI set's images per digit (its documentation): a stratified 20% split rounds each.
        int[] perDigit = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};
        long expected = Arrays.stream(perDigit).mapToLong(c -> Math.round(0.2 * c)).sum();
        assertEquals(expected, total, "the stratified 20% test split of 1,797 digits");
        assertEquals(r.testAccuracy(), (double) diagonal / total, 1e-12);
        RunFiles.assertWritten(RunFiles.onlyRun(out), "history.csv", "history.png", "best.safetensors",
                "last.safetensors", ImageClassifier.CONFUSION, ImageClassifier.MISCLASSIFIED);
    }

    @Test
    void badOptionsAreRefusedByName() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DigitsMlp().train(new String[] {"--epoch", "3"}));
        assertTrue(e.getMessage().contains("digits-mlp") && e.getMessage().contains("--epoch"), e.getMessage());
    }
}
