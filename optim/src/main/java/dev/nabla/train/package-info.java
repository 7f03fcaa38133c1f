/**
 * The training loop: a {@link dev.nabla.train.Trainer} that fits a model over
 * {@link dev.nabla.data.DataLoader}s with an optimizer and an optional learning-rate schedule,
 * {@link dev.nabla.train.Callback}s (early stopping, checkpoints, a console progress bar), and a
 * {@link dev.nabla.train.History} of per-epoch losses and metrics saved as CSV and drawn as PNG.
 * Checkpoints are single safetensors files, written atomically, from which a run continues
 * bit for bit.
 */
package dev.nabla.train;
