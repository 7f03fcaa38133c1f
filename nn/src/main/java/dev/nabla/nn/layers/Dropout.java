package dev.nabla.nn.layers;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;

/**
 * Inverted dropout of each element (PyTorch's {@code nn.Dropout}): in training mode each is zeroed
 * with probability {@code p} and the rest are scaled by {@code 1 / (1 - p)}, so the expected
 * output equals the input; in eval mode the input is returned as is. The masks are drawn from
 * the generator given to the constructor (see core's {@code Dropout.dropout}).
 */
public class Dropout extends Module {

    private final float p;
    private final Rng rng;

    /**
     * @param p the probability of zeroing, in {@code [0, 1]} (PyTorch's default is 0.5)
     * @param rng the generator of the masks; kept and advanced by every training-mode forward
     * @throws IllegalArgumentException if p is outside {@code [0, 1]} or rng is null
     */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0 && p <= 1) || rng == null) {
            throw new IllegalArgumentException("Dropout: expected p in [0, 1] and an rng, got p = " + p
                    + (rng == null ? " and no rng" : ""));
        }
        this.p = p;
        this.rng = rng;
    }

    /**
     * @param x the input, any shape
     * @return x with dropout applied in training mode; x itself in eval mode
     * @throws IllegalArgumentException if x has the wrong rank
     */
    @Override
    public Tensor forward(Tensor x) {
        return dev.nabla.core.Dropout.dropout(x, p, isTraining(), rng);
    }

    /**
     * The generator of the masks, so that a training loop can save and restore its state with
     * a checkpoint ({@link Rng#state()}, {@link Rng#setState(long[])}).
     *
     * @return the generator given to the constructor (not a copy)
     */
    public Rng rng() {
        return rng;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
