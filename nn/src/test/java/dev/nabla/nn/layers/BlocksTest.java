package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nabla.core.Autograd;
import dev.nabla.core.Convolution;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Joining;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.init.Init;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BasicBlock and DenseBlock against the same computation composed in the test from core ops
 * (convolution, concatenation) and batch norm written with tensor arithmetic, using the
 * weights read from the module; torchvision's names; zero-initialised residual branches;
 * gradient checks and bad input.
 */
class BlocksTest {

    private static final float EPS = 1e-5f;

    /** Batch norm by hand: batch statistics (biased variance) in training mode, running ones in eval. */
    static Tensor bn(Tensor x, BatchNorm2d m) {
        int c = m.numFeatures();
        int[] axes = {0, 2, 3};
        Tensor mean = m.isTraining() ? x.mean(axes, true) : m.runningMean().reshape(1, c, 1, 1);
        Tensor var = m.isTraining() ? x.sub(mean).square().mean(axes, true) : m.runningVar().reshape(1, c, 1, 1);
        return x.sub(mean).div(var.add(EPS).sqrt()).mul(m.weight().reshape(1, c, 1, 1))
                .add(m.bias().reshape(1, c, 1, 1));
    }

    static Tensor conv(Tensor x, Conv2d c) {
        ConvOptions o = c.options();
        return Convolution.conv2d(x, c.weight(), c.bias(), o.stride(), o.padding(), o.dilation(), o.groups());
    }

    /** Random affine parameters and running statistics for every batch norm in the tree, so they matter. */
    static void randomizeNorms(Module root, Rng rng) {
        for (Module m : root.namedModules().values()) {
            if (m instanceof BatchNorm2d b) {
                Init.uniformInPlace(b.weight(), 0.5f, 1.5f, rng);
                Init.uniformInPlace(b.bias(), -0.5f, 0.5f, rng);
                Init.uniformInPlace(b.runningMean(), -0.5f, 0.5f, rng);
                Init.uniformInPlace(b.runningVar(), 0.5f, 2f, rng);
            }
        }
    }

    static Tensor expectedBasic(BasicBlock b, Tensor x) {
        Tensor out = bn(conv(bn(conv(x, b.conv1()), b.bn1()).relu(), b.conv2()), b.bn2());
        Tensor shortcut = b.downsample() == null ? x
                : bn(conv(x, (Conv2d) b.downsample().get(0)), (BatchNorm2d) b.downsample().get(1));
        return out.add(shortcut).relu();
    }

    static double[] values(Tensor t) {
        return LinearEmbeddingTest.toDouble(t.toArray());
    }

    @Test
    void basicBlockMatchesItsCompositionInTrainAndEval() {
        Rng rng = new Rng(1);
        for (BasicBlock b : new BasicBlock[] {new BasicBlock(3, 3, 1, rng), new BasicBlock(3, 5, 2, rng),
            new BasicBlock(4, 4, 2, rng)}) {
            randomizeNorms(b, rng);
            Tensor x = Tensor.randn(rng, 2, b.inChannels(), 6, 5);
            for (boolean training : new boolean[] {true, false}) {
                b.train(training);
                double[] expected = values(expectedBasic(b, x));
                Tensor y = b.forward(x);
                int size = b.stride() == 1 ? 6 : 3;
                assertArrayEquals(new int[] {2, b.channels(), size, b.stride() == 1 ? 5 : 3}, y.shape().toArray());
                Checks.close(expected, y, 1e-4);
            }
        }
    }

