/**
 * Data for training: {@link dev.nabla.data.Dataset}s of examples, {@link dev.nabla.data.Batch}es
 * of inputs with class labels or targets, and the {@link dev.nabla.data.DataLoader} that cuts a
 * dataset into batches with seeded, per-epoch shuffling, drop-last and background prefetch that
 * never changes the order of batches.
 *
 * <p>Image datasets come as {@link dev.nabla.data.LabelledImages} ({@code (N, C, H, W)} pixels in
 * {@code [0, 1]} with class labels), split into a {@link dev.nabla.data.TrainTest}:
 * {@link dev.nabla.data.UciDigits}, 1,797 real 8x8 handwritten digits bundled as a resource
 * (CC BY 4.0, see its Javadoc and the NOTICE file).
 */
package dev.nabla.data;
