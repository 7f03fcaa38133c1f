package dev.nabla.core.spec;

import static dev.nabla.core.spec.Inputs.uniform;
import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Convolution;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-spec rows for {@link Convolution}. References are direct loops in double over the
 * definition (a sum over kernel taps for the convolution, a scatter of every input pixel for
 * the transposed one), never im2col or GEMM. Shapes are small and odd, and the rows cover
 * stride, padding, dilation, groups, depthwise, bias and output padding.
 */
public final class ConvSpecs {

    private ConvSpecs() {
    }

    /** @return the rows */
    public static List<OpSpec> rows() {
        List<OpSpec> r = new ArrayList<>();
        Tensor x = uniform(501, -1, 1, 2, 3, 5, 4);
        Tensor w = uniform(502, -1, 1, 4, 3, 3, 2);
        Tensor b = uniform(503, -1, 1, 4);
        r.add(conv2dRow("conv2d/bias", x, w, b, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1));
        r.add(smooth("conv2d/short-form-pad1", new Tensor[] {x, w, b}, t -> Convolution.conv2d(t[0], t[1], t[2], 1, 1),
                new int[] {2, 4, 5, 5}, t -> conv2d(t[0], t[1], t[2], new int[] {1, 1}, new int[] {1, 1},
                        new int[] {1, 1}, 1)));

        Tensor x2 = uniform(504, -1, 1, 1, 2, 7, 6);
        Tensor w2 = uniform(505, -1, 1, 3, 2, 3, 3);
        Tensor b2 = uniform(506, -1, 1, 3);
        r.add(conv2dRow("conv2d/stride-padding-dilation", x2, w2, b2, new int[] {2, 1}, new int[] {1, 2},
                new int[] {2, 1}, 1));

        Tensor x3 = uniform(507, -1, 1, 2, 4, 5, 5);
        Tensor w3 = uniform(508, -1, 1, 6, 2, 3, 3);
        r.add(conv2dRow("conv2d/groups-no-bias", x3, w3, null, new int[] {2, 2}, new int[] {1, 1},
                new int[] {1, 1}, 2));
        Tensor w4 = uniform(509, -1, 1, 4, 1, 2, 3);
        r.add(conv2dRow("conv2d/depthwise", x3, w4, uniform(510, -1, 1, 4), new int[] {1, 2}, new int[] {0, 1},
                new int[] {1, 1}, 4));

        // Padding wider than the kernel (whole rows and columns of zeros) and a kernel that
        // covers the padded input exactly (one output).
        Tensor x9 = uniform(520, -1, 1, 1, 2, 4, 5);
        r.add(conv2dRow("conv2d/1x1-wide-padding-stride3", x9, uniform(521, -1, 1, 3, 2, 1, 1), null,
                new int[] {3, 3}, new int[] {2, 3}, new int[] {1, 1}, 1));
        r.add(conv2dRow("conv2d/kernel-fills-padded-input", x9, uniform(522, -1, 1, 2, 2, 2, 4), null,
                new int[] {2, 1}, new int[] {0, 1}, new int[] {3, 2}, 1));

        Tensor x5 = uniform(511, -1, 1, 2, 3, 9);
        Tensor w5 = uniform(512, -1, 1, 4, 3, 3);
        Tensor b5 = uniform(513, -1, 1, 4);
        r.add(conv1dRow("conv1d/stride-padding-dilation", x5, w5, b5, 2, 1, 2, 1));
        Tensor x6 = uniform(514, -1, 1, 1, 4, 7);
        r.add(conv1dRow("conv1d/groups", x6, uniform(515, -1, 1, 6, 2, 2), null, 1, 0, 1, 2));

        Tensor x7 = uniform(516, -1, 1, 2, 4, 3, 3);
        Tensor w7 = uniform(517, -1, 1, 4, 3, 3, 3);
        r.add(transposeRow("convTranspose2d/stride-padding-outputPadding", x7, w7, uniform(518, -1, 1, 3),
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 1));
        Tensor w8 = uniform(519, -1, 1, 4, 1, 2, 3);
        r.add(transposeRow("convTranspose2d/groups-dilation", x7, w8, null,
                new int[] {1, 2}, new int[] {0, 1}, new int[] {0, 1}, new int[] {2, 1}, 2));
        r.add(smooth("convTranspose2d/short-form", new Tensor[] {x7, w7},
                t -> Convolution.convTranspose2d(t[0], t[1], null, 2, 0), new int[] {2, 3, 7, 7},
                t -> convTranspose2d(t[0], t[1], null, new int[] {2, 2}, new int[] {0, 0}, new int[] {0, 0},
                        new int[] {1, 1}, 1)));
        return r;
    }

