package dev.nabla.nn.layers;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.Arrays;

/**
 * Splits one dimension into several, sharing storage (PyTorch's {@code nn.Unflatten}): with
 * {@code dim = 1, sizes = (C, H, W)}, {@code (N, C H W) -> (N, C, H, W)}.
 */
public class Unflatten extends Module {

    private final int dim;
    private final int[] sizes;
    private final int product;

    /**
     * @param dim the dimension to split; negative counts from the end
     * @param sizes the sizes it is split into, each at least 0, at least one
     * @throws IllegalArgumentException if sizes is empty or has a negative size
     */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
            throw new IllegalArgumentException("Unflatten: expected at least one size, each >= 0, got "
                    + Arrays.toString(sizes));
        }
        this.dim = dim;
        this.sizes = sizes.clone();
        long p = 1;
        for (int s : sizes) {
            p *= s;
        }
        this.product = (int) Math.min(p, Integer.MAX_VALUE);
    }

    /**
     * @param x the input, whose dimension {@code dim} has {@code prod(sizes)} elements
     * @return x with that dimension replaced by {@code sizes}
     * @throws IllegalArgumentException if x lacks the dimension or its size is not {@code prod(sizes)}
     */
    @Override
    public Tensor forward(Tensor x) {
        int r = x.dim();
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r || x.size(d) != product) {
            throw badInput("a tensor whose dimension " + dim + " has size " + product, x);
        }
        int[] in = x.shape().toArray();
        int[] out = new int[r - 1 + sizes.length];
        System.arraycopy(in, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(in, d + 1, out, d + sizes.length, r - d - 1);
        return x.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Arrays.toString(sizes);
    }
}
