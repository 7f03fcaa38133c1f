package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.ConvGemm;
import dev.nabla.core.kernels.ConvGeometry;
import java.util.Arrays;

/**
 * Convolutions with PyTorch's layouts and semantics (NCHW; weights {@code (Cout, Cin / groups,
 * kH, kW)}, transposed-convolution weights {@code (Cin, Cout / groups, kH, kW)}), lowered to
 * GEMM through im2col/col2im.
 *
 * <p>Three primitives carry every gradient: the convolution {@code C(x, w)}, its adjoint in x
 * {@code T(g, w)} (the transposed convolution) and its adjoint in w {@code Wg(x, g)}. All three
 * are slices of the trilinear form {@code <g, C(x, w)>}, so each one's derivatives are the other
 * two; recording them with each other as backward rules makes convolutions differentiable to
 * any order (gradient penalties through a critic, Hessian-vector products).
 */
public final class Convolution {

    private Convolution() {
    }

    /**
     * 2-D convolution (cross-correlation, as {@code torch.nn.functional.conv2d}):
     * {@code y[n][co][oh][ow] = b[co] + sum_{ci, kh, kw} w[co][ci][kh][kw]
     * x[n][g Cin/groups + ci][oh sH - pH + kh dH][ow sW - pW + kw dW]}, zero outside x.
     * dx = convTranspose2d(g, w), dw = correlation of x with g, db = sum of g over (N, H, W).
     *
     * @param x the input {@code (N, Cin, H, W)}
     * @param weight {@code (Cout, Cin / groups, kH, kW)}
     * @param bias {@code (Cout)}, or {@code null} for none
     * @param stride {@code {sH, sW}}, each at least 1
     * @param padding {@code {pH, pW}} zeros on each side, each at least 0
     * @param dilation {@code {dH, dW}} spacing of kernel taps, each at least 1
     * @param groups at least 1, dividing Cin and Cout
     * @return {@code (N, Cout, outH, outW)} with {@code out = floor((in + 2p - d (k - 1) - 1) / s) + 1}
     * @throws IllegalArgumentException (message starting {@code "conv2d:"}) on wrong ranks,
     *     channels that do not match or divide, a bias of the wrong size, non-positive stride or
     *     dilation, negative padding, or a kernel larger than the padded input
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                int[] dilation, int groups) {
        ConvGeometry g = geometry("conv2d", x, weight, bias, stride, padding, dilation, groups);
        return correlate(x, weight, bias, g);
    }

    /**
     * {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int)} with the same stride and
     * padding in both directions, no dilation and one group.
     *
     * @throws IllegalArgumentException as the full form
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    /**
     * 1-D convolution (as {@code torch.nn.functional.conv1d}): conv2d on {@code (N, C, 1, L)} with
     * a {@code (1, k)} kernel; same semantics and gradients.
     *
     * @param x the input {@code (N, Cin, L)}
     * @param weight {@code (Cout, Cin / groups, k)}
     * @param bias {@code (Cout)}, or {@code null}
     * @param stride at least 1
     * @param padding zeros on each end, at least 0
     * @param dilation at least 1
     * @param groups at least 1, dividing Cin and Cout
     * @return {@code (N, Cout, outL)}, {@code outL = floor((L + 2p - d (k - 1) - 1) / s) + 1}
     * @throws IllegalArgumentException (message starting {@code "conv1d:"}) as conv2d's checks
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation,
                                int groups) {
        if (x.dim() != 3 || weight.dim() != 3) {
            throw new IllegalArgumentException("conv1d: expected input (N, C, L) and weight (Cout, Cin/groups, k), got "
                    + x.shape() + " and " + weight.shape());
        }
        Tensor x4 = x.reshape(x.size(0), x.size(1), 1, x.size(2));
        Tensor w4 = weight.reshape(weight.size(0), weight.size(1), 1, weight.size(2));
        ConvGeometry g;
        try {
            g = geometry("conv1d", x4, w4, bias, new int[] {1, stride}, new int[] {0, padding},
                    new int[] {1, dilation}, groups);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (conv1d of input " + x.shape() + " and weight "
                    + weight.shape() + " runs as conv2d on (N, C, 1, L))", e);
        }
        return correlate(x4, w4, bias, g).reshape(x.size(0), weight.size(0), g.outW());
    }

    /**
     * 2-D transposed convolution (as {@code torch.nn.functional.conv_transpose2d}): the adjoint
     * in its input of the conv2d that maps {@code (N, Cout, outH, outW)} to {@code (N, Cin, H, W)}
     * with the same stride, padding, dilation and groups; each input pixel scatters
     * {@code x[n][ci][h][w] * weight[ci][co][kh][kw]} to {@code (h sH - pH + kh dH, w sW - pW + kw dW)}.
     * dx = conv2d(g, w), dw = correlation of g with x, db = sum of g over (N, H, W).
     *
     * @param x the input {@code (N, Cin, H, W)}
     * @param weight {@code (Cin, Cout / groups, kH, kW)}
     * @param bias {@code (Cout)}, or {@code null}
     * @param stride {@code {sH, sW}}, each at least 1
     * @param padding {@code {pH, pW}}, each at least 0 (removed from the output's borders)
     * @param outputPadding {@code {oH, oW}} extra rows/columns on one side; each at least 0 and
     *     smaller than the stride or the dilation of its direction
     * @param dilation {@code {dH, dW}}, each at least 1
     * @param groups at least 1, dividing Cin and Cout
     * @return {@code (N, Cout, outH, outW)}, {@code out = (in - 1) s - 2p + d (k - 1) + outputPadding + 1}
     * @throws IllegalArgumentException (message starting {@code "convTranspose2d:"}) on wrong
     *     ranks, channels that do not match or divide, a bias of the wrong size, non-positive
     *     stride or dilation, negative or too large (output) padding, or an empty output
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation, int groups) {
        ConvGeometry g = transposedGeometry(x, weight, bias, stride, padding, outputPadding, dilation, groups);
        return transposed(x, weight, bias, g);
    }

    /**
     * {@link #convTranspose2d(Tensor, Tensor, Tensor, int[], int[], int[], int[], int)} with the
     * same stride and padding in both directions, no output padding, no dilation, one group.
     *
     * @throws IllegalArgumentException as the full form
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return convTranspose2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {0, 0}, new int[] {1, 1}, 1);
    }

    /** C(x, w) + b: the convolution; dx = T(g, w), dw = Wg(x, g), db = sum of g over (N, H, W). */
    static Tensor correlate(Tensor x, Tensor w, Tensor b, ConvGeometry geo) {
        Tensor y = Tensor.empty(Shape.of(geo.batch(), geo.outChannels(), geo.outH(), geo.outW()));
        ConvGemm.forward(geo, x.data(), w.data(), b == null ? null : b.data(), y.data());
        Autograd.Backward rule = (g, n) -> grads(
                n[0] ? transposed(g, w, null, geo) : null,
                n[1] ? weightGrad(x, g, geo) : null,
                n.length > 2 && n[2] ? biasGrad(g) : null);
        return b == null ? record("conv2d", y, saved(x, w), withoutBias(rule), x, w)
                : record("conv2d", y, saved(x, w), rule, x, w, b);
    }

