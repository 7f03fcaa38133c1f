package dev.nabla.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder one run of an example writes into: {@code <parent>/<example>-<yyyyMMdd-HHmmss>},
 * with a numeric suffix if two runs start in the same second.
 */
final class RunFolder {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {
    }

    /**
     * Creates a new, empty run folder.
     *
     * @param parent where run folders go (created if missing), e.g. {@code runs}
     * @param example the example's name
     * @return the new folder
     * @throws IOException if it cannot be created
     */
    static Path create(Path parent, String example) throws IOException {
        Files.createDirectories(parent);
        String base = example + "-" + LocalDateTime.now().format(STAMP);
        for (int i = 0;; i++) {
            Path dir = parent.resolve(i == 0 ? base : base + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another run started in the same second: try the next suffix
            }
        }
    }
}
