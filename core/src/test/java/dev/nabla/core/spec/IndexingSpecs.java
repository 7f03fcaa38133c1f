package dev.nabla.core.spec;

import static dev.nabla.core.spec.Inputs.uniform;
import static dev.nabla.core.spec.OpSpec.noGradient;
import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Indexing;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-spec rows for {@link Indexing}. References index the inputs with {@code Tensor.get}
 * position by position; the adjoint ops (index-add, scatter-add) are checked against plain
 * accumulation loops, with repeated indices so accumulation is exercised.
 */
public final class IndexingSpecs {

    private IndexingSpecs() {
    }

    /** @return the rows */
    public static List<OpSpec> rows() {
        List<OpSpec> r = new ArrayList<>();
        Tensor x = uniform(401, -1, 1, 3, 4);
        int[] rows = {2, 0, 2};
        r.add(smooth("indexSelect", new Tensor[] {x}, t -> Indexing.indexSelect(t[0], 0, rows), new int[] {3, 4},
                t -> ShapeSpecs.mapped(t, new int[] {3, 4}, 0, o -> new ShapeSpecs.Pick(0, new int[] {rows[o[0]], o[1]}))));
        int[] cols = {3, 1};
        r.add(smooth("indexSelect/last", new Tensor[] {x}, t -> Indexing.indexSelect(t[0], -1, cols), new int[] {3, 2},
                t -> ShapeSpecs.mapped(t, new int[] {3, 2}, 0, o -> new ShapeSpecs.Pick(0, new int[] {o[0], cols[o[1]]}))));

        Tensor src = uniform(402, -1, 1, 3, 3);
        int[] targets = {1, 3, 1};
        r.add(smooth("indexAdd", new Tensor[] {x, src}, t -> Indexing.indexAdd(t[0], 1, targets, t[1]), new int[] {3, 4},
                t -> {
                    double[] out = Reference.values(t[0]);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < targets.length; j++) {
                            out[i * 4 + targets[j]] += t[1].get(i, j);
                        }
                    }
                    return out;
                }));

        // gather along axis 1 with an index of shape [3, 2]: out[i][j] = x[i][index[i][j]].
        int[] index = {0, 3, 2, 2, 1, 0};
        r.add(smooth("gather", new Tensor[] {x}, t -> Indexing.gather(t[0], 1, index, 3, 2), new int[] {3, 2},
                t -> ShapeSpecs.mapped(t, new int[] {3, 2}, 0,
                        o -> new ShapeSpecs.Pick(0, new int[] {o[0], index[o[0] * 2 + o[1]]}))));
        // along axis 0 with fewer columns than x: out[i][j] = x[index[i][j]][j].
        int[] index0 = {2, 0, 1, 1, 0, 2};
        r.add(smooth("gather/axis0", new Tensor[] {x}, t -> Indexing.gather(t[0], 0, index0, 2, 3), new int[] {2, 3},
                t -> ShapeSpecs.mapped(t, new int[] {2, 3}, 0,
                        o -> new ShapeSpecs.Pick(0, new int[] {index0[o[0] * 3 + o[1]], o[1]}))));

        Tensor values = uniform(403, -1, 1, 2, 3);
        r.add(smooth("scatterAdd", new Tensor[] {x, values}, t -> Indexing.scatterAdd(t[0], 0, index0, t[1]),
                new int[] {3, 4}, t -> {
                    double[] out = Reference.values(t[0]);
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 3; j++) {
                            out[index0[i * 3 + j] * 4 + j] += t[1].get(i, j);
                        }
                    }
                    return out;
                }));

        Tensor table = uniform(404, -1, 1, 5, 3);
        int[] ids = {4, 0, 4, 2};
        r.add(smooth("embedding", new Tensor[] {table}, t -> Indexing.embedding(t[0], ids, 2, 2), new int[] {2, 2, 3},
                t -> ShapeSpecs.mapped(t, new int[] {2, 2, 3}, 0,
                        o -> new ShapeSpecs.Pick(0, new int[] {ids[o[0] * 2 + o[1]], o[2]}))));

        int[] labels = {2, 0, 1, 2};
        r.add(noGradient("oneHot", new Tensor[0], t -> Indexing.oneHot(labels, 3), new int[] {4, 3}, t -> {
            double[] out = new double[12];
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 3; c++) {
                    out[i * 3 + c] = labels[i] == c ? 1 : 0;
                }
            }
            return out;
        }));

        Tensor mask = Tensor.of(new float[] {1, 0, 0, 1}, 1, 4);
        r.add(smooth("maskedFill", new Tensor[] {x}, t -> Indexing.maskedFill(t[0], mask, -7f), new int[] {3, 4},
                t -> {
                    double[] out = Reference.values(t[0]);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 4; j++) {
                            if (mask.get(0, j) != 0) {
                                out[i * 4 + j] = -7;
                            }
                        }
                    }
                    return out;
                }));
        return r;
    }
}
