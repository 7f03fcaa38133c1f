package dev.nabla.core;

/**
 * The result of a reduction that selects one element per output ({@code torch.max(x, dim)}
 * returns the same pair): the selected values and their positions along the reduced axis.
 *
 * @param values the selected values, differentiable (the gradient flows to the selected
 *     elements); shape of the input with the axis removed, or kept as size 1
 * @param indices one position per element of {@code values}, in row-major order of the
 *     values' shape, each in {@code [0, size of the axis)}; a copy owned by the caller
 */
public record ValuesAndIndices(Tensor values, int[] indices) {
}
