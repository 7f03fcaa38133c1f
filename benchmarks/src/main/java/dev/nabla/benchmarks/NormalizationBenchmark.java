package dev.nabla.benchmarks;

import dev.nabla.core.Normalization;
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
 * Batch norm and layer norm with their fused kernels, forward alone and forward + backward,
 * next to the same computations composed of core ops (mean, sub, square, rsqrt, broadcast
 * mul and add): the gap is what the kernels in {@code dev.nabla.core.kernels.Normalize} win.
 *
 * <p>Shapes: batch norm on {@code (32, 64, 16, 16)} (the conv workload), layer norm on
 * {@code (16 * 64, 128)} (the Transformer workload: batch 16, 64 tokens, d 128).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar NormalizationBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class NormalizationBenchmark {

    private static final float EPS = 1e-5f;
    private static final int N = 32;
    private static final int C = 64;

    private Tensor images;
    private Tensor tokens;
    private Tensor gamma;
    private Tensor beta;
    private Tensor runningMean;
    private Tensor runningVar;

    /** Creates the inputs. */
    @Setup
    public void setUp() {
        Rng rng = new Rng(1);
        images = Tensor.randn(rng, N, C, 16, 16);
        tokens = Tensor.randn(rng, 16 * 64, 128);
        gamma = Tensor.randn(rng, C);
        beta = Tensor.randn(rng, C);
        runningMean = Tensor.zeros(C);
        runningVar = Tensor.ones(C);
    }

    /**
     * Batch norm forward in training mode, updating running buffers.
     *
     * @return the output
     */
    @Benchmark
    public Tensor batchNormForward() {
        return Normalization.batchNorm(images, runningMean, runningVar, gamma, beta, true, 0.1f, EPS);
    }

    /**
     * Batch norm forward and backward (x, gamma and beta require gradients).
     *
     * @return the input's gradient
     */
    @Benchmark
    public Tensor batchNormForwardBackward() {
        Tensor x = images.detach().requiresGrad(true);
        Tensor w = gamma.detach().requiresGrad(true);
        Tensor b = beta.detach().requiresGrad(true);
        Normalization.batchNorm(x, null, null, w, b, true, 0.1f, EPS).sum().backward();
        return x.grad();
    }

    /**
     * Layer norm forward over the last axis, without affine.
     *
     * @return the output
     */
    @Benchmark
    public Tensor layerNormForward() {
        return Normalization.layerNorm(tokens, new int[] {128}, null, null, EPS);
    }

    /**
     * The same batch norm forward composed of core ops (what the op did before its kernels).
     *
     * @return the output
     */
    @Benchmark
    public Tensor batchNormComposedForward() {
        return composedBatchNorm(images, gamma, beta);
    }

    /**
     * The composed batch norm, forward and backward.
     *
     * @return the input's gradient
     */
    @Benchmark
    public Tensor batchNormComposedForwardBackward() {
        Tensor x = images.detach().requiresGrad(true);
        Tensor w = gamma.detach().requiresGrad(true);
        Tensor b = beta.detach().requiresGrad(true);
        composedBatchNorm(x, w, b).sum().backward();
        return x.grad();
    }

    /**
     * The same layer norm forward composed of core ops.
     *
     * @return the output
     */
    @Benchmark
    public Tensor layerNormComposedForward() {
        int[] axes = {1};
        Tensor centered = tokens.sub(tokens.mean(axes, true));
        return centered.mul(centered.square().mean(axes, true).add(EPS).rsqrt());
    }

    /** {@code (x - mean) rsqrt(var + eps) gamma + beta} over axes 0, 2, 3, in core ops. */
    private static Tensor composedBatchNorm(Tensor x, Tensor w, Tensor b) {
        int[] axes = {0, 2, 3};
        Tensor centered = x.sub(x.mean(axes, true));
        Tensor xhat = centered.mul(centered.square().mean(axes, true).add(EPS).rsqrt());
        return xhat.mul(w.reshape(1, C, 1, 1)).add(b.reshape(1, C, 1, 1));
    }
}
