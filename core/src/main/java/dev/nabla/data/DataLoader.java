package dev.nabla.data;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Cuts a dataset into batches, epoch by epoch, as PyTorch's {@code DataLoader} with one worker.
 *
 * <p><b>Order.</b> Without shuffling, epoch after epoch gives the examples in index order. With
 * shuffling, epoch {@code e} visits them in the order of
 * {@code new Rng(seed + e * 0xD1B54A32D192ED03L).permutation(size)}: a new order each epoch that
 * depends only on the seed and the epoch number, so a run resumed at epoch {@code e} (even at a
 * batch inside it, see {@link #epoch(int, int)}) sees exactly the batches an uninterrupted run
 * would. The odd multiplier keeps the epochs' seeds apart from SplitMix64's own increment, so
 * neighbouring epochs do not share generator words.
 *
 * <p><b>Prefetch.</b> With {@link Options#prefetch()} on, one background thread makes the next
 * batches (at most {@link #PREFETCH_DEPTH} ahead) while the caller trains on the current one. A
 * single thread fills a first-in first-out queue, so the batches and their order are exactly
 * those made without prefetch. An exception in the worker is rethrown by the iterator's
 * {@code next()}. Starting a new epoch's iteration, or {@link #close()}, stops a worker that is
 * still running.
 *
 * <p><b>Transforms.</b> With {@link Options#withTransform(BatchTransform)}, every batch passes
 * through the transform where it is made (on the prefetch thread when prefetching), with
 * recording off ({@link Autograd#noGrad()}). Batch {@code b} of epoch {@code e} gets its own
 * generator, {@link #transformRng(int, int)}, made from the seed, {@code e} and {@code b} alone:
 * the transformed batches are the same with or without prefetch, and a run resumed at
 * {@code epoch(e, b)} sees the very batches an uninterrupted run would.
 *
 * <p>A loader is meant to be used by one thread; only the prefetch worker runs beside it.
 */
public final class DataLoader implements AutoCloseable {

    /** How many batches the prefetch worker may have ready ahead of the consumer. */
    public static final int PREFETCH_DEPTH = 2;

    /** Added to the seed once per epoch; odd, and far from SplitMix64's increment. */
    private static final long EPOCH_STRIDE = 0xD1B54A32D192ED03L;

    /** Keeps the transforms' generators apart from the shuffles' (the digits of pi, odd). */
    private static final long TRANSFORM_SALT = 0x243F6A8885A308D3L;

    /**
     * How batches are formed.
     *
     * @param batchSize examples per batch, {@code >= 1}
     * @param shuffle whether each epoch visits the examples in a new seeded order
     * @param seed the seed of the shuffled orders (with shuffling) and of the transform's random
     *     draws (with a transform)
     * @param dropLast whether a last batch smaller than {@code batchSize} is dropped
     * @param prefetch whether batches are made ahead on a background thread
     * @param transform applied to every batch as it is made, or {@code null} for none
     */
    public record Options(int batchSize, boolean shuffle, long seed, boolean dropLast, boolean prefetch,
            BatchTransform transform) {

        /**
         * @param batchSize as described for the record
         * @param shuffle as described for the record
         * @param seed as described for the record
         * @param dropLast as described for the record
         * @param prefetch as described for the record
         * @param transform as described for the record
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("DataLoader: expected batchSize >= 1, got " + batchSize);
            }
        }

        /**
         * Options without a transform.
         *
         * @param batchSize as described for the record
         * @param shuffle as described for the record
         * @param seed as described for the record
         * @param dropLast as described for the record
         * @param prefetch as described for the record
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Options(int batchSize, boolean shuffle, long seed, boolean dropLast, boolean prefetch) {
            this(batchSize, shuffle, seed, dropLast, prefetch, null);
        }

        /**
         * @param batchSize examples per batch, {@code >= 1}
         * @return options with that batch size, no shuffling, the last partial batch kept, no prefetch
         */
        public static Options of(int batchSize) {
            return new Options(batchSize, false, 0L, false, false, null);
        }

        /**
         * @param seed the seed of the orders
         * @return a copy that shuffles with that seed
         */
        public Options withShuffle(long seed) {
            return new Options(batchSize, true, seed, dropLast, prefetch, transform);
        }

        /**
         * @param dropLast whether to drop a last partial batch
         * @return a copy with that setting
         */
        public Options withDropLast(boolean dropLast) {
            return new Options(batchSize, shuffle, seed, dropLast, prefetch, transform);
        }

        /**
         * @param prefetch whether to make batches ahead on a background thread
         * @return a copy with that setting
         */
        public Options withPrefetch(boolean prefetch) {
            return new Options(batchSize, shuffle, seed, dropLast, prefetch, transform);
        }

        /**
         * @param transform applied to every batch as it is made, or {@code null} for none; its
         *     random draws are seeded by {@link #seed()} (set with {@link #withShuffle(long)} or
         *     {@link #withSeed(long)})
         * @return a copy with that transform
         */
        public Options withTransform(BatchTransform transform) {
            return new Options(batchSize, shuffle, seed, dropLast, prefetch, transform);
        }

        /**
         * @param seed the seed of the shuffled orders (if shuffling) and of the transform's draws
         * @return a copy with that seed, shuffling or not as before
         */
        public Options withSeed(long seed) {
            return new Options(batchSize, shuffle, seed, dropLast, prefetch, transform);
        }
    }

    private final int size;
    private final Function<int[], Batch> gather;
    private final Options options;
    private Prefetcher active;

    /**
     * A loader over an in-memory dataset, gathering each batch's rows in one copy.
     *
     * @param dataset the examples
     * @param options batch size, order, drop-last and prefetch
     */
    public DataLoader(TensorDataset dataset, Options options) {
        this(dataset.size(), dataset::batch, options);
    }

    /**
     * A loader over any dataset: each batch's examples are fetched one by one with
     * {@link Dataset#get(int)} and combined by {@code collate}.
     *
     * @param dataset the examples
     * @param collate combines a batch's examples, in order, into one {@link Batch}
     * @param options batch size, order, drop-last and prefetch
     * @param <T> the type of one example
     */
    public <T> DataLoader(Dataset<T> dataset, Function<List<T>, Batch> collate, Options options) {
        this(dataset.size(), indices -> {
            List<T> items = new ArrayList<>(indices.length);
            for (int i : indices) {
                items.add(dataset.get(i));
            }
            return collate.apply(items);
        }, options);
        Objects.requireNonNull(collate, "DataLoader: collate is null");
    }

    private DataLoader(int size, Function<int[], Batch> gather, Options options) {
        this.size = size;
        this.gather = gather;
        this.options = Objects.requireNonNull(options, "DataLoader: options is null");
    }

    /** @return the options */
    public Options options() {
        return options;
    }

    /** @return the number of examples in the dataset */
    public int datasetSize() {
        return size;
    }

    /** @return the number of batches in every epoch */
    public int batchCount() {
        int b = options.batchSize();
        return options.dropLast() ? size / b : (size + b - 1) / b;
    }

    /**
     * @param epoch the epoch number, {@code >= 0}
     * @return the order in which the epoch visits the examples (a new array)
     * @throws IllegalArgumentException if {@code epoch < 0}
     */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader.order: expected epoch >= 0, got " + epoch);
        }
        if (options.shuffle()) {
            return new Rng(options.seed() + epoch * EPOCH_STRIDE).permutation(size);
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * @param epoch the epoch number, {@code >= 0}
     * @return the epoch's batches, in order
     * @throws IllegalArgumentException if {@code epoch < 0}
     */
    public Iterable<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * The epoch's batches from a given one on, for resuming inside an epoch: the skipped batches
     * are not made at all.
     *
     * @param epoch the epoch number, {@code >= 0}
     * @param firstBatch the index of the first batch to give, in {@code [0, batchCount()]}
     * @return batches {@code firstBatch, firstBatch + 1, ...} of the epoch; each call of its
     *     {@code iterator()} starts over (and stops a prefetch worker still running)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public Iterable<Batch> epoch(int epoch, int firstBatch) {
        int[] order = order(epoch);
        int count = batchCount();
        if (firstBatch < 0 || firstBatch > count) {
            throw new IllegalArgumentException("DataLoader.epoch: expected firstBatch in [0, " + count + "], got "
                    + firstBatch);
        }
        return () -> iterator(epoch, order, firstBatch, count);
    }

    private Iterator<Batch> iterator(int epoch, int[] order, int first, int count) {
        stopWorker();
        if (!options.prefetch()) {
            return new Iterator<>() {
                private int next = first;

                @Override
                public boolean hasNext() {
                    return next < count;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("DataLoader: the epoch has no more batches");
                    }
                    return make(epoch, order, next++);
                }
            };
        }
        active = new Prefetcher(epoch, order, first, count);
        return active;
    }

    private Batch make(int epoch, int[] order, int batch) {
        int from = batch * options.batchSize();
        int to = Math.min(from + options.batchSize(), size);
        int[] indices = new int[to - from];
        System.arraycopy(order, from, indices, 0, indices.length);
        Batch made = gather.apply(indices);
        BatchTransform transform = options.transform();
        if (transform == null) {
            return made;
        }
        Batch out;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            out = transform.apply(made, transformRng(epoch, batch));
        }
        if (out == null) {
            throw new IllegalStateException("DataLoader: the transform returned null for batch " + batch
                    + " of epoch " + epoch);
        }
        return out;
    }

    /**
     * The generator the transform gets for a batch: {@code new Rng(h)} with
     * {@code h = next(next(next(seed ^ SALT) + epoch) + batch)}, where {@code next(s)} is the
     * first {@link Rng#nextLong()} of {@code new Rng(s)} and {@code SALT = 0x243F6A8885A308D3}.
     * Each step mixes all 64 bits, so neighbouring epochs and batches get unrelated streams, and
     * none of them is the shuffle's.
     *
     * @param epoch the epoch number, {@code >= 0}
     * @param batch the batch index within the epoch, {@code >= 0}
     * @return a new generator that depends only on the options' seed, {@code epoch} and {@code batch}
     * @throws IllegalArgumentException if {@code epoch} or {@code batch} is negative
     */
    public Rng transformRng(int epoch, int batch) {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("DataLoader.transformRng: expected epoch >= 0 and batch >= 0, got "
                    + epoch + " and " + batch);
        }
        long h = new Rng(options.seed() ^ TRANSFORM_SALT).nextLong();
        h = new Rng(h + epoch).nextLong();
        return new Rng(new Rng(h + batch).nextLong());
    }

    private void stopWorker() {
        if (active != null) {
            active.stop();
            active = null;
        }
    }

    /** Stops a prefetch worker that is still running; the loader can still be iterated afterwards. */
    @Override
    public void close() {
        stopWorker();
    }

    /** One worker thread filling a FIFO queue in batch order; the iterator takes from it. */
    private final class Prefetcher implements Iterator<Batch> {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH_DEPTH);
        private final Thread worker;
        private final int count;
        private int next;
        private volatile boolean stopped;

        Prefetcher(int epoch, int[] order, int first, int count) {
            this.count = count;
            this.next = first;
            worker = new Thread(() -> produce(epoch, order, first, count), "nabla-dataloader-prefetch");
            worker.setDaemon(true);
            worker.start();
        }

        private void produce(int epoch, int[] order, int first, int count) {
            try {
                for (int b = first; b < count; b++) {
                    Object item;
                    try {
                        item = make(epoch, order, b);
                    } catch (RuntimeException | Error e) {
                        item = new Failure(e);
                    }
                    queue.put(item);
                    if (item instanceof Failure) {
                        return;
                    }
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped by the consumer: just end
            }
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has no more batches");
            }
            if (stopped) {
                throw new IllegalStateException("DataLoader: this iteration was stopped by a newer epoch() iteration"
                        + " or by close(); start a new one");
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            }
            if (item instanceof Failure f) {
                next = count;
                if (f.error() instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) f.error();
            }
            next++;
            return (Batch) item;
        }

        void stop() {
            stopped = true;
            worker.interrupt();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Failure(Throwable error) {
    }
}
