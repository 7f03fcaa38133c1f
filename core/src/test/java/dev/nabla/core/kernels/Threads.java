package dev.nabla.core.kernels;

import java.util.function.Supplier;

/** For determinism tests: runs work with the shared pool set to a given size, then puts it back. */
public final class Threads {

    private Threads() {
    }

    /**
     * @param n the pool size to run with
     * @param work the computation
     * @param <T> its result type
     * @return what {@code work} returned
     */
    public static <T> T on(int n, Supplier<T> work) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(n);
            return work.get();
        } finally {
            Parallel.setThreads(before);
        }
    }
}
