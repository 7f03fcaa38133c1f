package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Fashion-MNIST example in quick mode on the real files (installed by CI with Debian's
 * {@code dataset-fashion-mnist}; skipped where they are absent, except in CI).
 */
class FashionExamplesTest {

    @BeforeAll
    static void needsTheDataset() {
        boolean installed = Files.isDirectory(FashionMnist.DEFAULT_DIR);
        String missing = "Fashion-MNIST is not installed in " + FashionMnist.DEFAULT_DIR
                + " (apt-get install dataset-fashion-mnist)";
        // CI installs the dataset and sets NABLA_REQUIRE_FASHION, so that these runs cannot be
        // skipped there without anyone noticing; elsewhere they are skipped with a notice.
        if ("1".equals(System.getenv("NABLA_REQUIRE_FASHION"))) {
            assertTrue(installed, missing);
        }
        assumeTrue(installed, missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fashion-mlp", "fashion-cnn", "fashion-resnet"})
    void aQuickRunLearnsAndWritesItsFiles(String name, @TempDir Path out) throws Exception {
        ClassifierExample example = switch (name) {
            case "fashion-mlp" -> new FashionMlp();
            case "fashion-cnn" -> new FashionCnn();
            default -> new FashionResnet();
        };
        ImageClassifier.Result r = example.train(new String[] {"--quick", "--out", out.toString()});
        // Untrained, the loss is about ln 10 = 2.303 nats and the accuracy about 10%. A quick run
        // is a few dozen steps: the training loss must fall and the test results beat chance.
        double[] loss = r.history().column("train_loss");
        assertTrue(loss.length >= 2 && loss[loss.length - 1] < loss[0], name + ": training loss " + Arrays.toString(loss));
        assertTrue(r.testLoss() < 0.9 * Math.log(10), name + ": test loss " + r.testLoss());
        assertTrue(r.testAccuracy() > 0.3, name + ": test accuracy " + r.testAccuracy());
        RunFiles.assertWritten(RunFiles.onlyRun(out), "history.csv", "history.png", "best.safetensors",
                "last.safetensors", ImageClassifier.CONFUSION, ImageClassifier.MISCLASSIFIED);
    }
}
