package dev.nabla.data;

/**
 * A finite, indexable collection of examples, as PyTorch's map-style {@code Dataset}.
 *
 * <p>Implementations should return the same example for the same index every time, so that a
 * {@link DataLoader} with a seed gives the same batches on every run.
 *
 * @param <T> the type of one example
 */
public interface Dataset<T> {

    /** @return the number of examples, {@code >= 0} */
    int size();

    /**
     * @param index the example's index, in {@code [0, size())}
     * @return the example
     * @throws IndexOutOfBoundsException if the index is outside {@code [0, size())}
     */
    T get(int index);
}
