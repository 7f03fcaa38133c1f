package dev.nabla.data;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The MNIST handwritten digits (Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of
 * handwritten digits", http://yann.lecun.com/exdb/mnist/): 60,000 training and 10,000 test
 * grey-scale images of 28x28 pixels, classes {@code "0"} to {@code "9"}.
 *
 * <p>The files are not shipped with Nabla and nothing is downloaded: put the four IDX files
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz} (gzip'd as
 * distributed, or un-gzipped without the {@code .gz}) in one folder. They are read with
 * {@link Idx}. Pixels 0 to 255 are divided by 255 to fall in {@code [0, 1]}.
 */
public final class Mnist {

    /** The class names: the digits {@code "0"} to {@code "9"}; index {@code k} is digit {@code k}. */
    public static final List<String> CLASSES = UciDigits.CLASSES;

    static final String HOW_TO_GET = "download the four MNIST files (train-images-idx3-ubyte.gz, "
            + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) from the MNIST "
            + "database, http://yann.lecun.com/exdb/mnist/ (or a mirror of it), into that folder";

    private Mnist() {
    }

    /**
     * Reads the four MNIST files from a folder.
     *
     * @param dir the folder holding them
     * @return training images {@code (60000, 1, 28, 28)} and test images {@code (10000, 1, 28, 28)}
     *     in {@code [0, 1]} with their digit labels (the sizes are those the files' headers give)
     * @throws UncheckedIOException if a file is missing (the message names it and says where to
     *     get the files), unreadable or malformed, or images and labels disagree in number
     */
    public static TrainTest load(Path dir) {
        Objects.requireNonNull(dir, "Mnist.load: dir is null");
        return MnistFiles.load("Mnist.load", dir, CLASSES, HOW_TO_GET);
    }
}
