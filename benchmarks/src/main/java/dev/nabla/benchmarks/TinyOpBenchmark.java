package dev.nabla.benchmarks;

import dev.nabla.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fixed cost of autograd: recording one small op and backpropagating through it.
 * Two 16-element tensors that require gradients are added; {@code singleOp} records one add
 * and runs a backward over it, {@code chainOf64} records 64 adds in a chain and one backward,
 * reporting the time per op (amortised over the chain).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TinyOpBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class TinyOpBenchmark {

    private static final int CHAIN = 64;

    private Tensor a;
    private Tensor b;
    private Tensor seed;

    /** Creates the operands. */
    @Setup
    public void setUp() {
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f;
        }
        a = Tensor.of(v, 16).requiresGrad(true);
        b = Tensor.of(v, 16).requiresGrad(true);
        seed = Tensor.ones(16);
    }

    /**
     * One add of two 16-element tensors, recorded, and a backward through it.
     *
     * @return the sum, so the work is not eliminated
     */
    @Benchmark
    public Tensor singleOp() {
        a.zeroGrad();
        b.zeroGrad();
        Tensor c = a.add(b);
        c.backward(seed);
        return a.grad();
    }

    /**
     * 64 adds in a chain, recorded, and one backward; the score is per op.
     *
     * @return the gradient, so the work is not eliminated
     */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Tensor chainOf64() {
        a.zeroGrad();
        b.zeroGrad();
        Tensor c = a;
        for (int i = 0; i < CHAIN; i++) {
            c = c.add(b);
        }
        c.backward(seed);
        return b.grad();
    }
}
