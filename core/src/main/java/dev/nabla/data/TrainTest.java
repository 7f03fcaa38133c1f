package dev.nabla.data;

import java.util.Objects;

/**
 * A dataset cut into a training set and a test set with the same classes.
 *
 * @param train the training images
 * @param test the test images
 */
public record TrainTest(LabelledImages train, LabelledImages test) {

    /**
     * @param train as described for the record
     * @param test as described for the record
     * @throws IllegalArgumentException if the two sets have different class names
     * @throws NullPointerException if either is null
     */
    public TrainTest {
        Objects.requireNonNull(train, "TrainTest: train is null");
        Objects.requireNonNull(test, "TrainTest: test is null");
        if (!train.classes().equals(test.classes())) {
            throw new IllegalArgumentException("TrainTest: train classes " + train.classes()
                    + " differ from test classes " + test.classes());
        }
    }
}