    private static OpSpec conv2dRow(String name, Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] d, int groups) {
        int oh = out(x.size(2), w.size(2), s[0], p[0], d[0]);
        int ow = out(x.size(3), w.size(3), s[1], p[1], d[1]);
        Tensor[] in = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return smooth(name, in, t -> Convolution.conv2d(t[0], t[1], t.length > 2 ? t[2] : null, s, p, d, groups),
                new int[] {x.size(0), w.size(0), oh, ow},
                t -> conv2d(t[0], t[1], t.length > 2 ? t[2] : null, s, p, d, groups));
    }

    private static OpSpec conv1dRow(String name, Tensor x, Tensor w, Tensor b, int s, int p, int d, int groups) {
        int ol = out(x.size(2), w.size(2), s, p, d);
        Tensor[] in = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return smooth(name, in, t -> Convolution.conv1d(t[0], t[1], t.length > 2 ? t[2] : null, s, p, d, groups),
                new int[] {x.size(0), w.size(0), ol},
                t -> conv2d(t[0].reshape(x.size(0), x.size(1), 1, x.size(2)),
                        t[1].reshape(w.size(0), w.size(1), 1, w.size(2)), t.length > 2 ? t[2] : null,
                        new int[] {1, s}, new int[] {0, p}, new int[] {1, d}, groups));
    }

    private static OpSpec transposeRow(String name, Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] op, int[] d,
                                       int groups) {
        int oh = (x.size(2) - 1) * s[0] - 2 * p[0] + d[0] * (w.size(2) - 1) + op[0] + 1;
        int ow = (x.size(3) - 1) * s[1] - 2 * p[1] + d[1] * (w.size(3) - 1) + op[1] + 1;
        Tensor[] in = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return smooth(name, in,
                t -> Convolution.convTranspose2d(t[0], t[1], t.length > 2 ? t[2] : null, s, p, op, d, groups),
                new int[] {x.size(0), w.size(1) * groups, oh, ow},
                t -> convTranspose2d(t[0], t[1], t.length > 2 ? t[2] : null, s, p, op, d, groups));
    }

    /** PyTorch's output length, {@code floor((in + 2p - d (k - 1) - 1) / s) + 1}. */
    static int out(int in, int k, int s, int p, int d) {
        return (in + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    /** Direct conv2d: a sum over channels of the group and kernel taps, zero outside x. */
    static double[] conv2d(Tensor xt, Tensor wt, Tensor bt, int[] s, int[] p, int[] d, int groups) {
        int n = xt.size(0);
        int cin = xt.size(1);
        int h = xt.size(2);
        int wd = xt.size(3);
        int cout = wt.size(0);
        int cg = wt.size(1);
        int kh = wt.size(2);
        int kw = wt.size(3);
        int oh = out(h, kh, s[0], p[0], d[0]);
        int ow = out(wd, kw, s[1], p[1], d[1]);
        float[] x = xt.toArray();
        float[] w = wt.toArray();
        double[] y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                int grp = co / (cout / groups);
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = bt == null ? 0 : bt.get(co);
                        for (int c = 0; c < cg; c++) {
                            int ci = grp * cg + c;
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i * s[0] - p[0] + u * d[0];
                                    int q = j * s[1] - p[1] + v * d[1];
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        acc += (double) w[((co * cg + c) * kh + u) * kw + v]
                                                * x[((b * cin + ci) * h + r) * wd + q];
                                    }
                                }
                            }
                        }
                        y[((b * cout + co) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** Direct transposed conv2d: every input pixel scatters its products with the kernel. */
    static double[] convTranspose2d(Tensor xt, Tensor wt, Tensor bt, int[] s, int[] p, int[] op, int[] d,
                                    int groups) {
        int n = xt.size(0);
        int cin = xt.size(1);
        int h = xt.size(2);
        int wd = xt.size(3);
        int cg = wt.size(1);
        int cout = cg * groups;
        int kh = wt.size(2);
        int kw = wt.size(3);
        int oh = (h - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op[0] + 1;
        int ow = (wd - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op[1] + 1;
        float[] x = xt.toArray();
        float[] w = wt.toArray();
        double[] y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                for (int i = 0; i < oh * ow; i++) {
                    y[(b * cout + co) * oh * ow + i] = bt == null ? 0 : bt.get(co);
                }
            }
            for (int ci = 0; ci < cin; ci++) {
                int grp = ci / (cin / groups);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        double xv = x[((b * cin + ci) * h + i) * wd + j];
                        for (int c = 0; c < cg; c++) {
                            int co = grp * cg + c;
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i * s[0] - p[0] + u * d[0];
                                    int q = j * s[1] - p[1] + v * d[1];
                                    if (r >= 0 && r < oh && q >= 0 && q < ow) {
                                        y[((b * cout + co) * oh + r) * ow + q] += xv * w[((ci * cg + c) * kh + u) * kw + v];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }
}
