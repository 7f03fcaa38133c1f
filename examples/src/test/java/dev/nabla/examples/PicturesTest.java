package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturesTest {

    @Test
    void anImageGridShowsEachPixelAsAScaledSquare(@TempDir Path dir) throws Exception {
        // A 2x2 grey image: white, black / mid grey, white. 84 / 2 = 42 screen pixels per pixel.
        float[] img = {1f, 0f, 0.5f, 1f};
        Path f = dir.resolve("grid.png");
        Pictures.imageGrid(List.of(img), 1, 2, 2, List.of("a\nb"), 1, f);
        BufferedImage png = ImageIO.read(f.toFile());
        int cellW = Math.max(2 * 42, 104) + 8;
        assertEquals(cellW, png.getWidth());
        int x0 = (cellW - 84) / 2;
        int y0 = 4;
        assertEquals(0xFFFFFF, png.getRGB(x0 + 10, y0 + 10) & 0xFFFFFF);
        assertEquals(0x000000, png.getRGB(x0 + 42 + 10, y0 + 10) & 0xFFFFFF);
        assertEquals(0x808080, png.getRGB(x0 + 10, y0 + 42 + 10) & 0xFFFFFF); // round(0.5 * 255) = 128
    }

    @Test
    void aConfusionMatrixShadesCellsByTheirShareOfTheRow(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cm.png");
        // Row 0: all 10 right (share 1, full blue); row 1: 0 of 10 in column 0 (share 0, white).
        Pictures.confusionMatrix(new long[][] {{10, 0}, {10, 0}}, List.of("a", "b"), "t", f);
        BufferedImage png = ImageIO.read(f.toFile());
        int left = 110;
        int top = 60;
        int cell = 46;
        assertEquals(0x0000FF, png.getRGB(left + 3, top + 3) & 0xFFFFFF);         // [0][0]: share 1
        assertEquals(0xFFFFFF, png.getRGB(left + cell + 3, top + 3) & 0xFFFFFF);  // [0][1]: share 0
        assertEquals(0x0000FF, png.getRGB(left + 3, top + cell + 3) & 0xFFFFFF);  // [1][0]: share 1
    }

    @Test
    void badArgumentsAreRefusedAndNothingIsWritten(@TempDir Path dir) {
        Path f = dir.resolve("x.png");
        assertThrows(IllegalArgumentException.class,
                () -> Pictures.imageGrid(List.of(new float[4]), 2, 2, 2, List.of("a"), 1, f));
        assertThrows(IllegalArgumentException.class,
                () -> Pictures.confusionMatrix(new long[][] {{1}}, List.of("a", "b"), "t", f));
        assertEquals(false, Files.exists(f));
    }
}
