package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Checks on the files an example run leaves behind. */
final class RunFiles {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private RunFiles() {
    }

    /** @return the one run folder under {@code out} */
    static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            List<Path> runs = s.toList();
            assertEquals(1, runs.size(), "run folders in " + out + ": " + runs);
            return runs.get(0);
        }
    }

    /** Asserts that each named file exists in {@code dir}, and that the .png ones are PNG images. */
    static void assertWritten(Path dir, String... names) throws IOException {
        for (String name : names) {
            Path f = dir.resolve(name);
            assertTrue(Files.isRegularFile(f), name + " was not written in " + dir);
            assertTrue(Files.size(f) > 0, name + " is empty");
            if (name.endsWith(".png")) {
                byte[] head = Arrays.copyOf(Files.readAllBytes(f), PNG.length);
                assertArrayEquals(PNG, head, name + " is not a PNG file");
            }
        }
    }
}
