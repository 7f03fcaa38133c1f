package dev.nabla.data;

import dev.nabla.core.Tensor;
import java.util.Objects;

/**
 * A batch of examples: inputs of shape {@code (N, ...)} and, for classification, {@code N} class
 * indices, or, for regression and other dense outputs, a target tensor of shape {@code (N, ...)}.
 * Exactly one of {@code labels} and {@code targets} is present; the other is {@code null}. Use
 * {@link #classification} and {@link #regression} to make one.
 *
 * @param inputs the inputs, {@code (N, ...)} with {@code N >= 1}
 * @param labels the class index of each example, length {@code N}, or {@code null}
 * @param targets the targets, {@code (N, ...)}, or {@code null}
 */
public record Batch(Tensor inputs, int[] labels, Tensor targets) {

    /**
     * Checks that exactly one of labels and targets is given and that both agree with the
     * inputs on {@code N}.
     *
     * @param inputs as described for the record
     * @param labels as described for the record; kept, not copied
     * @param targets as described for the record
     * @throws IllegalArgumentException if the inputs are a scalar, both or neither of labels and
     *     targets are given, or their first size differs from the inputs'
     */
    public Batch {
        Objects.requireNonNull(inputs, "Batch: inputs is null");
        if (inputs.dim() == 0) {
            throw new IllegalArgumentException("Batch: inputs must be (N, ...), got a scalar");
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("Batch: expected exactly one of labels and targets, got "
                    + (labels == null ? "neither" : "both"));
        }
        int n = inputs.size(0);
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("Batch: " + labels.length + " labels for " + n + " inputs "
                    + inputs.shape());
        }
        if (targets != null && (targets.dim() == 0 || targets.size(0) != n)) {
            throw new IllegalArgumentException("Batch: targets " + targets.shape() + " do not match inputs "
                    + inputs.shape() + " on the first size");
        }
    }

    /**
     * @param inputs the inputs, {@code (N, ...)}
     * @param labels the class index of each example, length {@code N}; kept, not copied
     * @return a classification batch
     * @throws IllegalArgumentException if the sizes disagree
     */
    public static Batch classification(Tensor inputs, int[] labels) {
        return new Batch(inputs, Objects.requireNonNull(labels, "Batch: labels is null"), null);
    }

    /**
     * @param inputs the inputs, {@code (N, ...)}
     * @param targets the targets, {@code (N, ...)}
     * @return a regression batch
     * @throws IllegalArgumentException if the sizes disagree
     */
    public static Batch regression(Tensor inputs, Tensor targets) {
        return new Batch(inputs, null, Objects.requireNonNull(targets, "Batch: targets is null"));
    }

    /** @return the number of examples {@code N} */
    public int size() {
        return inputs.size(0);
    }

    /** @return whether the batch holds class labels (else it holds targets) */
    public boolean hasLabels() {
        return labels != null;
    }
}
