package dev.nabla.nn.layers;

import dev.nabla.core.Joining;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * A DenseNet dense block (torchvision's {@code _DenseBlock}, without dropout): {@code numLayers}
 * {@link DenseLayer}s, each taking the concatenation along channels of the block's input and
 * every earlier layer's output and adding {@code growthRate} new channels. The block returns
 * that concatenation, {@code inChannels + numLayers growthRate} channels, with H and W
 * unchanged.
 *
 * <p>Children are named as torchvision's, {@code denselayer1}, ..., {@code denselayerN}, each with
 * {@code norm1}, {@code conv1}, {@code norm2}, {@code conv2}, so parameters are e.g.
 * {@code denselayer1.norm1.weight} and {@code denselayer2.conv2.weight}. Convolutions start with
 * {@link Conv2d}'s default init and batch norms with weight 1, bias 0.
 */
public class DenseBlock extends Module {

    /**
     * One layer of a dense block: {@code conv2(relu(norm2(conv1(relu(norm1(x))))))}, where
     * {@code conv1} is a 1x1 bottleneck to {@code bnSize growthRate} channels and {@code conv2}
     * a 3x3 convolution (padding 1) to {@code growthRate} channels, both without bias.
     */
    public static class DenseLayer extends Module {

        private final int inChannels;
        private final BatchNorm2d norm1;
        private final Conv2d conv1;
        private final BatchNorm2d norm2;
        private final Conv2d conv2;

        /**
         * @param inChannels the input channels, at least 1
         * @param growthRate the output channels, at least 1
         * @param bnSize the bottleneck width as a multiple of growthRate, at least 1
         * @param rng the generator of the initial convolution weights (conv1, then conv2)
         * @throws IllegalArgumentException if a value is below 1
         */
        public DenseLayer(int inChannels, int growthRate, int bnSize, Rng rng) {
            if (inChannels < 1 || growthRate < 1 || bnSize < 1) {
                throw new IllegalArgumentException("DenseLayer: expected inChannels, growthRate and bnSize >= 1, got "
                        + inChannels + ", " + growthRate + ", " + bnSize);
            }
            this.inChannels = inChannels;
            int width = Math.multiplyExact(bnSize, growthRate);
            ConvOptions noBias = ConvOptions.DEFAULT.withBias(false);
            norm1 = registerModule("norm1", new BatchNorm2d(inChannels));
            conv1 = registerModule("conv1", new Conv2d(inChannels, width, new int[] {1}, noBias, rng));
            norm2 = registerModule("norm2", new BatchNorm2d(width));
            conv2 = registerModule("conv2", new Conv2d(width, growthRate, new int[] {3}, noBias.withPadding(1), rng));
        }

        /**
         * @param x the input, {@code (N, inChannels, H, W)}
         * @return the new features, {@code (N, growthRate, H, W)}
         * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, inChannels, H, W)}
         */
        @Override
        public Tensor forward(Tensor x) {
            if (x.dim() != 4 || x.size(1) != inChannels) {
                throw badInput("(N, " + inChannels + ", H, W)", x);
            }
            Tensor bottleneck = conv1.forward(norm1.forward(x).relu());
            return conv2.forward(norm2.forward(bottleneck).relu());
        }

        /** @return the batch norm of the input */
        public BatchNorm2d norm1() {
            return norm1;
        }

        /** @return the 1x1 bottleneck convolution */
        public Conv2d conv1() {
            return conv1;
        }

        /** @return the batch norm of the bottleneck */
        public BatchNorm2d norm2() {
            return norm2;
        }

        /** @return the 3x3 convolution producing the new features */
        public Conv2d conv2() {
            return conv2;
        }
    }

    private final int inChannels;
    private final int growthRate;
    private final int bnSize;
    private final List<DenseLayer> layers = new ArrayList<>();

    /**
     * A block with torchvision's bottleneck width, {@code bnSize = 4}.
     *
     * @param numLayers the number of layers, at least 1
     * @param inChannels the input channels, at least 1
     * @param growthRate the channels each layer adds, at least 1
     * @param rng the generator of the initial convolution weights
     * @throws IllegalArgumentException if a value is below 1
     */
    public DenseBlock(int numLayers, int inChannels, int growthRate, Rng rng) {
        this(numLayers, inChannels, growthRate, 4, rng);
    }

    /**
     * @param numLayers the number of layers, at least 1
     * @param inChannels the input channels, at least 1
     * @param growthRate the channels each layer adds, at least 1
     * @param bnSize the bottleneck width of each layer as a multiple of growthRate, at least 1
     * @param rng the generator of the initial convolution weights, layer by layer
     * @throws IllegalArgumentException if a value is below 1
     */
    public DenseBlock(int numLayers, int inChannels, int growthRate, int bnSize, Rng rng) {
        if (numLayers < 1 || inChannels < 1 || growthRate < 1 || bnSize < 1) {
            throw new IllegalArgumentException("DenseBlock: expected numLayers, inChannels, growthRate and bnSize"
                    + " >= 1, got " + numLayers + ", " + inChannels + ", " + growthRate + ", " + bnSize);
        }
        this.inChannels = inChannels;
        this.growthRate = growthRate;
        this.bnSize = bnSize;
        for (int i = 0; i < numLayers; i++) {
            int in = Math.addExact(inChannels, Math.multiplyExact(i, growthRate));
            layers.add(registerModule("denselayer" + (i + 1), new DenseLayer(in, growthRate, bnSize, rng)));
        }
    }

    /**
     * @param x the input, {@code (N, inChannels, H, W)}
     * @return the input and every layer's output concatenated along channels,
     *     {@code (N, inChannels + numLayers growthRate, H, W)}
     * @throws IllegalArgumentException (naming this block) if x is not {@code (N, inChannels, H, W)}
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw badInput("(N, " + inChannels + ", H, W)", x);
        }
        List<Tensor> features = new ArrayList<>();
        features.add(x);
        for (DenseLayer layer : layers) {
            // cat's backward keeps the list it was given, so hand it a snapshot, not the growing list
            features.add(layer.forward(Joining.cat(List.copyOf(features), 1)));
        }
        return Joining.cat(features, 1);
    }

    /**
     * @param index the layer's position, {@code 0 <= index < numLayers()} (named {@code denselayer(index + 1)})
     * @return the layer
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public DenseLayer layer(int index) {
        return layers.get(index);
    }

    /** @return the number of layers */
    public int numLayers() {
        return layers.size();
    }

    /** @return the input channels */
    public int inChannels() {
        return inChannels;
    }

    /** @return the output channels, {@code inChannels + numLayers growthRate} */
    public int outChannels() {
        return inChannels + layers.size() * growthRate;
    }

    /** @return the channels each layer adds */
    public int growthRate() {
        return growthRate;
    }

    /** @return the bottleneck width as a multiple of growthRate */
    public int bnSize() {
        return bnSize;
    }

    @Override
    protected String extraRepr() {
        return "num_layers=" + layers.size() + ", in_channels=" + inChannels + ", growth_rate=" + growthRate
                + ", bn_size=" + bnSize;
    }
}
