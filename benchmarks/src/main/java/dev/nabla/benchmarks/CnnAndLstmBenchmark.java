package dev.nabla.benchmarks;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.Relu;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.rnn.Gru;
import dev.nabla.nn.rnn.Lstm;
import dev.nabla.optim.Adam;
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
 * Two model-sized workloads of PyTorch's anchor suite: one training step (forward,
 * cross-entropy, backward, Adam) of a small CNN, conv(1→32, 3, pad 1)-ReLU-maxpool 2-
 * conv(32→64, 3, pad 1)-ReLU-maxpool 2-flatten-linear(3136→128)-ReLU-dropout 0.3-linear(128→10)
 * (the {@code fashion-cnn} model) on a batch of 64 1x28x28 images; and an
 * LSTM (input 64, hidden 256) over 50 steps at batch 32, forward and backward of a given
 * output gradient. Also a GRU of the same sizes (no PyTorch anchor).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CnnAndLstmBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class CnnAndLstmBenchmark {

    private Sequential cnn;
    private Adam adam;
    private Tensor images;
    private int[] labels;
    private Lstm lstm;
    private Gru gru;
    private Tensor sequence;
    private Tensor outputGrad;

    /** Builds both models and their random inputs. */
    @Setup
    public void setUp() {
        Rng rng = new Rng(0);
        cnn = new Sequential(new Conv2d(1, 32, 3, 1, 1, rng), new Relu(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1, rng), new Relu(), new MaxPool2d(2),
                new Flatten(1, -1), new Linear(64 * 7 * 7, 128, rng), new Relu(), new Dropout(0.3f, rng),
                new Linear(128, 10, rng));
        adam = new Adam(cnn.parameters(), Adam.Options.defaults());
        images = Tensor.randn(rng, 64, 1, 28, 28);
        labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
        lstm = new Lstm(64, 256, rng);
        sequence = Tensor.randn(rng, 50, 32, 64);
        outputGrad = Tensor.randn(rng, 50, 32, 256);
        gru = new Gru(64, 256, rng); // last, so the earlier inputs are drawn as before it existed
    }

    /** @return the loss, so the work is not eliminated */
    @Benchmark
    public Tensor cnnTrainStep() {
        adam.zeroGrad();
        Tensor loss = Losses.crossEntropy(cnn.forward(images), labels);
        loss.backward();
        adam.step();
        return loss;
    }

    /** @return the output, so the work is not eliminated */
    @Benchmark
    public Tensor lstmForwardBackward() {
        return forwardBackward(lstm);
    }

    /** @return the output, so the work is not eliminated */
    @Benchmark
    public Tensor gruForwardBackward() {
        return forwardBackward(gru);
    }

    /** The sequence through {@code layer}, and the output gradient back. */
    private Tensor forwardBackward(Module layer) {
        layer.zeroGrad();
        Tensor out = layer.forward(sequence);
        out.backward(outputGrad);
        return out;
    }
}
