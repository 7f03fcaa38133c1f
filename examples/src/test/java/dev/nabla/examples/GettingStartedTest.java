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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the program of docs/getting-started.md, section 3, and checks that the page prints the
 * same program: the statements between the markers below, with the output folder made a
 * temporary one, must be the page's statements after its first two (which pick the folder).
 */
class GettingStartedTest {

    private static final Path GUIDE = Path.of("..", "docs", "getting-started.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "nabla", "examples",
            "GettingStartedTest.java");

    @Test
    void theFirstModelOfTheGuideLearnsTheDigits(@TempDir Path dir) throws Exception {
        Path out = dir;
        double accuracy;
        Sequential model;
        // ---- the guide's program ----
        TrainTest digits = UciDigits.load(0.2, 42);                     // (1)
        Rng rng = new Rng(42);                                          // (2)
        model = new Sequential(                                         // (3)
                new Flatten(),                                          // (N, 1, 8, 8) -> (N, 64)
                new Linear(64, 128, rng), new Relu(),
                new Linear(128, 10, rng));                              // 10 logits per image
        Adam adam = new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-3)); // (4)
        Trainer trainer = new Trainer(model, adam,                      // (5)
                (m, batch) -> Losses.crossEntropy(m.forward(batch.inputs()), batch.labels()),
                Trainer.Options.defaults().withMetrics(Metric.accuracy()));
        try (DataLoader train = new DataLoader(digits.train().dataset(), DataLoader.Options.of(32).withShuffle(42));
             DataLoader test = new DataLoader(digits.test().dataset(), DataLoader.Options.of(500))) {
            History history = trainer.fit(train, test, 30);             // (6)
            System.out.println("test accuracy " + history.column("val_accuracy")[history.size() - 1]);
            history.plot(out.resolve("history.png"), 900, 600);
        // ---- end ----
            accuracy = history.column("val_accuracy")[history.size() - 1];
            assertEquals(30, history.size());
        }
        model.save(out.resolve("digits.safetensors"));                  // (7)
        // The guide promises about 97%; a linear classifier alone reaches 95-96% on this split.
        assertTrue(accuracy > 0.95, "test accuracy " + accuracy);
        RunFiles.assertWritten(dir, "history.png", "digits.safetensors");
        assertEquals(Set.of("1.weight", "1.bias", "3.weight", "3.bias"), model.stateDict().keySet());
    }

    @Test
    void theGuidePrintsTheProgramThisTestRuns() throws IOException {
        String page = Files.readString(GUIDE);
        int block = page.indexOf("```java\nimport dev.nabla.core.Rng;");
        assertTrue(block >= 0, "the guide's program block is missing");
        List<String> guide = statements(page.substring(block, page.indexOf("```\n", block + 7)));
        String source = Files.readString(SOURCE);
        List<String> test = statements(source.substring(source.indexOf("// ---- the guide's program ----"),
                source.indexOf("// ---- end ----")));
        // The guide declares the model where it makes it; the test declares it earlier so that
        // its checks can see it, and ends the block before the try's closing brace.
        List<String> expected = new ArrayList<>(guide.subList(2, guide.size()));
        expected.replaceAll(l -> l.replace("Sequential model = new Sequential(", "model = new Sequential("));
        assertEquals("Path out = Path.of(\"first-model\");", guide.get(0));
        assertEquals("Files.createDirectories(out);", guide.get(1));
        assertEquals("}", expected.remove(expected.size() - 2), "the try block closes before the save");
        String save = expected.remove(expected.size() - 1);
        assertEquals("model.save(out.resolve(\"digits.safetensors\"));", save);
        assertEquals(expected, test);
        assertTrue(source.contains(save), "the test saves the model as the guide does");
    }

    /** The code lines of a block without imports, comments, blank lines and indentation. */
    private static List<String> statements(String block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            String code = line.replaceAll("//.*$", "").strip();
            if (!code.isEmpty() && !code.startsWith("import ") && !code.startsWith("```")) {
                lines.add(code);
            }
        }
        return lines;
    }
}
