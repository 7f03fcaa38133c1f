package dev.nabla.core.spec;

import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Dropout;
import dev.nabla.core.Normalization;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-spec rows for {@link Normalization} and {@link Dropout}. References are plain loops in
 * double over the inputs' values: for every statistic, the elements it covers are gathered by
 * index arithmetic on the {@code (N, C, S)} or {@code (outer, K)} layout, their mean and biased
 * variance computed, and each element normalised. Dropout references redraw the mask with
 * {@link Rng#bernoulli} from the same seed, one draw per unit in row-major order.
 */
public final class NormSpecs {

    private static final float EPS = 1e-5f;

    private NormSpecs() {
    }

    /** @return rows for every public op of {@link Normalization} and {@link Dropout} */
    public static List<OpSpec> rows() {
        List<OpSpec> rows = new ArrayList<>();
        batchNorms(rows);
        layerNorms(rows);
        groupNorms(rows);
        dropouts(rows);
        return rows;
    }

    private static Tensor[] in(Tensor... t) {
        return t;
    }

    // ------------------------------------------------------------ rows

    private static void batchNorms(List<OpSpec> rows) {
        Tensor x2 = Inputs.uniform(401, -2, 2, 5, 3);
        Tensor x3 = Inputs.uniform(402, -2, 2, 2, 3, 4);
        Tensor x4 = Inputs.uniform(403, -2, 2, 2, 2, 3, 3);
        Tensor w = Inputs.uniform(404, 0.5f, 1.5f, 3);
        Tensor b = Inputs.uniform(405, -1, 1, 3);
        Tensor mean = Inputs.uniform(406, -0.5f, 0.5f, 3);
        Tensor var = Inputs.uniform(407, 0.5f, 2f, 3);
        // Fresh running buffers on every call: the row's function stays pure although the op updates them.
        rows.add(smooth("batchNorm/train-NC-affine", in(x2, w, b),
                t -> Normalization.batchNorm(t[0], Tensor.zeros(3), Tensor.ones(3), t[1], t[2], true, 0.1f, EPS),
                new int[] {5, 3}, t -> batchNorm(t[0], null, null, t[1], t[2])));
        rows.add(smooth("batchNorm/train-NCL-affine", in(x3, w, b),
                t -> Normalization.batchNorm(t[0], null, null, t[1], t[2], true, 0.1f, EPS),
                new int[] {2, 3, 4}, t -> batchNorm(t[0], null, null, t[1], t[2])));
        rows.add(smooth("batchNorm/train-NCHW", in(x4),
                t -> Normalization.batchNorm(t[0], Tensor.zeros(2), Tensor.ones(2), null, null, true, 0.1f, EPS),
                new int[] {2, 2, 3, 3}, t -> batchNorm(t[0], null, null, null, null)));
        rows.add(smooth("batchNorm/eval-NCL-affine", in(x3, mean, var, w, b),
                t -> Normalization.batchNorm(t[0], t[1], t[2], t[3], t[4], false, 0.1f, EPS),
                new int[] {2, 3, 4}, t -> batchNorm(t[0], t[1], t[2], t[3], t[4])));
    }

    private static void layerNorms(List<OpSpec> rows) {
        Tensor x = Inputs.uniform(411, -2, 2, 3, 5);
        Tensor y = Inputs.uniform(412, -2, 2, 2, 3, 4);
        Tensor w = Inputs.uniform(413, 0.5f, 1.5f, 5);
        Tensor b = Inputs.uniform(414, -1, 1, 5);
        rows.add(smooth("layerNorm/last-axis-affine", in(x, w, b),
                t -> Normalization.layerNorm(t[0], new int[] {5}, t[1], t[2], EPS),
                new int[] {3, 5}, t -> layerNorm(t[0], 5, t[1], t[2])));
        rows.add(smooth("layerNorm/two-axes", in(y),
                t -> Normalization.layerNorm(t[0], new int[] {3, 4}, null, null, EPS),
                new int[] {2, 3, 4}, t -> layerNorm(t[0], 12, null, null)));
    }

    private static void groupNorms(List<OpSpec> rows) {
        Tensor x4 = Inputs.uniform(421, -2, 2, 2, 4, 2, 2);
        Tensor x3 = Inputs.uniform(422, -2, 2, 2, 6, 2);
        Tensor w = Inputs.uniform(423, 0.5f, 1.5f, 4);
        Tensor b = Inputs.uniform(424, -1, 1, 4);
        rows.add(smooth("groupNorm/NCHW-affine", in(x4, w, b),
                t -> Normalization.groupNorm(t[0], 2, t[1], t[2], EPS),
                new int[] {2, 4, 2, 2}, t -> groupNorm(t[0], 2, t[1], t[2])));
        rows.add(smooth("groupNorm/NCL-three-groups", in(x3),
                t -> Normalization.groupNorm(t[0], 3, null, null, EPS),
                new int[] {2, 6, 2}, t -> groupNorm(t[0], 3, null, null)));
        rows.add(smooth("groupNorm/instance", in(x4),
                t -> Normalization.groupNorm(t[0], 4, null, null, EPS),
                new int[] {2, 4, 2, 2}, t -> groupNorm(t[0], 4, null, null)));
    }

    private static void dropouts(List<OpSpec> rows) {
        Tensor x = Inputs.uniform(431, -2, 2, 4, 5);
        Tensor images = Inputs.uniform(432, -2, 2, 2, 3, 2, 2);
        // A fresh generator per call: the same mask every time, so the function is deterministic.
        rows.add(smooth("dropout/train", in(x), t -> Dropout.dropout(t[0], 0.3f, true, new Rng(7)),
                new int[] {4, 5}, t -> dropout(t[0], 0.3f, 7, 1)));
        rows.add(smooth("dropout/eval", in(x), t -> Dropout.dropout(t[0], 0.3f, false, new Rng(7)),
                new int[] {4, 5}, t -> Reference.values(t[0])));
        rows.add(smooth("dropout/p0", in(x), t -> Dropout.dropout(t[0], 0f, true, new Rng(7)),
                new int[] {4, 5}, t -> Reference.values(t[0])));
        rows.add(smooth("dropout/p1", in(x), t -> Dropout.dropout(t[0], 1f, true, new Rng(7)),
                new int[] {4, 5}, t -> new double[20]));
        rows.add(smooth("dropout2d/train", in(images), t -> Dropout.dropout2d(t[0], 0.5f, true, new Rng(8)),
                new int[] {2, 3, 2, 2}, t -> dropout(t[0], 0.5f, 8, 4)));
        rows.add(smooth("dropout2d/eval", in(images), t -> Dropout.dropout2d(t[0], 0.5f, false, new Rng(8)),
                new int[] {2, 3, 2, 2}, t -> Reference.values(t[0])));
    }

    // ------------------------------------------------------------ references

    /**
     * Batch norm of an {@code (N, C, S...)} tensor: batch statistics of each channel when
     * {@code mean} is null, else the given ones; the optional affine per channel.
     */
    private static double[] batchNorm(Tensor x, Tensor mean, Tensor var, Tensor w, Tensor b) {
        int[] d = x.shape().toArray();
        int n = d[0];
        int c = d[1];
        int s = x.size() / (n * c);
        float[] v = x.toArray();
        double[] out = new double[v.length];
        for (int ch = 0; ch < c; ch++) {
            double[] group = new double[n * s];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    group[i * s + j] = v[(i * c + ch) * s + j];
                }
            }
            double mu = mean == null ? mean(group) : mean.toArray()[ch];
            double sigma2 = var == null ? biasedVariance(group) : var.toArray()[ch];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    int k = (i * c + ch) * s + j;
                    out[k] = affine((v[k] - mu) / Math.sqrt(sigma2 + EPS), w, b, ch);
                }
            }
        }
        return out;
    }

    /** Layer norm over the last {@code k} elements of every row, elementwise affine. */
    private static double[] layerNorm(Tensor x, int k, Tensor w, Tensor b) {
        float[] v = x.toArray();
        double[] out = new double[v.length];
        for (int row = 0; row < v.length / k; row++) {
            double[] slice = new double[k];
            for (int j = 0; j < k; j++) {
                slice[j] = v[row * k + j];
            }
            double mu = mean(slice);
            double sigma = Math.sqrt(biasedVariance(slice) + EPS);
            for (int j = 0; j < k; j++) {
                out[row * k + j] = affine((slice[j] - mu) / sigma, w, b, j);
            }
        }
        return out;
    }

    /** Group norm of {@code (N, C, S...)}: statistics per sample and group, affine per channel. */
    private static double[] groupNorm(Tensor x, int groups, Tensor w, Tensor b) {
        int[] d = x.shape().toArray();
        int n = d[0];
        int c = d[1];
        int s = x.size() / (n * c);
        int perGroup = c / groups;
        float[] v = x.toArray();
        double[] out = new double[v.length];
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < groups; g++) {
                double[] group = new double[perGroup * s];
                for (int ch = 0; ch < perGroup; ch++) {
                    for (int j = 0; j < s; j++) {
                        group[ch * s + j] = v[(i * c + g * perGroup + ch) * s + j];
                    }
                }
                double mu = mean(group);
                double sigma = Math.sqrt(biasedVariance(group) + EPS);
                for (int ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                    for (int j = 0; j < s; j++) {
                        int k = (i * c + ch) * s + j;
                        out[k] = affine((v[k] - mu) / sigma, w, b, ch);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Inverted dropout with the mask redrawn from {@code new Rng(seed)}: one Bernoulli(1 - p)
     * draw per block of {@code block} consecutive elements (1: per element; H * W: per channel).
     */
    static double[] dropout(Tensor x, float p, long seed, int block) {
        Rng rng = new Rng(seed);
        float[] v = x.toArray();
        double[] out = new double[v.length];
        float scale = 1f / (1f - p);
        for (int start = 0; start < v.length; start += block) {
            boolean keep = rng.bernoulli(1f - p);
            for (int k = start; k < start + block; k++) {
                out[k] = keep ? v[k] * scale : 0;
            }
        }
        return out;
    }

    private static double affine(double xhat, Tensor w, Tensor b, int index) {
        double scaled = w == null ? xhat : xhat * w.toArray()[index];
        return b == null ? scaled : scaled + b.toArray()[index];
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return s / v.length;
    }

    private static double biasedVariance(double[] v) {
        double mu = mean(v);
        double s = 0;
        for (double e : v) {
            s += (e - mu) * (e - mu);
        }
        return s / v.length;
    }
}
