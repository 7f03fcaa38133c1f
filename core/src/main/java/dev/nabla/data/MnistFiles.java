package dev.nabla.data;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one loader behind {@link Mnist} and {@link FashionMnist}: the four IDX files of the MNIST
 * layout in one folder, gzip'd ({@code .gz}) or not, turned into (N, 1, H, W) images / 255.
 */
final class MnistFiles {

    /** Base names of the training images, training labels, test images and test labels. */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private MnistFiles() {
    }

    /**
     * @param who the public method, for messages ("Mnist.load")
     * @param dir the folder holding the four files
     * @param classes the class names, one per label value
     * @param howToGet a sentence saying how to get the files, for the missing-file message
     */
    static TrainTest load(String who, Path dir, List<String> classes, String howToGet) {
        LabelledImages train = split(who, dir, TRAIN_IMAGES, TRAIN_LABELS, classes, howToGet);
        LabelledImages test = split(who, dir, TEST_IMAGES, TEST_LABELS, classes, howToGet);
        return new TrainTest(train, test);
    }

    private static LabelledImages split(String who, Path dir, String imagesName, String labelsName,
            List<String> classes, String howToGet) {
        Path imagesFile = find(who, dir, imagesName, howToGet);
        Path labelsFile = find(who, dir, labelsName, howToGet);
        Idx.Array images = read(who, imagesFile, howToGet);
        Idx.Array labels = read(who, labelsFile, howToGet);
        if (images.rank() != 3) {
            throw new UncheckedIOException(new IOException(who + ": " + imagesFile + " holds an array of shape "
                    + Arrays.toString(images.shape()) + ", expected images (N, H, W)"));
        }
        if (labels.rank() != 1) {
            throw new UncheckedIOException(new IOException(who + ": " + labelsFile + " holds an array of shape "
                    + Arrays.toString(labels.shape()) + ", expected labels (N)"));
        }
        int n = images.size(0);
        if (labels.size(0) != n) {
            throw new UncheckedIOException(new IOException(who + ": " + imagesFile + " holds " + n + " images but "
                    + labelsFile + " holds " + labels.size(0) + " labels; expected as many labels as images"));
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= classes.size()) {
                throw new UncheckedIOException(new IOException(who + ": label " + i + " in " + labelsFile + " is "
                        + y[i] + ", expected a class in 0.." + (classes.size() - 1)));
            }
        }
        return new LabelledImages(Tensor.of(scaled(images), n, 1, images.size(1), images.size(2)), y, classes);
    }

    /** The bytes as floats in [0, 1]: v / 255. */
    private static float[] scaled(Idx.Array a) {
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = v / 255f;
        }
        byte[] data = a.data();
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = table[data[i] & 0xFF];
        }
        return out;
    }

    /** {@code dir/base.gz} if it exists, else {@code dir/base}, else an error saying how to get it. */
    static Path find(String who, Path dir, String base, String howToGet) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        String message = who + ": missing " + gz + " (nor is there " + plain + "); " + howToGet;
        throw new UncheckedIOException(message, new NoSuchFileException(gz.toString()));
    }

    private static Idx.Array read(String who, Path file, String howToGet) {
        try {
            return Idx.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(who + ": " + e.getMessage() + "; " + howToGet, e);
        }
    }
}
