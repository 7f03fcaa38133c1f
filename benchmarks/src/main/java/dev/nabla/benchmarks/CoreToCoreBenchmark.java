package dev.nabla.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * A probe of the machine, not of Nabla: how long a cache line takes to go from one core to
 * another and back. Two threads take turns flipping a shared flag; each operation waits for
 * the other thread's flip and flips it back, so the score of either method is one round trip.
 *
 * <p>Parallel kernels hand data from core to core: the caller publishes a range, a worker reads
 * what the caller wrote, and the next op reads what the worker wrote. On a virtual machine the
 * round trip depends on where the host runs the virtual CPUs at the time and can change while a
 * JVM runs. On the 2-core machine of {@code docs/performance.md} it was either about 80 ns or
 * about 350 ns, and the two-thread training steps ran about 1.4x slower whenever it was 350 ns.
 * Run this probe before and after two-thread measurements to know which of the two they had.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CoreToCoreBenchmark</pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1)
public class CoreToCoreBenchmark {

    /** The flag the two threads flip: {@code false} is the pinger's turn, {@code true} the ponger's. */
    private final AtomicBoolean flag = new AtomicBoolean();

    /**
     * Waits for the flag to be {@code false} and sets it, or stops with the measurement.
     *
     * @param control JMH's control, whose {@code stopMeasurement} ends a wait that the other
     *     thread will no longer answer
     */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void ping(Control control) {
        flip(control, false);
    }

    /**
     * Waits for the flag to be {@code true} and clears it, or stops with the measurement.
     *
     * @param control JMH's control, as for {@link #ping}
     */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void pong(Control control) {
        flip(control, true);
    }

    /** Waits until the flag is {@code from} and sets it to the opposite, or until the measurement stops. */
    private void flip(Control control, boolean from) {
        while (!control.stopMeasurement && !flag.compareAndSet(from, !from)) {
            Thread.onSpinWait();
        }
    }
}
