package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** {@link Parallel#forChunks}: every index once, and ranges nested in a chunk stay on its thread. */
@Isolated
class ParallelTest {

    @Test
    void aRangeStartedInsideAChunkRunsOnThatChunksThread() {
        AtomicInteger visits = new AtomicInteger();
        Set<String> mismatches = ConcurrentHashMap.newKeySet();
        Threads.on(2, () -> {
            Parallel.forChunks(8, 1, (c, from, to) -> {
                Thread outer = Thread.currentThread();
                Parallel.forChunks(64, 1, (ic, ifrom, ito) -> {
                    visits.incrementAndGet();
                    if (Thread.currentThread() != outer) {
                        mismatches.add(Thread.currentThread().getName());
                    }
                });
            });
            return null;
        });
        assertEquals(8 * 64, visits.get());
        assertTrue(mismatches.isEmpty(), "inner chunks ran on other threads: " + mismatches);
    }

    @Test
    void aRangeAfterAParallelOneMaySplitAgain() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Threads.on(2, () -> {
            Parallel.forChunks(4, 1, (c, from, to) -> { });
            // Many slow chunks: with the flag left behind by the first range, all would run here.
            Parallel.forChunks(200, 1, (c, from, to) -> {
                threads.add(Thread.currentThread());
                long end = System.nanoTime() + 200_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
            return null;
        });
        assertTrue(threads.size() > 1 || Runtime.getRuntime().availableProcessors() < 2,
                "expected the second range to use both threads, used " + threads);
    }
}