    /** T(gy, w) + b: the adjoint of C in x, shape of x; d gy = C(g, w), dw = Wg(g, gy), db = sum of g. */
    static Tensor transposed(Tensor gy, Tensor w, Tensor b, ConvGeometry geo) {
        Tensor dx = Tensor.empty(Shape.of(geo.batch(), geo.inChannels(), geo.height(), geo.width()));
        ConvGemm.inputGrad(geo, gy.data(), w.data(), b == null ? null : b.data(), dx.data());
        Autograd.Backward rule = (g, n) -> grads(
                n[0] ? correlate(g, w, null, geo) : null,
                n[1] ? weightGrad(g, gy, geo) : null,
                n.length > 2 && n[2] ? biasGrad(g) : null);
        return b == null ? record("convTranspose2d", dx, saved(gy, w), withoutBias(rule), gy, w)
                : record("convTranspose2d", dx, saved(gy, w), rule, gy, w, b);
    }

    /** Wg(x, gy): the adjoint of C in w, shape of w; dx = T(gy, g), d gy = C(x, g). */
    static Tensor weightGrad(Tensor x, Tensor gy, ConvGeometry geo) {
        int cinG = geo.inChannels() / geo.groups();
        Tensor dw = Tensor.empty(Shape.of(geo.outChannels(), cinG, geo.kernelH(), geo.kernelW()));
        ConvGemm.weightGrad(geo, x.data(), gy.data(), dw.data());
        return record("conv2dWeightGrad", dw, saved(x, gy), (g, n) -> grads(
                n[0] ? transposed(gy, g, null, geo) : null,
                n[1] ? correlate(x, g, null, geo) : null), x, gy);
    }

