package dev.nabla.core.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shared thread pool of Nabla's kernels, and the only way kernels run in parallel.
 *
 * <p>Work over an index range {@code [0, n)} is cut into chunks of a fixed size (the kernel's
 * "grain") that never depends on the number of threads. Each chunk is computed by exactly one
 * thread, and kernels that combine chunk results (sums, dot products) store one partial per
 * chunk and combine the partials in chunk order. Results are therefore bitwise identical for
 * any thread count.
 *
 * <p>The number of threads defaults to the number of available processors and can be set
 * with the system property {@code nabla.threads} or, at run time, with {@link #setThreads}.
 * A range that fits in one chunk, or a thread count of one, runs on the calling thread, and so
 * does a range started from inside a chunk of a parallel range: the outer range already keeps
 * the threads busy, and nesting would only add hand-offs (a kernel may then split its work
 * over samples and call GEMM per sample, and GEMM still splits when called alone).
 */
public final class Parallel {

    /** Receives one chunk {@code [from, to)} of a range, and the chunk's index. */
    @FunctionalInterface
    public interface ChunkBody {
        /**
         * Processes one chunk.
         *
         * @param chunk the chunk index, {@code from / grain}
         * @param from first index of the chunk (inclusive)
         * @param to last index of the chunk (exclusive)
         */
        void run(int chunk, int from, int to);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Parallel.class);
    private static final ForkJoinPool POOL = createPool();
    private static volatile int threads = initialThreads();
    /** Whether the current thread is running a chunk of a range that went parallel. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    static {
        LOG.debug("Nabla kernels use {} thread(s) (system property nabla.threads)", threads);
    }

    private Parallel() {
    }

    private static int initialThreads() {
        String property = System.getProperty("nabla.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "nabla.threads: expected a whole number >= 1, got '" + property + "'", e);
        }
    }

    private static ForkJoinPool createPool() {
        int size = Math.max(initialThreads(), Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        return new ForkJoinPool(size, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("nabla-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** @return the number of threads kernels use (at least 1) */
    public static int threads() {
        return threads;
    }

    /**
     * Whether a range started now on this thread would run on this thread alone: one thread is
     * configured, or the caller is itself running a chunk of a parallel range. Kernels use it to
     * skip cutting work finer for the sake of other threads; results must not depend on it.
     *
     * @return true if {@link #forChunks} would not hand work to other threads
     */
    public static boolean isSerial() {
        return threads <= 1 || INSIDE.get()[0];
    }

    /**
     * Sets the number of threads kernels use from now on. Results do not depend on it.
     *
     * @param n the thread count, at least 1
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: expected n >= 1, got " + n);
        }
        threads = n;
    }

    /**
     * Number of chunks {@code [0, n)} is cut into with the given grain.
     *
     * @param n the range length, at least 0
     * @param grain the chunk size, at least 1
     * @return {@code ceil(n / grain)}
     */
    public static int chunks(int n, int grain) {
        return (int) (((long) n + grain - 1) / grain);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into chunks of {@code grain} indices (the last
     * may be shorter), in parallel when there is more than one chunk and more than one thread.
     * Returns when every chunk is done; the first exception thrown by a chunk is rethrown.
     *
     * @param n the range length, at least 0
     * @param grain the chunk size, at least 1; fixed by the kernel, never by the thread count
     * @param body the work for one chunk; chunks must write disjoint outputs
     */
    public static void forChunks(int n, int grain, ChunkBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("Parallel.forChunks: grain must be >= 1, got " + grain);
        }
        int chunks = chunks(n, grain);
        int t = Math.min(threads, chunks);
        if (t <= 1 || INSIDE.get()[0]) {
            for (int c = 0; c < chunks; c++) {
                int from = c * grain;
                body.run(c, from, Math.min(n, from + grain));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            boolean[] inside = INSIDE.get();
            boolean outer = inside[0];
            inside[0] = true;
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure.get() == null) {
                        int from = c * grain;
                        body.run(c, from, Math.min(n, from + grain));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
            inside[0] = outer;
        };
        for (int i = 1; i < t; i++) {
            POOL.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Parallel.forChunks: interrupted while waiting for workers", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
