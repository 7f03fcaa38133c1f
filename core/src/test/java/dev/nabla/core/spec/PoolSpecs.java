package dev.nabla.core.spec;

import static dev.nabla.core.spec.Inputs.distinct;
import static dev.nabla.core.spec.Inputs.uniform;
import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Pooling;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-spec rows for {@link Pooling}. References are direct loops in double over PyTorch's
 * documented definitions (window sums and maxima, start/end index formulas, source-index
 * formulas for upsampling). Max pooling runs on distinct inputs so its argmax is stable under
 * the gradient check's perturbations; it is piecewise linear, so its second-order check
 * expects (and must get) a zero second derivative.
 */
public final class PoolSpecs {

    private PoolSpecs() {
    }

    /** @return the rows */
    public static List<OpSpec> rows() {
        List<OpSpec> r = new ArrayList<>();
        Tensor x = distinct(601, -1, 0.05f, 2, 2, 5, 6);
        r.add(maxRow("maxPool2d/k2-s2", x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}));
        Tensor x2 = distinct(602, -1, 0.05f, 1, 2, 7, 7);
        r.add(maxRow("maxPool2d/padding-dilation", x2, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1},
                new int[] {1, 2}));
        r.add(smooth("maxPool2d/short-form", new Tensor[] {x}, t -> Pooling.maxPool2d(t[0], 2), new int[] {2, 2, 2, 3},
                t -> maxPool(t[0], new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1})));
        int[] k = {3, 3};
        int[] s = {2, 1};
        int[] p = {1, 1};
        int[] d = {1, 1};
        r.add(smooth("maxPool2dWithIndices", new Tensor[] {x2}, t -> Pooling.maxPool2dWithIndices(t[0], k, s, p, d)
                .values(), new int[] {1, 2, 4, 7}, t -> maxPool(t[0], k, s, p, d)));

        Tensor y = uniform(603, -1, 1, 1, 2, 5, 6);
        r.add(avgRow("avgPool2d/padding-count-include-pad", y, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true));
        r.add(avgRow("avgPool2d/padding-exclude-pad", y, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, false));
        r.add(smooth("avgPool2d/short-form", new Tensor[] {y}, t -> Pooling.avgPool2d(t[0], 2), new int[] {1, 2, 2, 3},
                t -> avgPool(t[0], new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, true)));

        Tensor z = uniform(604, -1, 1, 2, 2, 5, 7);
        r.add(resizeRow("adaptiveAvgPool2d/shrink", z, 3, 4, t -> Pooling.adaptiveAvgPool2d(t, 3, 4), PoolSpecs::adaptive));
        Tensor small = uniform(605, -1, 1, 1, 2, 3, 2);
        r.add(resizeRow("adaptiveAvgPool2d/grow", small, 4, 5, t -> Pooling.adaptiveAvgPool2d(t, 4, 5),
                PoolSpecs::adaptive));

        Tensor u = uniform(606, -1, 1, 1, 2, 3, 4);
        r.add(resizeRow("upsampleNearest2d/odd", u, 7, 5, t -> Pooling.upsampleNearest2d(t, 7, 5), PoolSpecs::nearest));
        r.add(resizeRow("upsampleNearest2d/double", u, 6, 8, t -> Pooling.upsampleNearest2d(t, 6, 8), PoolSpecs::nearest));
        r.add(resizeRow("upsampleNearest2d/shrink", z, 3, 2, t -> Pooling.upsampleNearest2d(t, 3, 2), PoolSpecs::nearest));

        r.add(resizeRow("upsampleBilinear2d/half-pixel", u, 5, 7, t -> Pooling.upsampleBilinear2d(t, 5, 7, false),
                (t, oh, ow) -> bilinear(t, oh, ow, false)));
        r.add(resizeRow("upsampleBilinear2d/align-corners", u, 5, 7, t -> Pooling.upsampleBilinear2d(t, 5, 7, true),
                (t, oh, ow) -> bilinear(t, oh, ow, true)));
        r.add(resizeRow("upsampleBilinear2d/shrink", z, 3, 4, t -> Pooling.upsampleBilinear2d(t, 3, 4, false),
                (t, oh, ow) -> bilinear(t, oh, ow, false)));
        r.add(resizeRow("upsampleBilinear2d/align-corners-one-row", z, 1, 3,
                t -> Pooling.upsampleBilinear2d(t, 1, 3, true), (t, oh, ow) -> bilinear(t, oh, ow, true)));
        return r;
    }

    /** A reference for a resize of every plane to {@code (oh, ow)}: returns the output plane values. */
    private interface PlaneReference {
        double[][] apply(double[][] plane, int oh, int ow);
    }

    private static OpSpec resizeRow(String name, Tensor x, int oh, int ow, java.util.function.UnaryOperator<Tensor> op,
                                    PlaneReference ref) {
        return smooth(name, new Tensor[] {x}, t -> op.apply(t[0]), new int[] {x.size(0), x.size(1), oh, ow},
                t -> perPlane(t[0], oh, ow, ref));
    }

    private static double[] perPlane(Tensor t, int oh, int ow, PlaneReference ref) {
        int planes = t.size(0) * t.size(1);
        int h = t.size(2);
        int w = t.size(3);
        float[] v = t.toArray();
        double[] out = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            double[][] plane = new double[h][w];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    plane[i][j] = v[(pl * h + i) * w + j];
                }
            }
            double[][] o = ref.apply(plane, oh, ow);
            for (int i = 0; i < oh; i++) {
                System.arraycopy(o[i], 0, out, (pl * oh + i) * ow, ow);
            }
        }
        return out;
    }

    private static OpSpec maxRow(String name, Tensor x, int[] k, int[] s, int[] p, int[] d) {
        int oh = ConvSpecs.out(x.size(2), k[0], s[0], p[0], d[0]);
        int ow = ConvSpecs.out(x.size(3), k[1], s[1], p[1], d[1]);
        return smooth(name, new Tensor[] {x}, t -> Pooling.maxPool2d(t[0], k, s, p, d),
                new int[] {x.size(0), x.size(1), oh, ow}, t -> maxPool(t[0], k, s, p, d));
    }

    private static OpSpec avgRow(String name, Tensor x, int[] k, int[] s, int[] p, boolean includePad) {
        int oh = ConvSpecs.out(x.size(2), k[0], s[0], p[0], 1);
        int ow = ConvSpecs.out(x.size(3), k[1], s[1], p[1], 1);
        return smooth(name, new Tensor[] {x}, t -> Pooling.avgPool2d(t[0], k, s, p, includePad),
                new int[] {x.size(0), x.size(1), oh, ow}, t -> avgPool(t[0], k, s, p, includePad));
    }

    /** Direct max over each window's taps that fall inside the plane. */
    static double[] maxPool(Tensor x, int[] k, int[] s, int[] p, int[] d) {
        int oh = ConvSpecs.out(x.size(2), k[0], s[0], p[0], d[0]);
        int ow = ConvSpecs.out(x.size(3), k[1], s[1], p[1], d[1]);
        return perPlane(x, oh, ow, (plane, h, w) -> {
            double[][] o = new double[h][w];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u < k[0]; u++) {
                        for (int v = 0; v < k[1]; v++) {
                            int r = i * s[0] - p[0] + u * d[0];
                            int q = j * s[1] - p[1] + v * d[1];
                            if (r >= 0 && r < plane.length && q >= 0 && q < plane[0].length) {
                                m = Math.max(m, plane[r][q]);
                            }
                        }
                    }
                    o[i][j] = m;
                }
            }
            return o;
        });
    }

    /** Window sum over taps inside the plane, divided by kH kW or by the count of those taps. */
    static double[] avgPool(Tensor x, int[] k, int[] s, int[] p, boolean includePad) {
        int oh = ConvSpecs.out(x.size(2), k[0], s[0], p[0], 1);
        int ow = ConvSpecs.out(x.size(3), k[1], s[1], p[1], 1);
        return perPlane(x, oh, ow, (plane, h, w) -> {
            double[][] o = new double[h][w];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double sum = 0;
                    int inside = 0;
                    for (int u = 0; u < k[0]; u++) {
                        for (int v = 0; v < k[1]; v++) {
                            int r = i * s[0] - p[0] + u;
                            int q = j * s[1] - p[1] + v;
                            if (r >= 0 && r < plane.length && q >= 0 && q < plane[0].length) {
                                sum += plane[r][q];
                                inside++;
                            }
                        }
                    }
                    o[i][j] = sum / (includePad ? k[0] * k[1] : inside);
                }
            }
            return o;
        });
    }

    /** Mean over rows [floor(i H / oh), ceil((i + 1) H / oh)) and the same for columns. */
    static double[][] adaptive(double[][] plane, int oh, int ow) {
        int h = plane.length;
        int w = plane[0].length;
        double[][] o = new double[oh][ow];
        for (int i = 0; i < oh; i++) {
            int r0 = (int) Math.floor((double) i * h / oh);
            int r1 = (int) Math.ceil((double) (i + 1) * h / oh);
            for (int j = 0; j < ow; j++) {
                int q0 = (int) Math.floor((double) j * w / ow);
                int q1 = (int) Math.ceil((double) (j + 1) * w / ow);
                double sum = 0;
                for (int r = r0; r < r1; r++) {
                    for (int q = q0; q < q1; q++) {
                        sum += plane[r][q];
                    }
                }
                o[i][j] = sum / ((r1 - r0) * (q1 - q0));
            }
        }
        return o;
    }

    /** Copies row min(floor(i H / oh), H - 1) and likewise for columns. */
    static double[][] nearest(double[][] plane, int oh, int ow) {
        int h = plane.length;
        int w = plane[0].length;
        double[][] o = new double[oh][ow];
        for (int i = 0; i < oh; i++) {
            int r = Math.min((int) Math.floor((double) i * h / oh), h - 1);
            for (int j = 0; j < ow; j++) {
                o[i][j] = plane[r][Math.min((int) Math.floor((double) j * w / ow), w - 1)];
            }
        }
        return o;
    }

    /** Linear interpolation between the two nearest rows, then columns, at PyTorch's source coordinates. */
    static double[][] bilinear(double[][] plane, int oh, int ow, boolean alignCorners) {
        int h = plane.length;
        int w = plane[0].length;
        double[][] o = new double[oh][ow];
        for (int i = 0; i < oh; i++) {
            double sr = source(i, h, oh, alignCorners);
            int r0 = (int) Math.floor(sr);
            int r1 = Math.min(r0 + 1, h - 1);
            double fr = sr - r0;
            for (int j = 0; j < ow; j++) {
                double sc = source(j, w, ow, alignCorners);
                int q0 = (int) Math.floor(sc);
                int q1 = Math.min(q0 + 1, w - 1);
                double fc = sc - q0;
                double top = plane[r0][q0] * (1 - fc) + plane[r0][q1] * fc;
                double bottom = plane[r1][q0] * (1 - fc) + plane[r1][q1] * fc;
                o[i][j] = top * (1 - fr) + bottom * fr;
            }
        }
        return o;
    }

    private static double source(int dst, int in, int out, boolean alignCorners) {
        if (alignCorners) {
            return out > 1 ? (double) dst * (in - 1) / (out - 1) : 0;
        }
        return Math.max((dst + 0.5) * in / out - 0.5, 0);
    }
}
