package dev.nabla.data;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Fashion-MNIST (H. Xiao, K. Rasul and R. Vollgraf, "Fashion-MNIST: a Novel Image Dataset for
 * Benchmarking Machine Learning Algorithms", arXiv:1708.07747, 2017; Zalando Research, MIT
 * licence): 60,000 training and 10,000 test grey-scale images of 28x28 pixels of clothing, ten
 * classes of 6,000 training and 1,000 test images each, in MNIST's file layout.
 *
 * <p>The files are not shipped with Nabla and nothing is downloaded. On Debian,
 * {@code apt-get install dataset-fashion-mnist} puts the four gzip'd IDX files in
 * {@link #DEFAULT_DIR}; un-gzipped copies without the {@code .gz} are accepted too. They are read
 * with {@link Idx}. Pixels 0 to 255 are divided by 255 to fall in {@code [0, 1]}.
 *
 * <p>Published test accuracies (the dataset's own benchmark table): two conv layers with pooling
 * 91.6%, with BatchNorm as well 93.4%, an MLP about 87-88%.
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, indexed by label, as the dataset defines them. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final String HOW_TO_GET = "install the dataset with: apt-get install dataset-fashion-mnist "
            + "(it puts the four files in " + DEFAULT_DIR + ")";

    private FashionMnist() {
    }

    /**
     * Reads the four files from {@link #DEFAULT_DIR}.
     *
     * @return training images {@code (60000, 1, 28, 28)} and test images {@code (10000, 1, 28, 28)}
     *     in {@code [0, 1]} with their class labels
     * @throws UncheckedIOException if a file is missing (the message names it and says
     *     {@code apt-get install dataset-fashion-mnist}), unreadable or malformed, or images and
     *     labels disagree in number
     */
    public static TrainTest load() {
        return load(DEFAULT_DIR);
    }

    /**
     * Reads the four files from a folder.
     *
     * @param dir the folder holding {@code train-images-idx3-ubyte.gz},
     *     {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
     *     {@code t10k-labels-idx1-ubyte.gz} (or the same names without {@code .gz})
     * @return training and test images {@code (N, 1, 28, 28)} in {@code [0, 1]} with their class
     *     labels (the sizes are those the files' headers give)
     * @throws UncheckedIOException as for {@link #load()}
     */
    public static TrainTest load(Path dir) {
        Objects.requireNonNull(dir, "FashionMnist.load: dir is null");
        return MnistFiles.load("FashionMnist.load", dir, CLASSES, HOW_TO_GET);
    }
}
