package dev.nabla.core.spec;

import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Joining;
import dev.nabla.core.Recurrent;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-spec rows for {@link Recurrent}. The LSTM cell's two outputs are stacked, h' over c',
 * into one {@code (2N, H)} tensor; the reference evaluates the cell's equations in double with
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
        return rows;
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
