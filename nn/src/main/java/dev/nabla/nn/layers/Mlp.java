package dev.nabla.nn.layers;

import dev.nabla.core.Rng;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A multilayer perceptron: {@code Linear(sizes[0], sizes[1])}, then for each further size an
 * activation, optional {@link Dropout}, and the next {@code Linear}. The last layer is linear
 * (no activation, no dropout), so the output can feed a loss on logits. It is a
 * {@link Sequential}, so parameters are named as PyTorch names the same stack
 * ({@code 0.weight}, {@code 2.bias}, ...).
 */
public class Mlp extends Sequential {

    /**
     * ReLU activations, no dropout.
     *
     * @param rng the generator of the initial weights
     * @param sizes the layer widths, input first, at least two, each at least 1
     */
    public Mlp(Rng rng, int... sizes) {
        this(sizes, Relu::new, 0f, rng);
    }

    /**
     * @param sizes the layer widths, input first, at least two, each at least 1
     * @param activation makes the activation module placed after each hidden layer
     * @param dropout the dropout probability after each activation, in {@code [0, 1)}; 0 for none
     * @param rng the generator of the initial weights (layer by layer) and, split once per
     *     dropout module, of the dropout masks
     * @throws IllegalArgumentException if there are fewer than two sizes, a size is below 1 or
     *     dropout is outside {@code [0, 1)}
     */
    public Mlp(int[] sizes, Supplier<? extends Module> activation, float dropout, Rng rng) {
        if (sizes.length < 2 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Mlp: expected at least two sizes and dropout in [0, 1), got "
                    + Arrays.toString(sizes) + " and dropout = " + dropout);
        }
        for (int i = 0; i + 1 < sizes.length; i++) {
            if (i > 0) {
                add(activation.get());
                if (dropout > 0) {
                    add(new Dropout(dropout, rng.split()));
                }
            }
            add(new Linear(sizes[i], sizes[i + 1], rng));
        }
    }
}
