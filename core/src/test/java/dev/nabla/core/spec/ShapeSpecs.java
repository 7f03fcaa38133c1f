package dev.nabla.core.spec;

import static dev.nabla.core.spec.Inputs.uniform;
import static dev.nabla.core.spec.OpSpec.smooth;

import dev.nabla.core.Joining;
import dev.nabla.core.ShapeOps;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Op-spec rows for {@link ShapeOps} and {@link Joining}. Every reference is written per
 * element: for each output position it names the input position it comes from (or none, for
 * padding), and reads the input there. None uses strides, so none shares the ops' arithmetic.
 */
public final class ShapeSpecs {

    private ShapeSpecs() {
    }

    /** Where output position {@code out} reads from: input index and multi-index, or null for the fill. */
    @FunctionalInterface
    interface Source {
        Pick at(int[] out);
    }

    /** An element of input {@code input} at multi-index {@code index}. */
    record Pick(int input, int[] index) {
    }

    /** The reference: each output element is the picked input element, or {@code fill}. */
    static double[] mapped(Tensor[] inputs, int[] outShape, double fill, Source source) {
        int n = Reference.count(outShape);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Pick p = source.at(Reference.unravel(i, outShape));
            if (p == null) {
                out[i] = fill;
            } else {
                Tensor t = inputs[p.input()];
                out[i] = t.get(p.index());
            }
        }
        return out;
    }

    private static OpSpec row(String name, Tensor[] in, Function<Tensor[], Tensor> op, int[] shape, Source source) {
        return smooth(name, in, op, shape, t -> mapped(t, shape, 0, source));
    }

    private static Pick pick(int[] index) {
        return new Pick(0, index);
    }

    /** @return the rows */
    public static List<OpSpec> rows() {
        List<OpSpec> r = new ArrayList<>();
        reshaping(r);
        reordering(r);
        joining(r);
        cutting(r);
        return r;
    }

    private static void reshaping(List<OpSpec> r) {
        Tensor x = uniform(301, -1, 1, 2, 3, 4);
        // Reshaping keeps row-major order: output element i is input element i.
        r.add(smooth("reshape", new Tensor[] {x}, t -> t[0].reshape(4, -1), new int[] {4, 6},
                t -> Reference.values(t[0])));
        r.add(smooth("flatten", new Tensor[] {x}, t -> ShapeOps.flatten(t[0]), new int[] {24},
                t -> Reference.values(t[0])));
        r.add(smooth("flatten/range", new Tensor[] {x}, t -> ShapeOps.flatten(t[0], 1, 2), new int[] {2, 12},
                t -> Reference.values(t[0])));
        Tensor y = uniform(302, -1, 1, 3, 1, 4);
        r.add(smooth("squeeze", new Tensor[] {y}, t -> ShapeOps.squeeze(t[0], 1), new int[] {3, 4},
                t -> Reference.values(t[0])));
        r.add(smooth("squeeze/all", new Tensor[] {y.reshape(1, 3, 1, 4)}, t -> ShapeOps.squeeze(t[0]),
                new int[] {3, 4}, t -> Reference.values(t[0])));
        r.add(smooth("unsqueeze", new Tensor[] {x}, t -> ShapeOps.unsqueeze(t[0], -1), new int[] {2, 3, 4, 1},
                t -> Reference.values(t[0])));
        Tensor b = uniform(303, -1, 1, 3, 1);
        r.add(row("expand", new Tensor[] {b}, t -> ShapeOps.expand(t[0], 2, -1, 4), new int[] {2, 3, 4},
                o -> pick(new int[] {o[1], 0})));
        r.add(row("broadcastTo", new Tensor[] {Tensor.scalar(0.3f)},
                t -> ShapeOps.broadcastTo(t[0], dev.nabla.core.Shape.of(2, 2)), new int[] {2, 2}, o -> pick(new int[0])));
        Tensor small = uniform(304, -1, 1, 2, 3);
        r.add(row("repeat", new Tensor[] {small}, t -> ShapeOps.repeat(t[0], 2, 2, 1), new int[] {2, 4, 3},
                o -> pick(new int[] {o[1] % 2, o[2]})));
        r.add(row("repeat/scalar", new Tensor[] {Tensor.scalar(1.5f)}, t -> ShapeOps.repeat(t[0], 3), new int[] {3},
                o -> pick(new int[0])));
    }

    private static void reordering(List<OpSpec> r) {
        Tensor x = uniform(311, -1, 1, 2, 3, 4);
        r.add(row("permute", new Tensor[] {x}, t -> ShapeOps.permute(t[0], 2, 0, 1), new int[] {4, 2, 3},
                o -> pick(new int[] {o[1], o[2], o[0]})));
        r.add(row("transpose", new Tensor[] {x}, t -> ShapeOps.transpose(t[0], 0, -1), new int[] {4, 3, 2},
                o -> pick(new int[] {o[2], o[1], o[0]})));
        Tensor m = uniform(312, -1, 1, 5, 7);
        r.add(row("transpose/matrix", new Tensor[] {m}, t -> ShapeOps.transpose(t[0], 0, 1), new int[] {7, 5},
                o -> pick(new int[] {o[1], o[0]})));
        r.add(row("flip", new Tensor[] {x}, t -> ShapeOps.flip(t[0], 0, 2), new int[] {2, 3, 4},
                o -> pick(new int[] {1 - o[0], o[1], 3 - o[2]})));
        r.add(row("flip/middle", new Tensor[] {x}, t -> ShapeOps.flip(t[0], -2), new int[] {2, 3, 4},
                o -> pick(new int[] {o[0], 2 - o[1], o[2]})));
    }

    private static void joining(List<OpSpec> r) {
        Tensor a = uniform(321, -1, 1, 2, 3);
        Tensor b = uniform(322, -1, 1, 2, 1);
        Tensor c = uniform(323, -1, 1, 2, 2);
        r.add(row("cat", new Tensor[] {a, b, c}, t -> Joining.cat(List.of(t[0], t[1], t[2]), 1), new int[] {2, 6},
                o -> o[1] < 3 ? new Pick(0, new int[] {o[0], o[1]})
                        : o[1] < 4 ? new Pick(1, new int[] {o[0], 0}) : new Pick(2, new int[] {o[0], o[1] - 4})));
        Tensor d = uniform(324, -1, 1, 1, 3);
        r.add(row("cat/axis0", new Tensor[] {a, d}, t -> Joining.cat(List.of(t[0], t[1]), 0), new int[] {3, 3},
                o -> o[0] < 2 ? new Pick(0, new int[] {o[0], o[1]}) : new Pick(1, new int[] {0, o[1]})));
        Tensor e = uniform(325, -1, 1, 2, 3);
        r.add(row("stack", new Tensor[] {a, e}, t -> Joining.stack(List.of(t[0], t[1]), 1), new int[] {2, 2, 3},
                o -> new Pick(o[1], new int[] {o[0], o[2]})));
        r.add(row("stack/last", new Tensor[] {a, e}, t -> Joining.stack(List.of(t[0], t[1]), -1), new int[] {2, 3, 2},
                o -> new Pick(o[2], new int[] {o[0], o[1]})));
        Tensor x = uniform(326, -1, 1, 3, 4);
        r.add(row("pad", new Tensor[] {x}, t -> Joining.pad(t[0], new int[] {1, 2, 0, 1}, 0f), new int[] {4, 7},
                o -> o[0] < 3 && o[1] >= 1 && o[1] < 5 ? pick(new int[] {o[0], o[1] - 1}) : null));
        r.add(smooth("pad/value", new Tensor[] {x}, t -> Joining.pad(t[0], new int[] {2, 0}, -3f), new int[] {3, 6},
                t -> mapped(t, new int[] {3, 6}, -3, o -> o[1] >= 2 ? pick(new int[] {o[0], o[1] - 2}) : null)));
    }

    private static void cutting(List<OpSpec> r) {
        Tensor x = uniform(331, -1, 1, 3, 10);
        r.add(row("narrow", new Tensor[] {x}, t -> Joining.narrow(t[0], 1, 2, 5), new int[] {3, 5},
                o -> pick(new int[] {o[0], o[1] + 2})));
        r.add(row("slice", new Tensor[] {x}, t -> Joining.slice(t[0], 1, 1, 10, 3), new int[] {3, 3},
                o -> pick(new int[] {o[0], 1 + 3 * o[1]})));
        r.add(row("slice/negative", new Tensor[] {x}, t -> Joining.slice(t[0], -1, -4, 100, 2), new int[] {3, 2},
                o -> pick(new int[] {o[0], 6 + 2 * o[1]})));
        r.add(row("slice/rows", new Tensor[] {x}, t -> Joining.slice(t[0], 0, 0, 3, 2), new int[] {2, 10},
                o -> pick(new int[] {2 * o[0], o[1]})));
        r.add(row("split", new Tensor[] {x}, t -> Joining.split(t[0], new int[] {3, 4, 3}, 1).get(1), new int[] {3, 4},
                o -> pick(new int[] {o[0], o[1] + 3})));
        r.add(row("split/size", new Tensor[] {x}, t -> Joining.split(t[0], 4, 1).get(2), new int[] {3, 2},
                o -> pick(new int[] {o[0], o[1] + 8})));
        r.add(row("chunk", new Tensor[] {x}, t -> Joining.chunk(t[0], 3, 0).get(1), new int[] {1, 10},
                o -> pick(new int[] {1, o[1]})));
        r.add(row("chunk/uneven", new Tensor[] {x}, t -> Joining.chunk(t[0], 3, 1).get(2), new int[] {3, 2},
                o -> pick(new int[] {o[0], o[1] + 8})));
    }
}
