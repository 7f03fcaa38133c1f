package dev.nabla.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** {@link Parallel#forChunks}: every index once, and ranges nested in a chunk stay on its thread. */
@Isolated
class ParallelTest {

    @Test
    void manyShortRangesInARowVisitEveryIndexOnceWithItsChunk() {
        // Back-to-back ranges are what the watching workers are for: each must see every index
        // exactly once, with the chunk number that index belongs to, and none may leak into the next.
        Threads.on(2, () -> {
            for (int round = 0; round < 20_000; round++) {
                int n = 1 + round % 37;
                int grain = 1 + round % 5;
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                AtomicInteger wrongChunk = new AtomicInteger();
                Parallel.forChunks(n, grain, (c, from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                        if (i / grain != c) {
                            wrongChunk.incrementAndGet();
                        }
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "round " + round + ": index " + i + " of " + n + " visits");
                }
                assertEquals(0, wrongChunk.get(), "round " + round + ": chunk numbers");
            }
            return null;
        });
    }

    @Test
    void aChunksExceptionReachesTheCallerAndThePoolStillWorks() {
        IllegalStateException thrown = new IllegalStateException("chunk 5 failed");
        Threads.on(2, () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Parallel.forChunks(16, 1, (c, from, to) -> {
                        if (c == 5) {
                            throw thrown;
                        }
                    }));
            assertSame(thrown, e);
            AtomicInteger visits = new AtomicInteger();
            Parallel.forChunks(16, 1, (c, from, to) -> visits.incrementAndGet());
            assertEquals(16, visits.get(), "a range after the failed one runs every chunk");
            return null;
        });
    }

    @Test
    void anInterruptedCallerWaitsForEveryChunkAndStaysInterrupted() {
        AtomicInteger done = new AtomicInteger();
        boolean[] stillInterrupted = new boolean[1];
        Threads.on(2, () -> {
            Thread.currentThread().interrupt();
            try {
                Parallel.forChunks(4, 1, (c, from, to) -> {
                    long until = System.nanoTime() + 5_000_000L * c;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    done.incrementAndGet();
                });
            } finally {
                stillInterrupted[0] = Thread.interrupted();
            }
            return null;
        });
        assertEquals(4, done.get(), "every chunk finished before forChunks returned");
        assertTrue(stillInterrupted[0], "the caller's interrupt is kept");
    }

    @Test
    void rangesStartedOnTwoThreadsAtOnceBothComplete() throws Exception {
        // One range holds the pool; a range started meanwhile on another thread runs there, with
        // the same chunks, so both finish with the same sums.
        int n = 4096;
        int grain = 64;
        CyclicBarrier start = new CyclicBarrier(2);
        long[][] partials = new long[2][Parallel.chunks(n, grain)];
        Threads.on(2, () -> {
            Thread other = new Thread(() -> {
                try {
                    start.await();
                    for (int r = 0; r < 200; r++) {
                        Parallel.forChunks(n, grain, (c, from, to) -> partials[1][c] += sumOfSquares(from, to));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            try {
                start.await();
                for (int r = 0; r < 200; r++) {
                    Parallel.forChunks(n, grain, (c, from, to) -> partials[0][c] += sumOfSquares(from, to));
                }
                other.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        long[] expected = new long[partials[0].length];
        for (int c = 0; c < expected.length; c++) {
            expected[c] = 200 * sumOfSquares(c * grain, (c + 1) * grain);
        }
        assertArrayEquals(expected, partials[0]);
        assertArrayEquals(expected, partials[1]);
    }

    private static long sumOfSquares(int from, int to) {
        long s = 0;
        for (long i = from; i < to; i++) {
            s += i * i;
        }
        return s;
    }

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
