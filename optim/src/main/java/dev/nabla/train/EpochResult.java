package dev.nabla.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured.
 *
 * @param epoch the epoch number, from 0
 * @param trainLoss the mean training loss over the epoch's examples (batches weighted by size)
 * @param valLoss the mean validation loss, or NaN without validation data
 * @param metrics the user metrics by name, measured on the validation data; copied, unmodifiable
 * @param lr the learning rate of the first parameter group at the end of the epoch (before an
 *     epoch-interval schedule advances)
 * @param seconds the wall time of the epoch, training and validation, in seconds
 */
public record EpochResult(int epoch, double trainLoss, double valLoss, Map<String, Double> metrics, double lr,
                          double seconds) {

    /** The names of the fixed columns, in the order of {@link History#toCsv()}. */
    public static final String EPOCH = "epoch";
    /** Column name of {@link #trainLoss()}. */
    public static final String TRAIN_LOSS = "train_loss";
    /** Column name of {@link #valLoss()}. */
    public static final String VAL_LOSS = "val_loss";
    /** Column name of {@link #lr()}. */
    public static final String LR = "lr";
    /** Column name of {@link #seconds()}. */
    public static final String SECONDS = "seconds";

    /**
     * Copies the metrics.
     *
     * @param epoch as described for the record
     * @param trainLoss as described for the record
     * @param valLoss as described for the record
     * @param metrics as described for the record
     * @param lr as described for the record
     * @param seconds as described for the record
     */
    public EpochResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * @param name {@code train_loss}, {@code val_loss}, {@code lr}, {@code seconds}, {@code epoch}
     *     or a metric's name
     * @return the value of that column
     * @throws IllegalArgumentException if there is no such column
     */
    public double value(String name) {
        switch (name) {
            case EPOCH: return epoch;
            case TRAIN_LOSS: return trainLoss;
            case VAL_LOSS: return valLoss;
            case LR: return lr;
            case SECONDS: return seconds;
            default:
                Double v = metrics.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("EpochResult: no column '" + name + "'; have "
                            + String.join(", ", EPOCH, TRAIN_LOSS, VAL_LOSS, LR, SECONDS) + ", " + metrics.keySet());
                }
                return v;
        }
    }
}
