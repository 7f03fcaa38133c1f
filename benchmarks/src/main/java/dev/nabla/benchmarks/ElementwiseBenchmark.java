package dev.nabla.benchmarks;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise and reduction throughput over 2^20 floats, the workloads of PyTorch's anchor
 * suite: {@code sigmoid(x) * x} as two ops (each allocating its result), {@code silu(x)} as
 * one, and {@code sum(x)}. Nothing requires gradients, so no graph is recorded.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ElementwiseBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBenchmark {

    private static final int N = 1 << 20;

    private Tensor x;

    /** Draws the input from a seeded standard normal. */
    @Setup
    public void setUp() {
        x = Tensor.randn(new Rng(0), N);
    }

    /** @return {@code sigmoid(x) * x}, two kernels and two allocations */
    @Benchmark
    public Tensor sigmoidTimesX() {
        return x.sigmoid().mul(x);
    }

    /** @return {@code silu(x)}, the same function as one op */
    @Benchmark
    public Tensor silu() {
        return x.silu();
    }

    /** @return the sum of all elements */
    @Benchmark
    public Tensor sum() {
        return x.sum();
    }
}
