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
        // The "inside a chunk" marker must be set while a chunk runs and cleared when the range
        // ends; a marker left behind would make every later range on this thread serial.
        Set<Boolean> seenInside = ConcurrentHashMap.newKeySet();
        boolean[] before = new boolean[1];
        boolean[] after = new boolean[1];
        Threads.on(2, () -> {
            before[0] = Parallel.isSerial();
            Parallel.forChunks(4, 1, (c, from, to) -> seenInside.add(Parallel.isSerial()));
            after[0] = Parallel.isSerial();
            return null;
        });
        assertEquals(Set.of(true), seenInside, "every chunk sees itself inside a parallel range");
        assertEquals(false, before[0], "two threads and no range running: not serial");
        assertEquals(false, after[0], "the marker is cleared when the range ends");
    }
}
