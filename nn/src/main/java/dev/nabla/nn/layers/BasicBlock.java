package dev.nabla.nn.layers;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.init.Init;

/**
 * The ResNet basic residual block (torchvision's {@code BasicBlock}, expansion 1):
 * {@code y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, where {@code conv1} is a
 * 3x3 convolution with the block's stride and {@code conv2} a 3x3 convolution with stride 1
 * (both padding 1, no bias), and the shortcut is the identity or, when the stride is not 1 or
 * the channel count changes, {@code downsample}: a 1x1 convolution with the block's stride (no
 * bias) followed by batch norm.
 *
 * <p>Children, named as torchvision's so state dicts interoperate: {@code conv1}, {@code bn1},
 * {@code conv2}, {@code bn2} and, if present, {@code downsample} (a {@link Sequential} whose
 * entries are {@code downsample.0.weight} and {@code downsample.1.*}). The convolutions start
 * with {@link Conv2d}'s default init and the batch norms with weight 1, bias 0 (torchvision's
 * ResNet re-initialises convolutions with Kaiming normal; do that with {@link Module#apply} if
 * wanted). With {@code zeroInitLastBn} the weight of {@code bn2} starts at 0, so the residual
 * branch outputs 0 and the block starts as {@code relu(shortcut(x))} (torchvision's
 * {@code zero_init_residual}).
 */
public class BasicBlock extends Module {

    private final int inChannels;
    private final int channels;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    /**
     * A block whose last batch norm starts with weight 1.
     *
     * @param inChannels the input channels, at least 1
     * @param channels the output channels, at least 1
     * @param stride the stride of conv1 and of the shortcut, at least 1 (2 halves H and W)
     * @param rng the generator of the initial convolution weights
     * @throws IllegalArgumentException if a value is out of range
     */
    public BasicBlock(int inChannels, int channels, int stride, Rng rng) {
        this(inChannels, channels, stride, false, rng);
    }

    /**
     * @param inChannels the input channels, at least 1
     * @param channels the output channels, at least 1
     * @param stride the stride of conv1 and of the shortcut, at least 1 (2 halves H and W)
     * @param zeroInitLastBn whether bn2's weight starts at 0, making the block start as
     *     {@code relu(shortcut(x))}
     * @param rng the generator of the initial convolution weights (conv1, conv2, then downsample's)
     * @throws IllegalArgumentException if a value is out of range
     */
    public BasicBlock(int inChannels, int channels, int stride, boolean zeroInitLastBn, Rng rng) {
        if (inChannels < 1 || channels < 1 || stride < 1) {
            throw new IllegalArgumentException("BasicBlock: expected inChannels, channels and stride >= 1, got "
                    + inChannels + ", " + channels + ", " + stride);
        }
        this.inChannels = inChannels;
        this.channels = channels;
        this.stride = stride;
        ConvOptions noBias = ConvOptions.of(stride, 1).withBias(false);
        conv1 = registerModule("conv1", new Conv2d(inChannels, channels, new int[] {3}, noBias, rng));
        bn1 = registerModule("bn1", new BatchNorm2d(channels));
        conv2 = registerModule("conv2", new Conv2d(channels, channels, new int[] {3}, noBias.withStride(1), rng));
        bn2 = registerModule("bn2", new BatchNorm2d(channels));
        if (stride != 1 || inChannels != channels) {
            Conv2d projection = new Conv2d(inChannels, channels, new int[] {1}, noBias.withPadding(0), rng);
            downsample = registerModule("downsample", new Sequential(projection, new BatchNorm2d(channels)));
        } else {
            downsample = null;
        }
        if (zeroInitLastBn) {
            Init.zerosInPlace(bn2.weight());
        }
    }

    /**
     * @param x the input, {@code (N, inChannels, H, W)} with H, W at least 1
     * @return {@code (N, channels, outH, outW)}, {@code out = floor((in - 1) / stride) + 1}
     * @throws IllegalArgumentException (naming this block) if x is not {@code (N, inChannels, H, W)}
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw badInput("(N, " + inChannels + ", H, W)", x);
        }
        Tensor out = bn1.forward(conv1.forward(x)).relu();
        out = bn2.forward(conv2.forward(out));
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return out.add(shortcut).relu();
    }

    /** @return the first 3x3 convolution (with the block's stride) */
    public Conv2d conv1() {
        return conv1;
    }

    /** @return the batch norm after conv1 */
    public BatchNorm2d bn1() {
        return bn1;
    }

    /** @return the second 3x3 convolution (stride 1) */
    public Conv2d conv2() {
        return conv2;
    }

    /** @return the batch norm after conv2 */
    public BatchNorm2d bn2() {
        return bn2;
    }

    /**
     * @return the projection shortcut, {@code (1x1 Conv2d, BatchNorm2d)}, or {@code null} if the
     *     shortcut is the identity
     */
    public Sequential downsample() {
        return downsample;
    }

    /** @return the input channels */
    public int inChannels() {
        return inChannels;
    }

    /** @return the output channels */
    public int channels() {
        return channels;
    }

    /** @return the stride of conv1 and the shortcut */
    public int stride() {
        return stride;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + channels + ", stride=" + stride;
    }
}
