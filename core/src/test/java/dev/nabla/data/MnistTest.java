package dev.nabla.data;

import static dev.nabla.data.IdxTest.gzip;
import static dev.nabla.data.IdxTest.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mnist and FashionMnist on small files in the MNIST layout, and on the real Fashion-MNIST if installed. */
class MnistTest {

    @TempDir
    Path dir;

    /**
     * A tiny set: 3 training images (2x2) with pixels 0, 51, 102, 153 / 204, 255, 0, 51 / ...
     * (k * 51 mod 306, so /255 gives 0, 0.2, 0.4, ...), labels 7, 0, 9; 2 test images, labels 1, 2.
     * The training files are gzip'd, the test files plain, as either may come.
     */
    private void writeTiny(int trainLabels) throws IOException {
        byte[] px = new byte[12];
        for (int k = 0; k < 12; k++) {
            px[k] = (byte) (k % 6 * 51);
        }
        byte[] y = {7, 0, 9, 4};
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(0x08, new int[] {3, 2, 2}, px)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"),
                gzip(idx(0x08, new int[] {trainLabels}, java.util.Arrays.copyOf(y, trainLabels))));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 2}, new byte[8]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x08, new int[] {2}, new byte[] {1, 2}));
    }

    @Test
    void loadsBothSplitsScaledTo01() throws IOException {
        writeTiny(3);
        for (TrainTest t : new TrainTest[] {Mnist.load(dir), FashionMnist.load(dir)}) {
            assertArrayEquals(new int[] {3, 1, 2, 2}, t.train().images().shape().toArray());
            assertArrayEquals(new int[] {2, 1, 2, 2}, t.test().images().shape().toArray());
            assertArrayEquals(new int[] {7, 0, 9}, t.train().labels());
            assertArrayEquals(new int[] {1, 2}, t.test().labels());
            float[] x = t.train().images().toArray();
            for (int k = 0; k < 12; k++) {
                assertEquals(k % 6 * 0.2f, x[k], 1e-6f, "pixel " + k); // 51 / 255 = 0.2
            }
        }
        assertEquals("7", Mnist.load(dir).train().classes().get(7));
        assertEquals("Sneaker", FashionMnist.load(dir).train().classes().get(7));
        assertEquals("Ankle boot", FashionMnist.CLASSES.get(9));
    }

    @Test
    void countMismatchIsAnError() throws IOException {
        writeTiny(4);
        String m = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir)).getMessage();
        assertTrue(m.contains("Mnist.load") && m.contains("3 images") && m.contains("4 labels"), m);
    }

    @Test
    void labelOutOfRangeIsAnError() throws IOException {
        writeTiny(3);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x08, new int[] {2}, new byte[] {1, 10}));
        String m = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir)).getMessage();
        assertTrue(m.contains("label 1") && m.contains("is 10") && m.contains("0..9"), m);
    }

    @Test
    void missingFilesSayHowToGetThem() throws IOException {
        String m = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir)).getMessage();
        assertTrue(m.contains("Mnist.load: missing") && m.contains("train-images-idx3-ubyte.gz")
                && m.contains("yann.lecun.com/exdb/mnist"), m);
        writeTiny(3);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        m = assertThrows(UncheckedIOException.class, () -> FashionMnist.load(dir)).getMessage();
        assertTrue(m.contains("FashionMnist.load: missing") && m.contains("t10k-labels-idx1-ubyte.gz")
                && m.contains("apt-get install dataset-fashion-mnist"), m);
    }

    @Test
    void malformedFileNamesItself() throws IOException {
        writeTiny(3);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 2}, new byte[7]));
        String m = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir)).getMessage();
        assertTrue(m.contains("t10k-images-idx3-ubyte") && m.contains("expects 8 bytes"), m);
        assertTrue(m.contains("yann.lecun.com"), "says where to get the files again: " + m);
    }

    @Test
    void realFashionMnistWhenInstalled() {
        assumeTrue(Files.isRegularFile(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        TrainTest t = FashionMnist.load();
        assertArrayEquals(new int[] {60000, 1, 28, 28}, t.train().images().shape().toArray());
        assertArrayEquals(new int[] {10000, 1, 28, 28}, t.test().images().shape().toArray());
        // Published: 6,000 training and 1,000 test images per class.
        for (int k = 0; k < 10; k++) {
            assertEquals(6000, t.train().classCounts()[k]);
            assertEquals(1000, t.test().classCounts()[k]);
        }
        float max = 0;
        for (float v : t.test().images().toArray()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "some pixel is 255");
    }
}
