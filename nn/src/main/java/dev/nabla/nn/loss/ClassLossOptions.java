package dev.nabla.nn.loss;

import dev.nabla.core.Tensor;

/**
 * Options of {@link Losses#crossEntropy} and {@link Losses#nllLoss}, with PyTorch's defaults
 * in {@link #DEFAULT}.
 *
 * @param weight per-class weights of shape {@code (C)}, or {@code null} for all ones; read
 *     as constants (no gradient flows into them); not modified
 * @param ignoreIndex a target value that contributes nothing, neither to the loss nor to the
 *     mean's denominator (PyTorch's default is -100)
 * @param labelSmoothing {@code eps} in {@code [0, 1]}: the target distribution becomes
 *     {@code (1 - eps) onehot + eps / C}; only cross-entropy accepts a non-zero value
 * @param reduction NONE, MEAN or SUM
 */
public record ClassLossOptions(Tensor weight, int ignoreIndex, float labelSmoothing, Reduction reduction) {

    /** No weights, ignore index -100, no smoothing, MEAN: PyTorch's defaults. */
    public static final ClassLossOptions DEFAULT = new ClassLossOptions(null, -100, 0f, Reduction.MEAN);

    /** @return these options with per-class weights {@code (C)} (or {@code null}) */
    public ClassLossOptions withWeight(Tensor classWeights) {
        return new ClassLossOptions(classWeights, ignoreIndex, labelSmoothing, reduction);
    }

    /** @return these options with another ignored target value */
    public ClassLossOptions withIgnoreIndex(int index) {
        return new ClassLossOptions(weight, index, labelSmoothing, reduction);
    }

    /** @return these options with label smoothing {@code eps} in {@code [0, 1]} */
    public ClassLossOptions withLabelSmoothing(float eps) {
        return new ClassLossOptions(weight, ignoreIndex, eps, reduction);
    }

    /** @return these options with another reduction */
    public ClassLossOptions withReduction(Reduction r) {
        return new ClassLossOptions(weight, ignoreIndex, labelSmoothing, r);
    }
}
