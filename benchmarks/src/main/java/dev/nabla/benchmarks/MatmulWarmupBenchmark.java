package dev.nabla.benchmarks;

import dev.nabla.core.Rng;
import dev.nabla.core.kernels.Gemm;
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
 * The warm-up curve of GEMM in a fresh JVM: single calls of a 512 x 512 x 512 product, timed
 * one by one from the first, with no warm-up, in three fresh forks. A kernel that the JIT
 * compiles well reaches its steady time within a few dozen calls; one stuck in slow code
 * (see the stuck-kernel hazard of large Vector API methods) stays slow for the whole run.
 * Run with {@code -rf csv} or read the per-iteration times:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MatmulWarmupBenchmark
 * java -jar benchmarks/target/benchmarks.jar MatmulWarmupBenchmark -jvmArgsAppend -Dnabla.simd=false
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 60, batchSize = 1)
@Fork(value = 3, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class MatmulWarmupBenchmark {

    private static final int N = 512;

    private float[] a;
    private float[] b;
    private float[] c;

    /** Creates seeded normal operands. */
    @Setup(Level.Trial)
    public void create() {
        Rng rng = new Rng(3);
        a = MatmulBenchmark.normal(rng, N * N);
        b = MatmulBenchmark.normal(rng, N * N);
        c = new float[N * N];
    }

    /**
     * One 512 x 512 x 512 product through {@code Gemm.gemm}.
     *
     * @return the output, so the work is not eliminated
     */
    @Benchmark
    public float[] gemm512() {
        Gemm.gemm(false, false, N, N, N, a, 0, N, b, 0, N, c, 0, N, false);
        return c;
    }
}