    /** The gradient of a per-channel bias: g summed over (N, H, W). */
    private static Tensor biasGrad(Tensor g) {
        return g.sum(new int[] {0, 2, 3}, false);
    }

    /** The rule for the two inputs (x, w) of an op recorded without a bias. */
    private static Autograd.Backward withoutBias(Autograd.Backward rule) {
        return (g, n) -> Arrays.copyOf(rule.apply(g, n), 2);
    }

    private static ConvGeometry geometry(String op, Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding,
                                         int[] dilation, int groups) {
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W) and weight (Cout, Cin/groups, kH, kW),"
                    + " got " + x.shape() + " and " + w.shape());
        }
        checkOptions(op, stride, padding, dilation, groups);
        int cin = x.size(1);
        int cout = w.size(0);
        if (w.size(1) * groups != cin || cout % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " has " + cin + " channels and weight "
                    + w.shape() + " with groups=" + groups + " expects " + w.size(1) * groups
                    + "; Cout=" + cout + " must also be a multiple of groups");
        }
        checkBias(op, bias, cout);
        int h = x.size(2);
        int wd = x.size(3);
        int oh = ConvGeometry.outputSize(h, w.size(2), stride[0], padding[0], dilation[0]);
        int ow = ConvGeometry.outputSize(wd, w.size(3), stride[1], padding[1], dilation[1]);
        if (w.size(2) < 1 || w.size(3) < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": kernel " + w.size(2) + "x" + w.size(3) + " with dilation "
                    + Arrays.toString(dilation) + " is larger than the padded input " + (h + 2 * padding[0]) + "x"
                    + (wd + 2 * padding[1]) + " (input " + x.shape() + ", padding " + Arrays.toString(padding) + ")");
        }
        return new ConvGeometry(x.size(0), cin, h, wd, cout, w.size(2), w.size(3), stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups, oh, ow);
    }

    private static ConvGeometry transposedGeometry(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding,
                                                   int[] outputPadding, int[] dilation, int groups) {
        String op = "convTranspose2d";
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W) and weight (Cin, Cout/groups, kH, kW),"
                    + " got " + x.shape() + " and " + w.shape());
        }
        checkOptions(op, stride, padding, dilation, groups);
        checkPair(op, "outputPadding", outputPadding, 0);
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                throw new IllegalArgumentException(op + ": outputPadding " + Arrays.toString(outputPadding)
                        + " must be smaller than the stride " + Arrays.toString(stride) + " or the dilation "
                        + Arrays.toString(dilation) + " in each direction");
            }
        }
        int cin = x.size(1);
        if (w.size(0) != cin || cin % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " has " + cin + " channels, weight "
                    + w.shape() + " expects " + w.size(0) + "; Cin must also be a multiple of groups=" + groups);
        }
        int cout = w.size(1) * groups;
        checkBias(op, bias, cout);
        int[] in = {x.size(2), x.size(3)};
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            out[i] = (in[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (w.size(2 + i) - 1) + outputPadding[i] + 1;
        }
        if (w.size(2) < 1 || w.size(3) < 1 || out[0] < 1 || out[1] < 1) {
            throw new IllegalArgumentException(op + ": output size " + Arrays.toString(out) + " is empty for input "
                    + x.shape() + ", weight " + w.shape() + ", padding " + Arrays.toString(padding));
        }
        // The forward convolution of this transpose maps (N, Cout, out) to (N, Cin, in).
        return new ConvGeometry(x.size(0), cout, out[0], out[1], cin, w.size(2), w.size(3), stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups, in[0], in[1]);
    }

    private static void checkOptions(String op, int[] stride, int[] padding, int[] dilation, int groups) {
        checkPair(op, "stride", stride, 1);
        checkPair(op, "padding", padding, 0);
        checkPair(op, "dilation", dilation, 1);
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
        }
    }

    /** Checks that {@code values} is a pair, each at least {@code min}. */
    static void checkPair(String op, String name, int[] values, int min) {
        if (values == null || values.length != 2 || values[0] < min || values[1] < min) {
            throw new IllegalArgumentException(op + ": " + name + " must be two values >= " + min + ", got "
                    + Arrays.toString(values));
        }
    }

    private static void checkBias(String op, Tensor bias, int cout) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException(op + ": bias has shape " + bias.shape() + ", expected [" + cout + "]");
        }
    }
}
