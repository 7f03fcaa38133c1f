/**
 * Building blocks of models: {@link dev.nabla.nn.Module} (named parameters, buffers and
 * children, modes, state dicts), the containers {@link dev.nabla.nn.Sequential},
 * {@link dev.nabla.nn.ModuleList} and {@link dev.nabla.nn.ModuleDict}, and
 * {@link dev.nabla.nn.SafeTensors} files. Names, defaults and weight layouts follow PyTorch's
 * {@code torch.nn}, so that state dicts move both ways. Layers are in
 * {@link dev.nabla.nn.layers}, initialisation schemes in {@link dev.nabla.nn.init}.
 */
package dev.nabla.nn;
