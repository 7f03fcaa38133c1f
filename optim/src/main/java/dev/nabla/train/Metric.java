package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.nn.Module;
import java.util.Objects;

/**
 * A number measured on the validation batches after each epoch, such as accuracy. The value of
 * an epoch is the mean of the per-batch values weighted by batch size (for accuracy this is the
 * fraction of correct examples).
 *
 * @param name the column name in the {@link History}, e.g. {@code "val_accuracy"}; letters,
 *     digits and underscores
 * @param function the per-batch value, computed without recording a graph and in eval mode
 */
public record Metric(String name, BatchMetric function) {

    /** Measures one batch. */
    @FunctionalInterface
    public interface BatchMetric {
        /**
         * @param model the model, in eval mode
         * @param batch the batch
         * @return the batch's mean value
         */
        double compute(Module model, Batch batch);
    }

    /**
     * @param name as described for the record
     * @param function as described for the record
     * @throws IllegalArgumentException if the name is not made of letters, digits and underscores
     */
    public Metric {
        Objects.requireNonNull(function, "Metric: function is null");
        if (name == null || !name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("Metric: expected a name of letters, digits and underscores, got '"
                    + name + "'");
        }
    }

    /**
     * Classification accuracy under the name {@code val_accuracy}: the fraction of examples
     * whose largest output (logit or probability) is at the batch's label.
     *
     * @return the metric; the model must map {@code (N, ...)} inputs to {@code (N, classes)} outputs
     */
    public static Metric accuracy() {
        return new Metric("val_accuracy", (model, batch) -> {
            int[] predicted = model.forward(batch.inputs()).argmax(1);
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == batch.labels()[i] ? 1 : 0;
            }
            return (double) correct / predicted.length;
        });
    }
}
