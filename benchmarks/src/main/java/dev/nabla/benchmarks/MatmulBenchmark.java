package dev.nabla.benchmarks;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernels.Gemm;
import dev.nabla.core.kernels.Parallel;
import dev.nabla.core.kernels.Simd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matrix multiply, the workloads of {@code torch_anchors.py --only matmul}: square fp32
 * products {@code (n, n) @ (n, n)} for n = 256, 512, 1024, 2048 through the public
 * {@code Tensor.matmul} ({@code matmul}) and through the raw kernel into a preallocated output
 * ({@code gemm}), and the batched product 64 x {@code (128, 64) @ (64, 128)} ({@code batched}).
 * Scores are milliseconds per product; GFLOPS = {@code 2 n^3 / (score * 1e6)} (batched:
 * {@code 64 * 2 * 128 * 64 * 128 = 134.2 MFLOP} per product).
 *
 * <p>Forked JVMs get {@code --add-modules jdk.incubator.vector} (SIMD on). The parameter
 * {@code threads} sets the kernel thread count. Examples:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MatmulBenchmark                       # SIMD on, 1 and 2 threads
 * java -jar benchmarks/target/benchmarks.jar MatmulBenchmark.matmul -p n=1024 -p threads=2
 * java -jar benchmarks/target/benchmarks.jar MatmulBenchmark -jvmArgsAppend -Dnabla.simd=false   # scalar kernels
 * </pre>
 * The active kernels are printed once per fork.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class MatmulBenchmark {

    /** The kernel thread count, set for the whole fork. */
    @State(Scope.Benchmark)
    public static class Threads {
        /** Kernel threads (the pool is shared; results do not depend on it). */
        @Param({"1", "2"})
        public int threads;

        /** Applies the thread count and reports the active kernels. */
        @Setup(Level.Trial)
        public void apply() {
            Parallel.setThreads(threads);
            System.out.println("# Nabla kernels: " + Simd.kernels().name() + ", threads " + Parallel.threads());
        }
    }

    /** Square operands of size {@code n}. */
    @State(Scope.Thread)
    public static class Square {
        /** Rows and columns of each operand. */
        @Param({"256", "512", "1024", "2048"})
        public int n;

        Tensor a;
        Tensor b;
        float[] ra;
        float[] rb;
        float[] rc;

        /** Creates seeded normal operands, as tensors and as raw arrays. */
        @Setup(Level.Trial)
        public void create() {
            Rng rng = new Rng(1);
            a = Tensor.randn(rng, n, n);
            b = Tensor.randn(rng, n, n);
            ra = normal(rng, n * n);
            rb = normal(rng, n * n);
            rc = new float[n * n];
        }
    }

    /** Operands of the batched product: A is (64, 128, 64), B is (64, 64, 128). */
    @State(Scope.Thread)
    public static class Batched {
        Tensor a;
        Tensor b;

        /** Creates seeded normal operands. */
        @Setup(Level.Trial)
        public void create() {
            Rng rng = new Rng(2);
            a = Tensor.randn(rng, 64, 128, 64);
            b = Tensor.randn(rng, 64, 64, 128);
        }
    }

    static float[] normal(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.normal();
        }
        return x;
    }

    /**
     * {@code a.matmul(b)} for square operands, output allocated by the op.
     *
     * @param threads the thread setting
     * @param s the operands
     * @return the product, so the work is not eliminated
     */
    @Benchmark
    public Tensor matmul(Threads threads, Square s) {
        return s.a.matmul(s.b);
    }

    /**
     * The raw kernel {@code Gemm.gemm} into a preallocated output.
     *
     * @param threads the thread setting
     * @param s the operands
     * @return the output array, so the work is not eliminated
     */
    @Benchmark
    public float[] gemm(Threads threads, Square s) {
        Gemm.gemm(false, false, s.n, s.n, s.n, s.ra, 0, s.n, s.rb, 0, s.n, s.rc, 0, s.n, false);
        return s.rc;
    }

    /**
     * The batched product 64 x {@code (128, 64) @ (64, 128)} through {@code Tensor.matmul}.
     *
     * @param threads the thread setting
     * @param s the operands
     * @return the product, so the work is not eliminated
     */
    @Benchmark
    public Tensor batched(Threads threads, Batched s) {
        return s.a.matmul(s.b);
    }
}
