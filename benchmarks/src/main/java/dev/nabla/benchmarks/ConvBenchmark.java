package dev.nabla.benchmarks;

import dev.nabla.core.Autograd;
import dev.nabla.core.Convolution;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * conv2d with a 3x3 kernel, padding 1 and a bias, as {@code torch_anchors.py} times it in
 * PyTorch: forward alone (no graph recorded), and forward plus backward with a given output
 * gradient. As in the anchor, the first-layer case {@code 3->32} computes no input gradient
 * (only weight and bias), the {@code 64->64} case computes all three. Work per call is
 * {@code 2 N Cout H W Cin 9} flops for the forward, twice (no dX) or three times (with dX)
 * that for forward plus backward.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ConvBenchmark -wi 3 -i 5 -f 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class ConvBenchmark {

    /** {@code batch-Cin-Cout-size}: the two anchor workloads. */
    @Param({"32-3-32-32", "32-64-64-16"})
    public String shape;

    private Tensor x;
    private Tensor weight;
    private Tensor bias;
    private Tensor gradOut;

    /** Creates the input, the parameters and the output gradient. */
    @Setup
    public void setUp() {
        String[] p = shape.split("-");
        int n = Integer.parseInt(p[0]);
        int cin = Integer.parseInt(p[1]);
        int cout = Integer.parseInt(p[2]);
        int size = Integer.parseInt(p[3]);
        Rng rng = new Rng(1);
        x = Tensor.randn(rng, n, cin, size, size).requiresGrad(cin != 3);
        weight = Tensor.randn(rng, cout, cin, 3, 3).mul(0.1f).detach().requiresGrad(true);
        bias = Tensor.randn(rng, cout).detach().requiresGrad(true);
        gradOut = Tensor.randn(rng, n, cout, size, size);
    }

    /**
     * The forward pass with recording off.
     *
     * @return the output, so the work is not eliminated
     */
    @Benchmark
    public Tensor forward() {
        try (var scope = Autograd.noGrad()) {
            return Convolution.conv2d(x, weight, bias, 1, 1);
        }
    }

    /**
     * The forward pass, recorded, and a backward with a fixed output gradient.
     *
     * @return the weight gradient, so the work is not eliminated
     */
    @Benchmark
    public Tensor forwardBackward() {
        weight.zeroGrad();
        bias.zeroGrad();
        x.zeroGrad();
        Convolution.conv2d(x, weight, bias, 1, 1).backward(gradOut);
        return weight.grad();
    }
}