    @Test
    void basicBlockNamesAndShapesFollowTorchvision() {
        BasicBlock b = new BasicBlock(3, 5, 2, new Rng(2));
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias",
                "downsample.0.weight", "downsample.1.weight", "downsample.1.bias"),
                new ArrayList<>(b.namedParameters().keySet()));
        Map<String, Tensor> state = b.stateDict();
        assertArrayEquals(new int[] {5, 3, 3, 3}, state.get("conv1.weight").shape().toArray());
        assertArrayEquals(new int[] {5, 5, 3, 3}, state.get("conv2.weight").shape().toArray());
        assertArrayEquals(new int[] {5, 3, 1, 1}, state.get("downsample.0.weight").shape().toArray());
        assertArrayEquals(new int[] {5}, state.get("downsample.1.running_var").shape().toArray());
        assertEquals(3 + 3 * 5, state.size(), "three conv weights plus five tensors for each of the three batch norms");
        BasicBlock identity = new BasicBlock(4, 4, 1, new Rng(3));
        assertNull(identity.downsample());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias"),
                new ArrayList<>(identity.namedParameters().keySet()));
    }

    @Test
    void zeroInitLastBnMakesTheBlockStartAsTheShortcut() {
        Rng rng = new Rng(4);
        BasicBlock b = new BasicBlock(3, 3, 1, true, rng);
        assertArrayEquals(new float[3], b.bn2().weight().toArray());
        Tensor x = Tensor.randn(rng, 2, 3, 4, 4);
        Checks.close(values(x.relu()), b.forward(x), 0);
        Checks.close(values(x.relu()), b.eval().forward(x), 0);
        BasicBlock down = new BasicBlock(3, 4, 2, true, rng);
        Tensor shortcut = down.downsample().forward(x);
        Checks.close(values(shortcut.relu()), down.forward(x), 1e-6);
        // without the option the residual branch contributes
        BasicBlock plain = new BasicBlock(3, 3, 1, rng);
        float[] y = plain.forward(x).toArray();
        float[] r = x.relu().toArray();
        double diff = 0;
        for (int i = 0; i < y.length; i++) {
            diff = Math.max(diff, Math.abs(y[i] - r[i]));
        }
        assertEquals(true, diff > 0.1, "max |block(x) - relu(x)| = " + diff);
    }

    /**
     * Gradient check of a block with respect to its input and every parameter. With batch
     * statistics, nudging one input or weight moves every pre-activation of the batch, so some
     * relu input usually lies within the shared helpers' step (1e-2) of its kink and central
     * differences straddle it (the numeric value then converges to autograd's as the step
     * shrinks). So the input is checked with a step of 3e-3 and the parameters, whose nudges
     * reach more activations, with 1e-3; the loss is summed in double to keep fp32 rounding
     * well below the tolerance.
     */
    static void blockGradients(Module block, Tensor x) {
        GradCheck.gradient(new GradCheck.Options(3e-3, 1e-3, 1e-3, 42), xs -> block.forward(xs[0]), x).orThrow();
        double h = 1e-3;
        float[] w = Tensor.randn(new Rng(99), block.forward(x).shape().toArray()).toArray();
        block.zeroGrad();
        block.forward(x).mul(Tensor.of(w, block.forward(x).shape().toArray())).sum().backward();
        for (Map.Entry<String, Tensor> e : block.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            float[] analytic = p.grad().toArray();
            float[] base = p.toArray();
            for (int i = 0; i < base.length; i++) {
                float[] v = base.clone();
                v[i] = (float) (base[i] + h);
                double plus = weightedSum(block, x, p, v, w);
                float up = v[i];
                v[i] = (float) (base[i] - h);
                double numeric = (plus - weightedSum(block, x, p, v, w)) / ((double) up - v[i]);
                if (Math.abs(analytic[i] - numeric) > 2e-3 + 2e-3 * Math.abs(numeric)) {
                    throw new AssertionError("gradient of " + e.getKey() + "[" + i + "]: autograd " + analytic[i]
                            + ", numeric " + numeric);
                }
            }
            set(p, base);
        }
        block.zeroGrad();
    }

    /** sum(block(x) * w) in double, with parameter p set to values. */
    private static double weightedSum(Module block, Tensor x, Tensor p, float[] values, float[] w) {
        set(p, values);
        try (Autograd.Scope scope = Autograd.noGrad()) {
            float[] y = block.forward(x).toArray();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) y[i] * w[i];
            }
            return s;
        }
    }

    private static void set(Tensor p, float[] values) {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            p.copyFrom(Tensor.of(values, p.shape().toArray()));
        }
    }

    @Test
    void basicBlockGradients() {
        Rng rng = new Rng(5);
        BasicBlock b = new BasicBlock(2, 3, 2, rng);
        randomizeNorms(b, rng);
        blockGradients(b, Tensor.randn(rng, 2, 2, 4, 4));
        BasicBlock identity = new BasicBlock(2, 2, 1, rng);
        randomizeNorms(identity, rng);
        blockGradients(identity.eval(), Tensor.randn(rng, 1, 2, 3, 3));
    }

    static Tensor expectedDense(DenseBlock block, Tensor x) {
        List<Tensor> features = new ArrayList<>(List.of(x));
        for (int i = 0; i < block.numLayers(); i++) {
            DenseBlock.DenseLayer l = block.layer(i);
            Tensor in = Joining.cat(List.copyOf(features), 1);
            features.add(conv(bn(conv(bn(in, l.norm1()).relu(), l.conv1()), l.norm2()).relu(), l.conv2()));
        }
        return Joining.cat(features, 1);
    }

    @Test
    void denseBlockConcatenatesEveryLayersFeatures() {
        Rng rng = new Rng(6);
        DenseBlock block = new DenseBlock(3, 4, 2, 2, rng);
        randomizeNorms(block, rng);
        assertEquals(4 + 3 * 2, block.outChannels());
        Tensor x = Tensor.randn(rng, 2, 4, 5, 3);
        for (boolean training : new boolean[] {true, false}) {
            block.train(training);
            double[] expected = values(expectedDense(block, x));
            Tensor y = block.forward(x);
            assertArrayEquals(new int[] {2, 10, 5, 3}, y.shape().toArray());
            Checks.close(expected, y, 1e-4);
            Checks.close(values(x), y.narrow(1, 0, 4), 0); // the input passes through unchanged
        }
        assertEquals(16 + 5 * 12, new DenseBlock(5, 16, 12, rng).outChannels());
    }

    @Test
    void denseBlockNamesAndShapesFollowTorchvision() {
        DenseBlock block = new DenseBlock(2, 3, 4, new Rng(7)); // bnSize 4: bottleneck 16 channels
        assertEquals(List.of("denselayer1.norm1.weight", "denselayer1.norm1.bias", "denselayer1.conv1.weight",
                "denselayer1.norm2.weight", "denselayer1.norm2.bias", "denselayer1.conv2.weight",
                "denselayer2.norm1.weight", "denselayer2.norm1.bias", "denselayer2.conv1.weight",
                "denselayer2.norm2.weight", "denselayer2.norm2.bias", "denselayer2.conv2.weight"),
                new ArrayList<>(block.namedParameters().keySet()));
        Map<String, Tensor> p = block.namedParameters();
        assertArrayEquals(new int[] {16, 3, 1, 1}, p.get("denselayer1.conv1.weight").shape().toArray());
        assertArrayEquals(new int[] {4, 16, 3, 3}, p.get("denselayer1.conv2.weight").shape().toArray());
        assertArrayEquals(new int[] {7}, p.get("denselayer2.norm1.weight").shape().toArray());
        assertArrayEquals(new int[] {16, 7, 1, 1}, p.get("denselayer2.conv1.weight").shape().toArray());
        assertEquals(true, block.stateDict().containsKey("denselayer2.norm2.num_batches_tracked"));
    }

    @Test
    void denseBlockGradients() {
        // A tiny block (2-channel bottleneck, 18 values per channel) has relu inputs near their
        // kinks at many points; this seeded point has none within the steps, in either mode.
        Rng rng = new Rng(9);
        DenseBlock block = new DenseBlock(2, 2, 2, 1, rng);
        randomizeNorms(block, rng);
        Tensor x = Tensor.randn(rng, 2, 2, 3, 3);
        blockGradients(block, x);
        blockGradients(block.eval(), x);
    }

    @Test
    void aSmallResNetStacksInSequentialAndItsStateMovesToAnotherInstance() {
        Sequential net = smallNet(new Rng(10));
        Tensor x = Tensor.randn(new Rng(11), 2, 3, 8, 8);
        Tensor y = net.forward(x);
        assertArrayEquals(new int[] {2, 5}, y.shape().toArray());
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "4.conv1.weight"),
                new ArrayList<>(net.namedParameters().keySet()).subList(0, 4));
        assertEquals(true, net.stateDict().containsKey("5.denselayer2.conv2.weight"));
        assertEquals(true, net.toString().contains("downsample"), net.toString());
        y.sum().backward();
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            assertEquals(true, e.getValue().grad() != null, "no gradient for " + e.getKey());
        }
        Sequential copy = smallNet(new Rng(12));
        copy.loadStateDict(net.stateDict());
        net.eval();
        copy.eval();
        Checks.close(values(net.forward(x)), copy.forward(x), 0);
    }

    private static Sequential smallNet(Rng rng) {
        return new Sequential(new Conv2d(3, 4, new int[] {3}, ConvOptions.of(1, 1).withBias(false), rng),
                new BatchNorm2d(4), new Relu(), new MaxPool2d(2), new BasicBlock(4, 6, 2, rng),
                new DenseBlock(2, 6, 2, rng), new GlobalAvgPool2d(), new Linear(10, 5, rng));
    }

    @Test
    void badInputNamesTheBlockAndTheExpectedShape() {
        Rng rng = new Rng(9);
        BasicBlock b = new BasicBlock(3, 4, 2, rng);
        Checks.throwsWith(() -> b.forward(Tensor.zeros(1, 4, 8, 8)), "BasicBlock(3, 4, stride=2)",
                "input must be (N, 3, H, W)", "got [1, 4, 8, 8]");
        Checks.throwsWith(() -> b.forward(Tensor.zeros(3, 8, 8)), "BasicBlock(", "(N, 3, H, W)", "got [3, 8, 8]");
        DenseBlock d = new DenseBlock(2, 3, 4, rng);
        Checks.throwsWith(() -> d.forward(Tensor.zeros(1, 2, 4, 4)), "DenseBlock(num_layers=2, in_channels=3",
                "(N, 3, H, W)", "got [1, 2, 4, 4]");
        Checks.throwsWith(() -> d.layer(1).forward(Tensor.zeros(1, 3, 4, 4)), "DenseLayer(", "(N, 7, H, W)");
        Checks.throwsWith(() -> new BasicBlock(3, 0, 1, rng), "BasicBlock", "channels");
        Checks.throwsWith(() -> new DenseBlock(0, 3, 4, rng), "DenseBlock", "numLayers");
    }
}
