/**
 * Data for training: {@link dev.nabla.data.Dataset}s of examples, {@link dev.nabla.data.Batch}es
 * of inputs with class labels or targets, and the {@link dev.nabla.data.DataLoader} that cuts a
 * dataset into batches with seeded, per-epoch shuffling, drop-last and background prefetch that
 * never changes the order of batches. A {@link dev.nabla.data.BatchTransform} (see
 * {@link dev.nabla.data.Transforms}: normalise, random crop with padding, horizontal flip,
 * Gaussian noise, composition) can run on every batch as it is made, seeded by the loader's
 * seed, the epoch and the batch index only, so prefetching and resuming change nothing.
 *
 * <p>Image datasets come as {@link dev.nabla.data.LabelledImages} ({@code (N, C, H, W)} pixels in
 * {@code [0, 1]} with class labels), split into a {@link dev.nabla.data.TrainTest}:
 * {@link dev.nabla.data.UciDigits}, 1,797 real 8x8 handwritten digits bundled as a resource
 * (CC BY 4.0, see its Javadoc and the NOTICE file); {@link dev.nabla.data.Mnist} and
 * {@link dev.nabla.data.FashionMnist}, read from their IDX files on disk (never downloaded) by
 * the {@link dev.nabla.data.Idx} reader, gzip'd or plain.
 *
 * <p>{@link dev.nabla.data.Toy2d} draws points {@code (n, 2)} from the usual two-dimensional toy
 * distributions for density models: a ring of Gaussians, two moons, concentric rings, two
 * spirals, a checkerboard and a Swiss roll.
 */
package dev.nabla.data;
