package dev.nabla.core.spec;

import static dev.nabla.core.spec.Inputs.uniform;

import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Op-spec rows for LinearAlgebra; references are naive loops in double. */
public final class LinalgSpecs {

    private LinalgSpecs() {
    }

    /** Batched reference: a (batchA.., m, k) @ b (batchB.., k, n) with broadcast batch dims. */
    private static double[] batched(Tensor a, Tensor b, int[] batch, int m, int k, int n) {
        int[] sa = a.shape().toArray();
        int[] sb = b.shape().toArray();
        int[] ba = java.util.Arrays.copyOf(sa, sa.length - 2);
        int[] bb = java.util.Arrays.copyOf(sb, sb.length - 2);
        float[] va = a.toArray();
        float[] vb = b.toArray();
        int count = Reference.count(batch);
        double[] out = new double[count * m * n];
        for (int t = 0; t < count; t++) {
            int[] idx = Reference.unravel(t, batch);
            int ia = Reference.broadcastIndex(idx, ba);
            int ib = Reference.broadcastIndex(idx, bb);
            float[] ma = java.util.Arrays.copyOfRange(va, ia * m * k, (ia + 1) * m * k);
            float[] mb = java.util.Arrays.copyOfRange(vb, ib * k * n, (ib + 1) * k * n);
            System.arraycopy(Reference.matmul(ma, mb, m, k, n), 0, out, t * m * n, m * n);
        }
        return out;
    }

    /** @return the rows */
    public static List<OpSpec> rows() {
        List<OpSpec> r = new ArrayList<>();
        Tensor a = uniform(21, -1, 1, 3, 4);
        Tensor b = uniform(22, -1, 1, 4, 5);
        Tensor v = uniform(23, -1, 1, 4);
        r.add(OpSpec.smooth("matmul", new Tensor[] {a, b}, in -> in[0].matmul(in[1]), new int[] {3, 5},
                in -> Reference.matmul(in[0].toArray(), in[1].toArray(), 3, 4, 5)));
        r.add(OpSpec.smooth("matmul/dot", new Tensor[] {v, uniform(24, -1, 1, 4)}, in -> in[0].matmul(in[1]),
                new int[0], in -> Reference.matmul(in[0].toArray(), in[1].toArray(), 1, 4, 1)));
        r.add(OpSpec.smooth("matmul/vector-matrix", new Tensor[] {v, b}, in -> in[0].matmul(in[1]), new int[] {5},
                in -> Reference.matmul(in[0].toArray(), in[1].toArray(), 1, 4, 5)));
        r.add(OpSpec.smooth("matmul/matrix-vector", new Tensor[] {a, v}, in -> in[0].matmul(in[1]), new int[] {3},
                in -> Reference.matmul(in[0].toArray(), in[1].toArray(), 3, 4, 1)));
        Tensor ba = uniform(25, -1, 1, 2, 3, 4);
        r.add(OpSpec.smooth("matmul/batched-by-matrix", new Tensor[] {ba, b}, in -> in[0].matmul(in[1]),
                new int[] {2, 3, 5}, in -> batched(in[0], in[1], new int[] {2}, 3, 4, 5)));
        Tensor bb = uniform(26, -1, 1, 2, 1, 4, 2);
        Tensor bc = uniform(27, -1, 1, 3, 3, 4);
        r.add(OpSpec.smooth("matmul/broadcast-batch", new Tensor[] {bc, bb}, in -> in[0].matmul(in[1]),
                new int[] {2, 3, 3, 2}, in -> batched(in[0], in[1], new int[] {2, 3}, 3, 4, 2)));
        Tensor at = uniform(28, -1, 1, 4, 3);
        Tensor bt = uniform(29, -1, 1, 5, 4);
        r.add(OpSpec.smooth("matmul/transposed-both", new Tensor[] {at, bt},
                in -> LinearAlgebra.matmul(in[0], true, in[1], true), new int[] {3, 5},
                in -> Reference.matmul(Reference.transpose(in[0].toArray(), 4, 3),
                        Reference.transpose(in[1].toArray(), 5, 4), 3, 4, 5)));
        r.add(OpSpec.smooth("matmul/transposed-b", new Tensor[] {ba, uniform(30, -1, 1, 2, 5, 4)},
                in -> LinearAlgebra.matmul(in[0], false, in[1], true), new int[] {2, 3, 5}, in -> {
                    float[] t = in[1].toArray();
                    float[] bT = new float[t.length];
                    for (int i = 0; i < 2; i++) {
                        System.arraycopy(Reference.transpose(java.util.Arrays.copyOfRange(t, i * 20, i * 20 + 20), 5, 4),
                                0, bT, i * 20, 20);
                    }
                    return batched(in[0], Tensor.of(bT, 2, 4, 5), new int[] {2}, 3, 4, 5);
                }));
        r.add(OpSpec.smooth("outer", new Tensor[] {v, uniform(31, -1, 1, 3)}, in -> LinearAlgebra.outer(in[0], in[1]),
                new int[] {4, 3}, in -> Reference.matmul(in[0].toArray(), in[1].toArray(), 4, 1, 3)));
        return r;
    }
}
