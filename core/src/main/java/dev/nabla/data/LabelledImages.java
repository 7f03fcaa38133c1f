package dev.nabla.data;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A set of images with one class label each, as the image datasets ({@link UciDigits},
 * {@link Mnist}, {@link FashionMnist}) return it.
 *
 * <p>The images tensor is kept, not copied (do not modify it in place afterwards); the labels
 * and class names are copied when the record is made. {@link #labels()} returns the record's own
 * array: read it, do not modify it.
 *
 * <p>As for any record with an array or tensor component, {@code equals} and {@code hashCode}
 * compare the tensor and the labels array by identity, not by content.
 *
 * @param images the images, {@code (N, C, H, W)} with {@code N >= 1}, every value in {@code [0, 1]}
 * @param labels the class index of each image, length {@code N}, each in {@code [0, classes.size())}
 * @param classes the class names, at least one; {@code classes.get(k)} names class index {@code k}
 */
public record LabelledImages(Tensor images, int[] labels, List<String> classes) {

    /**
     * Checks the shapes, the labels and the pixel range.
     *
     * @param images as described for the record; kept, not copied
     * @param labels as described for the record; copied
     * @param classes as described for the record; copied
     * @throws IllegalArgumentException if the images are not {@code (N, C, H, W)} with
     *     {@code N >= 1}, the label count is not {@code N}, a label is out of range, there are no
     *     classes, or a pixel is outside {@code [0, 1]} or NaN
     * @throws NullPointerException if an argument or a class name is null
     */
    public LabelledImages {
        Objects.requireNonNull(images, "LabelledImages: images is null");
        Objects.requireNonNull(labels, "LabelledImages: labels is null");
        classes = List.copyOf(Objects.requireNonNull(classes, "LabelledImages: classes is null"));
        if (images.dim() != 4 || images.size(0) < 1) {
            throw new IllegalArgumentException("LabelledImages: expected images (N, C, H, W) with N >= 1, got "
                    + images.shape());
        }
        if (labels.length != images.size(0)) {
            throw new IllegalArgumentException("LabelledImages: " + labels.length + " labels for images "
                    + images.shape() + " (expected " + images.size(0) + ")");
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("LabelledImages: expected at least one class name");
        }
        labels = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("LabelledImages: label " + i + " is " + labels[i]
                        + ", expected a class index in [0, " + classes.size() + ")");
            }
        }
        checkRange(images);
    }

    /**
     * Checks every pixel is in [0, 1] with two reductions (max and min propagate NaN), without
     * copying the images; only a failure reads them, to name the first bad pixel.
     */
    private static void checkRange(Tensor images) {
        boolean inRange;
        try (var scope = Autograd.noGrad()) {
            inRange = images.min().item() >= 0f && images.max().item() <= 1f;
        }
        if (inRange) {
            return;
        }
        float[] x = images.toArray();
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= 0f && x[i] <= 1f)) {
                throw new IllegalArgumentException("LabelledImages: pixel " + i + " (row-major) of images "
                        + images.shape() + " is " + x[i] + ", expected a value in [0, 1]");
            }
        }
    }

    /** @return the number of images {@code N} */
    public int size() {
        return images.size(0);
    }

    /** @return the number of channels {@code C} */
    public int channels() {
        return images.size(1);
    }

    /** @return the image height {@code H}, in pixels */
    public int height() {
        return images.size(2);
    }

    /** @return the image width {@code W}, in pixels */
    public int width() {
        return images.size(3);
    }

    /**
     * @return a classification dataset of these images (features {@code (N, C, H, W)}) and labels;
     *     it holds its own copy of both
     */
    public TensorDataset dataset() {
        return new TensorDataset(images, labels);
    }

    /**
     * @return the images with each one flattened to a row, {@code (N, C*H*W)}, in {@code (c, y, x)}
     *     row-major order; it shares the images' storage
     */
    public Tensor flat() {
        return images.reshape(size(), channels() * height() * width());
    }

    /**
     * The images at the given indices, in the order given (repeats allowed), with their labels
     * and the same classes.
     *
     * @param indices the images to keep, each in {@code [0, size())}, at least one; not modified
     * @return a new set holding copies of those images
     * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
     */
    public LabelledImages subset(int[] indices) {
        Objects.requireNonNull(indices, "LabelledImages.subset: indices is null");
        if (indices.length == 0) {
            throw new IllegalArgumentException("LabelledImages.subset: expected at least one index");
        }
        int n = size();
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("LabelledImages.subset: index " + i
                        + " is out of range, expected [0, " + n + ")");
            }
        }
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = labels[indices[k]];
        }
        try (var scope = Autograd.noGrad()) {
            return new LabelledImages(images.indexSelect(0, indices), y, classes);
        }
    }

    /**
     * Splits the images into a training and a test set, each class in the same proportion
     * (stratified), as scikit-learn's {@code train_test_split(..., stratify=labels)}.
     *
     * <p>For each class {@code k} in turn, from {@code k = 0} up, the indices of its {@code n_k}
     * images, in ascending order, are shuffled with {@link Rng#shuffle(int[])} from one
     * {@code new Rng(seed)}, and the first {@code round(n_k * testFraction)} of them go to the
     * test set, the rest to the training set. Both sets then keep the images in their original
     * order. The split depends only on the labels, {@code testFraction} and {@code seed}.
     *
     * @param testFraction the fraction of each class that goes to the test set, in {@code (0, 1)}
     * @param seed the seed of the shuffles
     * @return the two sets, each with this set's classes
     * @throws IllegalArgumentException if {@code testFraction} is outside {@code (0, 1)}, or the
     *     rounding leaves the training or the test set empty
     */
    public TrainTest stratifiedSplit(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("LabelledImages.stratifiedSplit: expected testFraction in (0, 1), got "
                    + testFraction);
        }
        int n = size();
        int[][] byClass = indicesByClass();
        boolean[] inTest = new boolean[n];
        int testCount = 0;
        Rng rng = new Rng(seed);
        for (int[] members : byClass) {
            rng.shuffle(members);
            int t = (int) Math.round(members.length * testFraction);
            for (int i = 0; i < t; i++) {
                inTest[members[i]] = true;
            }
            testCount += t;
        }
        if (testCount == 0 || testCount == n) {
            throw new IllegalArgumentException("LabelledImages.stratifiedSplit: testFraction " + testFraction
                    + " of " + n + " images per class " + Arrays.toString(classCounts())
                    + " leaves the " + (testCount == 0 ? "test" : "training") + " set empty");
        }
        int[] train = new int[n - testCount];
        int[] test = new int[testCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (inTest[i]) {
                test[b++] = i;
            } else {
                train[a++] = i;
            }
        }
        return new TrainTest(subset(train), subset(test));
    }

    /** @return how many images each class has, indexed by class */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    private int[][] indicesByClass() {
        int[] counts = classCounts();
        int[][] out = new int[counts.length][];
        for (int k = 0; k < counts.length; k++) {
            out[k] = new int[counts[k]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < labels.length; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }
}
