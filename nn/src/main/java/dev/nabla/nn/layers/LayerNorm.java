package dev.nabla.nn.layers;

import dev.nabla.core.Normalization;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.Arrays;

/**
 * Layer normalisation over the trailing dimensions (PyTorch's {@code nn.LayerNorm}): each
 * sample's slice of shape {@code normalizedShape} is normalised with its own mean and biased
 * variance, then scaled and shifted elementwise. The same in training and eval mode.
 *
 * <p>Parameters (if elementwise affine): {@code weight} (ones) and {@code bias} (zeros), of
 * shape {@code normalizedShape}.
 */
public class LayerNorm extends Module {

    private final int[] normalizedShape;
    private final float eps;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * With PyTorch's defaults: eps 1e-5, learned weight and bias.
     *
     * @param normalizedShape the trailing sizes to normalise over, at least one, each at least 1
     */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5f, true, true);
    }

    /**
     * @param normalizedShape the trailing sizes to normalise over, at least one, each at least 1
     * @param eps added to the variance, finite and {@code > 0}
     * @param elementwiseAffine whether to learn a scale (and, with {@code bias}, a shift)
     * @param bias whether to learn a shift (only with elementwiseAffine)
     * @throws IllegalArgumentException if the shape is empty or has a size below 1, or eps is invalid
     */
    public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s < 1)
                || !(eps > 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: expected a non-empty normalizedShape of sizes >= 1 and"
                    + " finite eps > 0, got " + Arrays.toString(normalizedShape) + " and eps = " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine && bias ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    /**
     * @param x the input, {@code (*, normalizedShape)}
     * @return the normalised input, of x's shape
     * @throws IllegalArgumentException if x does not end with normalizedShape
     */
    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        boolean ok = x.dim() >= k;
        for (int i = 0; ok && i < k; i++) {
            ok = x.size(x.dim() - k + i) == normalizedShape[i];
        }
        if (!ok) {
            String dims = Arrays.toString(normalizedShape);
            throw badInput("(*, " + dims.substring(1, dims.length() - 1) + ")", x);
        }
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** @return the scale, of shape normalizedShape, or {@code null}; the parameter itself */
    public Tensor weight() {
        return weight;
    }

    /** @return the shift, of shape normalizedShape, or {@code null}; the parameter itself */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return "normalized_shape=" + Arrays.toString(normalizedShape) + ", eps=" + eps + ", elementwise_affine="
                + (weight != null);
    }
}
