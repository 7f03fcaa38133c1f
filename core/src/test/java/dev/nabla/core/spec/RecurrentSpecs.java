package dev.nabla.core.spec;

import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Joining;
import dev.nabla.core.Recurrent;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-spec rows for {@link Recurrent}. The LSTM cell's two outputs are stacked, h' over c',
 * into one {@code (2N, H)} tensor; the references evaluate the cells' equations in double with
 * {@link Math#exp} and {@link Math#tanh}.
 */
public final class RecurrentSpecs {

    private RecurrentSpecs() {
    }

    /** @return rows for every public op of {@link Recurrent} */
    public static List<OpSpec> rows() {
        List<OpSpec> rows = new ArrayList<>();
        // H = 5 and 17: the vector loops' tails; gates in [-3, 3] reach the flat parts of the curves.
        for (int[] nh : new int[][] {{3, 5}, {2, 17}}) {
            int n = nh[0];
            int h = nh[1];
            Tensor gates = Inputs.uniform(901 + h, -3, 3, n, 4 * h);
            Tensor c = Inputs.uniform(902 + h, -2, 2, n, h);
            rows.add(smooth("lstmCell/N" + n + "-H" + h, new Tensor[] {gates, c},
                    t -> stacked(Recurrent.lstmCell(t[0], t[1])), new int[] {2 * n, h},
                    t -> lstmCell(t[0].toArray(), t[1].toArray(), n, h)));
        }
        for (int[] nh : new int[][] {{3, 5}, {2, 17}}) {
            int n = nh[0];
            int h = nh[1];
            Tensor xw = Inputs.uniform(911 + h, -3, 3, n, 3 * h);
            Tensor hw = Inputs.uniform(912 + h, -2, 2, n, 3 * h);
            Tensor hp = Inputs.uniform(913 + h, -1, 1, n, h);
            rows.add(smooth("gruCell/N" + n + "-H" + h, new Tensor[] {xw, hw, hp},
                    t -> Recurrent.gruCell(t[0], t[1], t[2]), new int[] {n, h},
                    t -> gruCell(t[0].toArray(), t[1].toArray(), t[2].toArray(), n, h)));
        }
        return rows;
    }

    /** h' from the GRU cell's equations in double. */
    private static double[] gruCell(float[] xw, float[] hw, float[] hp, int n, int h) {
        double[] out = new double[n * h];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < h; j++) {
                int b = r * 3 * h;
                double reset = sigmoid((double) xw[b + j] + hw[b + j]);
                double update = sigmoid((double) xw[b + h + j] + hw[b + h + j]);
                double cand = Math.tanh(xw[b + 2 * h + j] + reset * hw[b + 2 * h + j]);
                out[r * h + j] = cand + update * (hp[r * h + j] - cand);
            }
        }
        return out;
    }

    private static Tensor stacked(Recurrent.HiddenAndCell hc) {
        return Joining.cat(List.of(hc.h(), hc.c()), 0);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** h' rows then c' rows, from the cell's equations in double. */
    private static double[] lstmCell(float[] a, float[] c, int n, int h) {
        double[] out = new double[2 * n * h];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < h; j++) {
                int b = r * 4 * h;
                double i = sigmoid(a[b + j]);
                double f = sigmoid(a[b + h + j]);
                double g = Math.tanh(a[b + 2 * h + j]);
                double o = sigmoid(a[b + 3 * h + j]);
                double next = f * c[r * h + j] + i * g;
                out[r * h + j] = o * Math.tanh(next);
                out[n * h + r * h + j] = next;
            }
        }
        return out;
    }
}
