package dev.nabla.core.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>The pool's threads are Nabla's own daemon threads ({@code nabla-worker-N}). A training step
 * starts many short parallel ranges one after another, with serial work between them, so a
 * worker that has finished a range keeps watching for the next one for a while (default 1,000
 * microseconds, system property {@code nabla.spinMicros}, 0 to park at once) before it parks,
 * and the caller likewise waits for the last chunk by watching before it parks. Handing a range
 * to a parked thread costs tens of microseconds, to a watching one well under one. A watch
 * spins for its first 20 microseconds and then yields the core between checks, so it takes
 * nothing from other threads that want to run (measured on a 2-core machine, one training step
 * of a 784-128-10 MLP at batch 32: 360-430 us when workers park at once, 280-320 us watching
 * for 20 us, 250-300 us watching for 1 ms). One range runs on the pool at a
 * time; a range started on another thread meanwhile runs on its own thread, with the same chunks
 * and so the same results.
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
    private static volatile int threads = initialThreads();
    private static final long SPIN_NANOS = spinMicros() * 1000L;
    /** How long a wait spins on the core before it yields it between checks. */
    private static final long PAUSE_NANOS = 20_000L;
    /** Whether the current thread is running a chunk of a range that went parallel. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    /**
     * Set by the thread whose range is on the pool: taken with a compare-and-set, released with
     * a plain volatile write, which (unlike a method call) cannot fail on a stack about to
     * overflow and leave the pool taken for good.
     */
    private static volatile boolean busy;
    private static final VarHandle BUSY;
    /** Workers at most: one fewer than the larger of the configured threads and the processors. */
    private static final int MAX_WORKERS = Math.max(initialThreads(), Runtime.getRuntime().availableProcessors()) - 1;
    /** The range on the pool, or {@code null}; workers watch it. */
    private static volatile Range current;
    private static volatile Worker[] workers = new Worker[0];
    private static final AtomicLong RANGES = new AtomicLong();

    static {
        try {
            BUSY = MethodHandles.lookup().findStaticVarHandle(Parallel.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        LOG.debug("Nabla kernels use {} thread(s) (system property nabla.threads)", threads);
    }

    private Parallel() {
    }

    private static int initialThreads() {
        return intProperty("nabla.threads", Runtime.getRuntime().availableProcessors(), 1);
    }

    private static int spinMicros() {
        return intProperty("nabla.spinMicros", 1000, 0);
    }

    /** The system property {@code name} as a whole number of at least {@code min}, or {@code fallback} if unset. */
    private static int intProperty(String name, int fallback, int min) {
        String property = System.getProperty(name);
        if (property == null || property.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + ": expected a whole number >= " + min + ", got '" + property + "'", e);
        }
    }

    /** @return the number of threads kernels use (at least 1) */
    public static int threads() {
        return threads;
    }

    /**
     * Whether a range started now on this thread would run on this thread alone: one thread is
     * configured, the caller is itself running a chunk of a parallel range, or another thread's
     * range holds the pool (a snapshot: that range may end at any moment). Kernels use it to
     * skip cutting work finer for the sake of other threads; results must not depend on it.
     *
     * @return true if {@link #forChunks} would, as of now, not hand work to other threads
     */
    public static boolean isSerial() {
        return threads <= 1 || INSIDE.get()[0] || busy;
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
        boolean[] inside = INSIDE.get();
        Range range = t <= 1 || inside[0] ? null : new Range(body, n, grain, chunks, Math.min(t - 1, MAX_WORKERS));
        if (range == null || !BUSY.compareAndSet(false, true)) {
            for (int c = 0; c < chunks; c++) {
                int from = c * grain;
                body.run(c, from, end(n, from, grain));
            }
            return;
        }
        try {
            Worker[] pool = workers(range.parts - 1);
            current = range;
            for (int i = 0; i < pool.length && i < t - 1; i++) {
                if (pool[i].parked) {
                    LockSupport.unpark(pool[i]);
                }
            }
            inside[0] = true;
            try {
                range.work(0);
            } finally {
                inside[0] = false;
            }
            range.awaitDone();
        } finally {
            current = null;
            busy = false;
        }
        Throwable e = range.failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One beat of a wait that has lasted {@code waited} nanoseconds: a spin hint for the first
     * {@link #PAUSE_NANOS}, then a yield, so that a longer watch gives the core to any other
     * thread that wants it (a data loader's, say). When none does, a yield only spaces out this
     * thread's checks: about 6 us apart on a 2-core virtual machine (a loop of 100,000 yields).
     */
    private static void pause(long waited) {
        if (waited < PAUSE_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** The end of the chunk that starts at {@code from}, without overflowing near Integer.MAX_VALUE. */
    private static int end(int n, int from, int grain) {
        return (int) Math.min(n, (long) from + grain);
    }

    /** The pool's workers, at least {@code count} of them, started on first need. */
    private static Worker[] workers(int count) {
        Worker[] pool = workers;
        if (pool.length >= count) {
            return pool;
        }
        synchronized (Parallel.class) {
            pool = workers;
            if (pool.length < count) {
                Worker[] grown = Arrays.copyOf(pool, count);
                for (int i = pool.length; i < count; i++) {
                    grown[i] = new Worker(i + 1);
                    grown[i].start();
                }
                workers = grown;
                pool = grown;
            }
            return pool;
        }
    }

    /**
     * One parallel range, cut into one contiguous block of chunks per participant (the caller
     * and each helper). A participant runs its own block first, in order, then helps with the
     * blocks of the others. So, step after step, the same thread touches the same part of the
     * data while it is still in that core's cache, whichever thread arrives first. (Claimed from
     * one shared counter, which thread ran which chunk changed from step to step and the data
     * moved between the cores' caches: an Adam update of 100,352 parameters inside a training
     * step took 105-136 us instead of 27-29 in some JVMs; with blocks, 24-26 us, and 41-47 in
     * the JVMs that were slow for other reasons.)
     */
    private static final class Range {
        /**
         * Ints between two counters in {@link #counters}: 64 bytes, a cache line, so that a
         * counter one thread writes never shares a line with another thread's counter or with
         * the objects allocated around the array.
         */
        private static final int PAD = 16;
        /** Index in {@link #counters} of the helper places left (workers beyond the thread count stay out). */
        private static final int HELPERS = PAD;
        /** Index in {@link #counters} of the number of chunks not yet done. */
        private static final int PENDING = 2 * PAD;
        private final ChunkBody body;
        private final int n;
        private final int grain;
        private final int chunks;
        /** Participants: the caller and at most {@code helpers} workers. */
        private final int parts;
        /**
         * The counters that more than one thread updates, each on a cache line of its own: the
         * helper places, the pending chunks, and at {@code block(p)} the next chunk of block
         * {@code p} nobody has taken yet. (Separate small objects sat next to whatever the caller
         * allocated next, and the threads' writes then fought over shared cache lines.)
         */
        private final AtomicIntegerArray counters;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile Thread waiter;
        /** Tells ranges apart without keeping a finished one (and what its body holds) alive. */
        private final long id;

        Range(ChunkBody body, int n, int grain, int chunks, int helpers) {
            this.id = RANGES.incrementAndGet();
            this.body = body;
            this.n = n;
            this.grain = grain;
            this.chunks = chunks;
            this.parts = helpers + 1;
            this.counters = new AtomicIntegerArray(block(parts) + PAD);
            counters.set(HELPERS, helpers);
            counters.set(PENDING, chunks);
            for (int p = 1; p < parts; p++) {
                counters.set(block(p), blockStart(p));
            }
        }

        /** The index in {@link #counters} of block {@code p}'s next chunk. */
        private static int block(int p) {
            return (3 + p) * PAD;
        }

        /**
         * Takes a helper place.
         *
         * @return the place taken ({@code parts - 1} down to 1), or at most 0 once all are taken
         */
        int takePlace() {
            return counters.getAndDecrement(HELPERS);
        }

        /** The first chunk of block {@code p}; block {@code p} ends where block {@code p + 1} starts. */
        private int blockStart(int p) {
            return (int) ((long) p * chunks / parts);
        }

        /**
         * Runs the chunks of block {@code part} and then those left in the other blocks, until
         * none is left; the last chunk done wakes a parked caller.
         *
         * @param part the caller's 0, or the place a helper took
         */
        void work(int part) {
            for (int q = 0; q < parts; q++) {
                int p = (part + q) % parts;
                int end = blockStart(p + 1);
                int c;
                while ((c = counters.getAndIncrement(block(p))) < end) {
                    runChunk(c);
                }
            }
        }

        private void runChunk(int c) {
            try {
                if (failure.get() == null) {
                    int from = c * grain;
                    body.run(c, from, end(n, from, grain));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                if (counters.decrementAndGet(PENDING) == 0) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        /**
         * Returns once every chunk is done: spins for a while, then parks until woken. An
         * interrupt does not end the wait (the chunks are running) and stays set afterwards.
         */
        void awaitDone() {
            long start = System.nanoTime();
            while (counters.get(PENDING) > 0) {
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) {
                    pause(waited);
                } else {
                    waiter = Thread.currentThread();
                    boolean interrupted = false;
                    while (counters.get(PENDING) > 0) {
                        // A set interrupt flag would make park return at once: clear it while
                        // waiting, so that the wait does not spin, and set it again after.
                        interrupted |= Thread.interrupted();
                        LockSupport.park(this);
                    }
                    if (interrupted || Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
            }
        }
    }

    /** A pool thread: runs chunks of each range it sees, watching for the next one before it parks. */
    private static final class Worker extends Thread {
        /** Set while parked (or about to park), so that a new range unparks it. */
        volatile boolean parked;

        Worker(int index) {
            // Nothing inherited from whichever thread happens to start the pool: no inheritable
            // thread-locals, and the library's own class loader as context loader.
            super(null, null, "nabla-worker-" + index, 0, false);
            setDaemon(true);
            setContextClassLoader(Parallel.class.getClassLoader());
        }

        @Override
        public void run() {
            INSIDE.get()[0] = true;
            long last = 0;
            while (true) {
                Range r = next(last);
                last = r.id;
                int place = r.takePlace();
                if (place > 0) {
                    r.work(place);
                    // A chunk that left this thread interrupted would make every park return
                    // at once, and the worker spin for good; the flag was the chunk's concern.
                    Thread.interrupted();
                }
            }
        }

        /** The next range after the one numbered {@code last}: watched for a while, then parked for. */
        private Range next(long last) {
            long start = System.nanoTime();
            while (true) {
                Range r = current;
                if (r != null && r.id != last) {
                    return r;
                }
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) {
                    pause(waited);
                    continue;
                }
                parked = true;
                r = current;
                if (r != null && r.id != last) {
                    parked = false;
                    return r;
                }
                LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
