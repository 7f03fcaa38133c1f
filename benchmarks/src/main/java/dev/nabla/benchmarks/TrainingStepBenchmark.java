package dev.nabla.benchmarks;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.layers.Mlp;
import dev.nabla.nn.loss.Losses;
import dev.nabla.optim.Adam;
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
 * One full training step of a multi-layer perceptron on random data: forward, cross-entropy
 * from logits, backward, and an Adam update (lr 1e-3), as PyTorch's anchor suite times it.
 * {@code model} picks the network and batch: {@code 784-256-256-10/128} or
 * {@code 784-128-10/32}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TrainingStepBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class TrainingStepBenchmark {

    /** Layer sizes and batch, as {@code sizes/batch}. */
    @Param({"784-256-256-10/128", "784-128-10/32"})
    public String model;

    private Mlp mlp;
    private Adam adam;
    private Tensor x;
    private int[] labels;

    /** Builds the network, the optimizer and one batch of random inputs and labels. */
    @Setup
    public void setUp() {
        String[] parts = model.split("/");
        String[] layers = parts[0].split("-");
        int[] sizes = new int[layers.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Integer.parseInt(layers[i]);
        }
        int batch = Integer.parseInt(parts[1]);
        Rng rng = new Rng(0);
        mlp = new Mlp(rng, sizes);
        adam = new Adam(mlp.parameters(), Adam.Options.defaults());
        x = Tensor.randn(rng, batch, sizes[0]);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(sizes[sizes.length - 1]);
        }
    }

    /** @return the loss, so the work is not eliminated */
    @Benchmark
    public Tensor step() {
        adam.zeroGrad();
        Tensor loss = Losses.crossEntropy(mlp.forward(x), labels);
        loss.backward();
        adam.step();
        return loss;
    }
}
