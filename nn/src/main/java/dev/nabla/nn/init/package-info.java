/** Initialisation schemes (PyTorch's {@code torch.nn.init}), filling tensors in place from an explicit {@code Rng}. */
package dev.nabla.nn.init;
