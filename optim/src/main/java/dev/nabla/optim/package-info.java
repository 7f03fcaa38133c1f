/**
 * Optimizers, gradient clipping, weight penalties and gradient accumulation.
 *
 * <p>An {@link dev.nabla.optim.Optimizer} updates, in place, leaf tensors that require grad,
 * organised in {@link dev.nabla.optim.ParamGroup}s, each with its own typed options record:
 * {@link dev.nabla.optim.Sgd}, {@link dev.nabla.optim.AdaGrad}, {@link dev.nabla.optim.RmsProp},
 * {@link dev.nabla.optim.Adam} and {@link dev.nabla.optim.AdamW}, with PyTorch's semantics and
 * defaults. A training step:
 * <pre>{@code
 * var opt = new Adam(model.parameters(), Adam.Options.defaults().withLr(3e-4));
 * opt.zeroGrad();
 * loss.backward();
 * Gradients.clipGradNorm(opt.params(), 1.0);
 * opt.step();
 * }</pre>
 * Learning-rate schedules live in {@link dev.nabla.optim.schedule}.
 */
package dev.nabla.optim;
