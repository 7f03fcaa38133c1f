package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void withoutArgumentsItListsEveryExampleWithALine() throws Exception {
        String listing = capture(new String[0]);
        for (String name : List.of("digits-mlp", "fashion-mlp", "fashion-cnn", "fashion-resnet", "optimizers",
                "two-moons")) {
            assertTrue(listing.lines().anyMatch(l -> l.trim().startsWith(name + " ")), name + " missing:\n" + listing);
        }
    }

    @Test
    void helpShowsAnExamplesOptions() throws Exception {
        String help = capture(new String[] {"fashion-cnn", "--help"});
        assertTrue(help.contains("--quick") && help.contains("--seed") && help.contains("--data"), help);
    }

    private static String capture(String[] args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Launcher.main(args);
        } finally {
            System.setOut(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
