package dev.nabla.nn.layers;

import java.util.Arrays;

/**
 * The settings a convolution layer shares with PyTorch's {@code nn.Conv1d}/{@code nn.Conv2d}/
 * {@code nn.ConvTranspose2d} besides its channel counts and kernel size.
 *
 * <p>Each array holds either one value, used for every spatial dimension (as PyTorch's int
 * form), or one value per spatial dimension ({@code {h, w}} for 2-D layers; 1-D layers take
 * one value only). The arrays are copied in and out, so a record never changes.
 *
 * @param stride the step between kernel applications, in input pixels; each at least 1
 * @param padding zeros added on each side of every spatial dimension, in pixels; each at least 0
 * @param dilation the spacing between kernel taps, in input pixels; each at least 1
 * @param groups the number of channel groups, at least 1 (the layer checks it divides both
 *     channel counts)
 * @param bias whether the layer learns a per-output-channel bias
 */
public record ConvOptions(int[] stride, int[] padding, int[] dilation, int groups, boolean bias) {

    /** PyTorch's defaults: stride 1, no padding, no dilation, one group, with a bias. */
    public static final ConvOptions DEFAULT = new ConvOptions(new int[] {1}, new int[] {0}, new int[] {1}, 1, true);

    /**
     * @param stride one value or one per spatial dimension, each at least 1; copied
     * @param padding one value or one per spatial dimension, each at least 0; copied
     * @param dilation one value or one per spatial dimension, each at least 1; copied
     * @param groups at least 1
     * @param bias whether to learn a bias
     * @throws IllegalArgumentException if an array is null, empty, longer than 2 or holds a
     *     value below its minimum, or groups is below 1
     */
    public ConvOptions {
        stride = check("stride", stride, 1);
        padding = check("padding", padding, 0);
        dilation = check("dilation", dilation, 1);
        if (groups < 1) {
            throw new IllegalArgumentException("ConvOptions: groups must be >= 1, got " + groups);
        }
    }

    /**
     * Default options with the given stride and padding.
     *
     * @param stride the stride in every dimension, at least 1
     * @param padding the padding on each side of every dimension, at least 0
     * @return the options (no dilation, one group, with a bias)
     * @throws IllegalArgumentException if a value is out of range
     */
    public static ConvOptions of(int stride, int padding) {
        return DEFAULT.withStride(stride).withPadding(padding);
    }

    /**
     * @param values the stride, one value or one per spatial dimension
     * @return a copy of these options with that stride
     */
    public ConvOptions withStride(int... values) {
        return new ConvOptions(values, padding, dilation, groups, bias);
    }

    /**
     * @param values the padding, one value or one per spatial dimension
     * @return a copy of these options with that padding
     */
    public ConvOptions withPadding(int... values) {
        return new ConvOptions(stride, values, dilation, groups, bias);
    }

    /**
     * @param values the dilation, one value or one per spatial dimension
     * @return a copy of these options with that dilation
     */
    public ConvOptions withDilation(int... values) {
        return new ConvOptions(stride, padding, values, groups, bias);
    }

    /**
     * @param value the number of groups, at least 1
     * @return a copy of these options with that many groups
     */
    public ConvOptions withGroups(int value) {
        return new ConvOptions(stride, padding, dilation, value, bias);
    }

    /**
     * @param value whether to learn a bias
     * @return a copy of these options with or without a bias
     */
    public ConvOptions withBias(boolean value) {
        return new ConvOptions(stride, padding, dilation, groups, value);
    }

    /** @return the stride as given (one value or one per dimension); a copy */
    @Override
    public int[] stride() {
        return stride.clone();
    }

    /** @return the padding as given (one value or one per dimension); a copy */
    @Override
    public int[] padding() {
        return padding.clone();
    }

    /** @return the dilation as given (one value or one per dimension); a copy */
    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /** Two options are equal when every setting is, array contents included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConvOptions c && Arrays.equals(stride, c.stride) && Arrays.equals(padding, c.padding)
                && Arrays.equals(dilation, c.dilation) && groups == c.groups && bias == c.bias;
    }

    /** A hash consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(stride), Arrays.hashCode(padding),
            Arrays.hashCode(dilation), groups, bias ? 1 : 0});
    }

    /** The settings in words, e.g. {@code ConvOptions[stride=[2], padding=[1], dilation=[1], groups=1, bias=true]}. */
    @Override
    public String toString() {
        return "ConvOptions[stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding)
                + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups + ", bias=" + bias + "]";
    }

    /**
     * Expands a setting to one value per spatial dimension.
     *
     * @param layer the layer's name, for the error message
     * @param name the setting's name
     * @param values one value or {@code dims} values
     * @param dims the number of spatial dimensions, 1 or 2
     * @return {@code dims} values (a new array)
     * @throws IllegalArgumentException if there are neither one nor {@code dims} values
     */
    static int[] expand(String layer, String name, int[] values, int dims) {
        if (values.length == dims) {
            return values.clone();
        }
        if (values.length == 1) {
            int[] out = new int[dims];
            Arrays.fill(out, values[0]);
            return out;
        }
        throw new IllegalArgumentException(layer + ": " + name + (dims == 1 ? " must have 1 value" : " must have 1 or "
                + dims + " values") + ", got " + Arrays.toString(values));
    }

    /**
     * Checks a layer's channel counts and kernel size.
     *
     * @param layer the layer's name, for the error message
     * @param in the input channels
     * @param out the output channels
     * @param groups the number of groups
     * @param kernel the kernel size per spatial dimension
     * @throws IllegalArgumentException unless both counts are at least 1 and multiples of
     *     groups and every kernel size is at least 1
     */
    static void checkLayer(String layer, int in, int out, int groups, int[] kernel) {
        if (in < 1 || out < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + ": inChannels and outChannels must be >= 1 and multiples of"
                    + " groups=" + groups + ", got " + in + " and " + out);
        }
        for (int k : kernel) {
            if (k < 1) {
                throw new IllegalArgumentException(layer + ": kernel size must be >= 1, got " + Arrays.toString(kernel));
            }
        }
    }

    private static int[] check(String name, int[] values, int min) {
        if (values == null || values.length < 1 || values.length > 2) {
            throw new IllegalArgumentException("ConvOptions: " + name + " must have 1 or 2 values, got "
                    + Arrays.toString(values));
        }
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException("ConvOptions: " + name + " values must be >= " + min + ", got "
                        + Arrays.toString(values));
            }
        }
        return values.clone();
    }
}
