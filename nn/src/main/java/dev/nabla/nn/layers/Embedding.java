package dev.nabla.nn.layers;

import dev.nabla.core.Arithmetic;
import dev.nabla.core.Autograd;
import dev.nabla.core.Indexing;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import dev.nabla.nn.init.Init;
import java.util.Arrays;

/**
 * A lookup table of vectors (PyTorch's {@code nn.Embedding}): id {@code i} maps to row
 * {@code i} of {@code weight}, of shape {@code (numEmbeddings, embeddingDim)}, initialised
 * N(0, 1) as PyTorch does.
 *
 * <p>With a padding index, that row starts at zero and receives no gradient (it stays as it is
 * during training, e.g. zero for padding tokens), as in PyTorch; it is still looked up like any
 * other row.
 *
 * <p>Ids are {@code int[]} with a shape ({@link #forward(int[], int...)}); the
 * {@link #forward(Tensor)} overload takes ids stored as whole numbers in a float tensor, so an
 * embedding can head a {@code Sequential}.
 */
public class Embedding extends Module {

    private final int numEmbeddings;
    private final int embeddingDim;
    private final int paddingIdx;
    private final Tensor weight;

    /**
     * An embedding without padding index.
     *
     * @param numEmbeddings the number of rows (vocabulary size), at least 1
     * @param embeddingDim the vector size, at least 1
     * @param rng the generator of the initial N(0, 1) weights
     */
    public Embedding(int numEmbeddings, int embeddingDim, Rng rng) {
        this(numEmbeddings, embeddingDim, (Integer) null, rng);
    }

    /**
     * @param numEmbeddings the number of rows (vocabulary size), at least 1
     * @param embeddingDim the vector size, at least 1
     * @param paddingIdx the padding row, in {@code [-numEmbeddings, numEmbeddings)} (negative
     *     counts from the end)
     * @param rng the generator of the initial N(0, 1) weights
     * @throws IllegalArgumentException if a size is below 1 or paddingIdx is out of range
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, Rng rng) {
        this(numEmbeddings, embeddingDim, Integer.valueOf(paddingIdx), rng);
    }

    /** The shared constructor; {@code padding == null} means no padding row. */
    private Embedding(int numEmbeddings, int embeddingDim, Integer padding, Rng rng) {
        this.paddingIdx = checkPadding(numEmbeddings, embeddingDim, padding);
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        Tensor w = Init.normalInPlace(Tensor.zeros(numEmbeddings, embeddingDim), 0f, 1f, rng);
        if (paddingIdx >= 0) {
            float[] values = w.toArray();
            Arrays.fill(values, paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim, 0f);
            w = Tensor.of(values, numEmbeddings, embeddingDim);
        }
        this.weight = registerParameter("weight", w);
    }

    /** Checks the sizes and returns the padding row in {@code [0, numEmbeddings)}, or -1 for none. */
    private static int checkPadding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("Embedding: expected numEmbeddings and embeddingDim >= 1, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        if (paddingIdx == null) {
            return -1;
        }
        if (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("Embedding: paddingIdx must be in [" + -numEmbeddings + ", "
                    + numEmbeddings + "), got " + paddingIdx);
        }
        return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    }

    /**
     * Looks up ids.
     *
     * @param ids row-major ids, each in {@code [0, numEmbeddings)}; not modified
     * @param idsShape their shape, e.g. {@code (N, T)}; empty for a flat list
     * @return the vectors, of shape {@code idsShape + (embeddingDim)}
     * @throws IllegalArgumentException if an id is out of range or the ids do not fill idsShape
     */
    public Tensor forward(int[] ids, int... idsShape) {
        int[] shape = idsShape.length == 0 ? new int[] {ids.length} : idsShape;
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != ids.length) {
            throw new IllegalArgumentException(describe() + ": " + ids.length + " ids do not fill the shape "
                    + Arrays.toString(shape));
        }
        boolean padded = false;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= numEmbeddings) {
                throw new IllegalArgumentException(describe() + ": ids must be in [0, " + numEmbeddings + "), got "
                        + ids[i] + " at position " + i);
            }
            padded |= ids[i] == paddingIdx;
        }
        Tensor y = Indexing.embedding(weight, ids, shape);
        if (!padded || !weight.requiresGrad() || !Autograd.isEnabled()) {
            return y;
        }
        // Same values, but positions holding the padding id take them from a detached view of
        // the table, so no gradient reaches the padding row.
        float[] keep = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keep[i] = ids[i] == paddingIdx ? 0f : 1f;
        }
        int[] maskShape = Arrays.copyOf(shape, shape.length + 1);
        maskShape[shape.length] = 1;
        Tensor constant = Indexing.embedding(weight.detach(), ids, shape);
        return Arithmetic.where(Tensor.of(keep, maskShape), y, constant);
    }

    /**
     * Looks up ids held as whole numbers in a float tensor.
     *
     * @param ids the ids, any shape, each a whole number in {@code [0, numEmbeddings)}
     * @return the vectors, of shape {@code ids.shape + (embeddingDim)}
     * @throws IllegalArgumentException if a value is not a whole number in range
     */
    @Override
    public Tensor forward(Tensor ids) {
        float[] v = ids.toArray();
        int[] id = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= numEmbeddings) {
                throw badInput("ids, whole numbers in [0, " + numEmbeddings + ") of any shape (found " + v[i]
                        + " at position " + i + ")", ids);
            }
            id[i] = (int) v[i];
        }
        return ids.dim() == 0 ? forward(id, new int[0]).reshape(embeddingDim) : forward(id, ids.shape().toArray());
    }

    /** @return the table, {@code (numEmbeddings, embeddingDim)}; the parameter itself */
    public Tensor weight() {
        return weight;
    }

    /** @return the padding row, or -1 if none */
    public int paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
    }
}
