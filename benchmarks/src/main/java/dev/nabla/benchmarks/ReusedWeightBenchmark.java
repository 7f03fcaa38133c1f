package dev.nabla.benchmarks;

import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A linear layer's product {@code x @ W^T} with the same unchanged weight call after call, as
 * in a sampler's loop or an RNN's steps: a batch of 32 and the 128 x 784 weight of a 784-128
 * layer. From the fourth product on, the weight's packed panels are kept and read instead of
 * packed again; {@code -jvmArgsAppend -Dnabla.panelCacheMB=0} turns that off for comparison.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ReusedWeightBenchmark
 * java -jar benchmarks/target/benchmarks.jar ReusedWeightBenchmark -jvmArgsAppend -Dnabla.panelCacheMB=0
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class ReusedWeightBenchmark {

    private Tensor x;
    private Tensor w;

    /** Draws seeded normal operands. */
    @Setup(Level.Trial)
    public void setUp() {
        Rng rng = new Rng(3);
        x = Tensor.randn(rng, 32, 784);
        w = Tensor.randn(rng, 128, 784);
    }

    /**
     * @param threads the kernel thread count (1 and 2), as for {@link MatmulBenchmark}
     * @return {@code x @ W^T}, shape (32, 128)
     */
    @Benchmark
    public Tensor linearForward(MatmulBenchmark.Threads threads) {
        return LinearAlgebra.matmul(x, false, w, true);
    }
}
