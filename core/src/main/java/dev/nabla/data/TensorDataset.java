package dev.nabla.data;

import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Examples held in memory: row {@code i} of a features tensor {@code (N, ...)} with either class
 * label {@code i} or row {@code i} of a targets tensor {@code (N, ...)}. {@link #get(int)}
 * returns a one-example {@link Batch}; {@link #batch(int[])} gathers many rows at once, which is
 * what a {@link DataLoader} made with {@link DataLoader#DataLoader(TensorDataset,
 * DataLoader.Options)} uses.
 *
 * <p>The values are copied when the dataset is made, so later changes to the given tensors or
 * arrays do not show.
 */
public final class TensorDataset implements Dataset<Batch> {

    private final float[] features;
    private final int[] featureShape;
    private final int rowSize;
    private final int[] labels;
    private final float[] targets;
    private final int[] targetShape;
    private final int targetRowSize;
    private final int n;

    /**
     * A classification dataset.
     *
     * @param features the inputs, {@code (N, ...)}; copied
     * @param labels one class index per row, length {@code N}; copied
     * @throws IllegalArgumentException if the features are a scalar or the label count is not {@code N}
     */
    public TensorDataset(Tensor features, int[] labels) {
        this(features, Objects.requireNonNull(labels, "TensorDataset: labels is null").clone(), null);
    }

    /**
     * A regression dataset.
     *
     * @param features the inputs, {@code (N, ...)}; copied
     * @param targets the targets, {@code (N, ...)}; copied
     * @throws IllegalArgumentException if either is a scalar or their first sizes differ
     */
    public TensorDataset(Tensor features, Tensor targets) {
        this(features, null, Objects.requireNonNull(targets, "TensorDataset: targets is null"));
    }

    private TensorDataset(Tensor features, int[] labels, Tensor targets) {
        Objects.requireNonNull(features, "TensorDataset: features is null");
        if (features.dim() == 0 || targets != null && targets.dim() == 0) {
            throw new IllegalArgumentException("TensorDataset: features and targets must be (N, ...), got "
                    + features.shape() + (targets == null ? "" : " and " + targets.shape()));
        }
        this.n = features.size(0);
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("TensorDataset: " + labels.length + " labels for features "
                    + features.shape());
        }
        if (targets != null && targets.size(0) != n) {
            throw new IllegalArgumentException("TensorDataset: targets " + targets.shape()
                    + " do not match features " + features.shape() + " on the first size");
        }
        this.features = features.toArray();
        this.featureShape = features.shape().toArray();
        this.rowSize = n == 0 ? 0 : this.features.length / n;
        this.labels = labels;
        this.targets = targets == null ? null : targets.toArray();
        this.targetShape = targets == null ? null : targets.shape().toArray();
        this.targetRowSize = targets == null || n == 0 ? 0 : this.targets.length / n;
    }

    @Override
    public int size() {
        return n;
    }

    /**
     * @param index the row, in {@code [0, size())}
     * @return a batch of one example: inputs {@code (1, ...)}
     * @throws IndexOutOfBoundsException if the index is outside {@code [0, size())}
     */
    @Override
    public Batch get(int index) {
        return batch(new int[] {index});
    }

    /**
     * Gathers rows into one batch, in the order given (repeats allowed).
     *
     * @param indices the rows, each in {@code [0, size())}, at least one; not modified
     * @return the batch: inputs {@code (indices.length, ...)} and the matching labels or targets
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     * @throws IllegalArgumentException if {@code indices} is empty
     */
    public Batch batch(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("TensorDataset.batch: expected at least one index");
        }
        for (int i : indices) {
            Objects.checkIndex(i, n);
        }
        Tensor x = Tensor.of(gather(features, rowSize, indices), withRows(featureShape, indices.length));
        if (labels != null) {
            int[] y = new int[indices.length];
            for (int k = 0; k < indices.length; k++) {
                y[k] = labels[indices[k]];
            }
            return Batch.classification(x, y);
        }
        return Batch.regression(x, Tensor.of(gather(targets, targetRowSize, indices),
                withRows(targetShape, indices.length)));
    }

    private static float[] gather(float[] src, int row, int[] indices) {
        float[] out = new float[indices.length * row];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(src, indices[k] * row, out, k * row, row);
        }
        return out;
    }

    private static int[] withRows(int[] shape, int rows) {
        int[] s = Arrays.copyOf(shape, shape.length);
        s[0] = rows;
        return s;
    }
}
