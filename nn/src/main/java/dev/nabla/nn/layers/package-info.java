/**
 * Layers as modules, named, configured and initialised as PyTorch's defaults: {@code Linear},
 * the activations, {@code Flatten}/{@code Unflatten}, {@code Dropout}/{@code Dropout2d},
 * {@code BatchNorm1d}/{@code BatchNorm2d}, {@code LayerNorm}, {@code GroupNorm},
 * {@code Embedding} and the {@code Mlp} helper. A wrong input shape throws an
 * {@link java.lang.IllegalArgumentException} naming the layer, its configuration and the
 * expected shape.
 */
package dev.nabla.nn.layers;
