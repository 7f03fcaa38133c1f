package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.Sequential;
import org.junit.jupiter.api.Test;

/**
 * Wrong input shapes to every layer that constrains its input: an IllegalArgumentException
 * naming the layer (with its configuration), the expected shape and the shape it got. The
 * elementwise activations accept every shape and have no such case.
 */
class BadInputTest {

    private static final Rng RNG = new Rng(1);

    @Test
    void linear() {
        Linear lin = new Linear(4, 3, RNG);
        Checks.throwsWith(() -> lin.forward(Tensor.zeros(2, 5)), "Linear(in_features=4, out_features=3, bias=true)",
                "input must be (*, 4)", "got [2, 5]");
        Checks.throwsWith(() -> lin.forward(Tensor.scalar(1f)), "Linear(", "(*, 4)", "got []");
        Checks.throwsWith(() -> new Sequential(new Relu(), lin).forward(Tensor.zeros(3)), "Linear(", "got [3]");
    }

    @Test
    void batchNorm() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Checks.throwsWith(() -> bn.forward(Tensor.zeros(2, 4)), "BatchNorm1d(3", "(N, 3) or (N, 3, L)", "got [2, 4]");
        Checks.throwsWith(() -> bn.forward(Tensor.zeros(2, 3, 2, 2)), "BatchNorm1d(3", "got [2, 3, 2, 2]");
        assertArrayEquals(new float[3], bn.runningMean().toArray());
        assertEquals(0f, bn.numBatchesTracked().item());
        BatchNorm2d bn2 = new BatchNorm2d(3);
        Checks.throwsWith(() -> bn2.forward(Tensor.zeros(2, 3, 4)), "BatchNorm2d(3", "(N, 3, H, W)", "got [2, 3, 4]");
        Checks.throwsWith(() -> bn2.forward(Tensor.zeros(2, 2, 4, 4)), "BatchNorm2d(3", "(N, 3, H, W)");
    }

    @Test
    void layerAndGroupNorm() {
        Checks.throwsWith(() -> new LayerNorm(3, 2).forward(Tensor.zeros(4, 2, 3)), "LayerNorm(normalized_shape=[3, 2]",
                "(*, 3, 2)", "got [4, 2, 3]");
        Checks.throwsWith(() -> new LayerNorm(3).forward(Tensor.scalar(0f)), "LayerNorm(", "(*, 3)");
        Checks.throwsWith(() -> new GroupNorm(2, 4).forward(Tensor.zeros(2, 3, 5)), "GroupNorm(2, 4",
                "(N, 4, *)", "got [2, 3, 5]");
        Checks.throwsWith(() -> new GroupNorm(2, 4).forward(Tensor.zeros(4)), "GroupNorm(", "got [4]");
    }

    @Test
    void dropout2dAndShapes() {
        Checks.throwsWith(() -> new Dropout2d(0.5f, RNG).forward(Tensor.zeros(2, 3)), "Dropout2d(p=0.5)",
                "(N, C, H, W)", "got [2, 3]");
        Checks.throwsWith(() -> new Flatten().forward(Tensor.zeros(5)), "Flatten(start_dim=1, end_dim=-1)",
                "rank >= 2", "got [5]");
        Checks.throwsWith(() -> new Unflatten(1, 2, 3).forward(Tensor.zeros(4, 5)), "Unflatten(dim=1",
                "dimension 1 has size 6", "got [4, 5]");
        Checks.throwsWith(() -> new Softmax(2).forward(Tensor.zeros(3, 4)), "Softmax(dim=2)", "rank >= 3",
                "got [3, 4]");
        Checks.throwsWith(() -> new LogSoftmax(-3).forward(Tensor.zeros(3, 4)), "LogSoftmax(dim=-3)", "rank >= 3");
    }

    @Test
    void embedding() {
        Embedding e = new Embedding(5, 3, RNG);
        Checks.throwsWith(() -> e.forward(new int[] {1, 5}), "Embedding(5, 3)", "ids must be in [0, 5)", "got 5");
        Checks.throwsWith(() -> e.forward(new int[] {1, 2, 3}, 2, 2), "Embedding(5, 3)", "3 ids do not fill");
        Checks.throwsWith(() -> e.forward(Tensor.of(new float[] {1.5f}, 1)), "Embedding(5, 3)", "whole numbers",
                "got [1]");
    }

    @Test
    void containersReportTheLayerThatRefusedTheInput() {
        // an Mlp is a Sequential: the first Linear names itself and its expected width
        Mlp mlp = new Mlp(RNG, 3, 4, 2);
        Checks.throwsWith(() -> mlp.forward(Tensor.zeros(2, 5)), "Linear(in_features=3, out_features=4, bias=true)",
                "input must be (*, 3)", "got [2, 5]");
        Sequential net = new Sequential(new Flatten(), new Linear(12, 2, RNG));
        Checks.throwsWith(() -> net.forward(Tensor.zeros(2, 3, 5)), "Linear(in_features=12", "(*, 12)", "got [2, 15]");
    }

    @Test
    void badConstructorArguments() {
        Checks.throwsWith(() -> new Linear(0, 3, RNG), "Linear", "inFeatures");
        Checks.throwsWith(() -> new GroupNorm(3, 4), "GroupNorm", "dividing");
        Checks.throwsWith(() -> new Embedding(5, 3, 5, RNG), "Embedding", "paddingIdx");
        Checks.throwsWith(() -> new Dropout(1.5f, RNG), "Dropout", "p in [0, 1]");
        Checks.throwsWith(() -> new BatchNorm.Options(0f, 0.1f, true, true), "BatchNorm", "eps");
        Checks.throwsWith(() -> new Mlp(RNG, 3), "Mlp", "two sizes");
    }
}
