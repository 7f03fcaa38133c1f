/**
 * Data for training: {@link dev.nabla.data.Dataset}s of examples, {@link dev.nabla.data.Batch}es
 * of inputs with class labels or targets, and the {@link dev.nabla.data.DataLoader} that cuts a
 * dataset into batches with seeded, per-epoch shuffling, drop-last and background prefetch that
 * never changes the order of batches.
 */
package dev.nabla.data;
