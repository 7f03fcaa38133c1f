package dev.nabla.data;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The usual {@link BatchTransform}s: normalisation and data augmentation (random crops after
 * zero padding, horizontal flips, Gaussian noise), and their composition.
 *
 * <p>Each transform makes a new inputs tensor (the given batch is never modified; its outputs do
 * not require gradients) and keeps the batch's labels or targets. Random choices are drawn per
 * example, in example order, from the {@link Rng} the transform is given. Shapes are checked
 * when a batch arrives; arguments when the transform is made. The work is plain loops over float
 * arrays: it is data preparation, not part of any graph.
 */
public final class Transforms {

    private Transforms() {
    }

    /**
     * {@code y = (x - mean[c]) / std[c]}, per channel {@code c} (axis 1) of inputs
     * {@code (N, C, ...)} such as images {@code (N, C, H, W)}; with one mean and one std, the
     * same for every element of inputs of any shape. As torchvision's {@code Normalize}.
     *
     * @param mean the mean of each channel, at least one value, finite; copied
     * @param std the standard deviation of each channel, as many values as {@code mean}, each
     *     finite and {@code > 0}; copied
     * @return the transform; it draws nothing from its generator
     * @throws IllegalArgumentException if the arrays are empty, differ in length, or hold a
     *     non-finite mean or a std that is not finite and positive; a batch whose inputs are not
     *     {@code (N, C, ...)} with {@code C = mean.length} (when {@code mean.length > 1}) is
     *     refused when it arrives
     */
    public static BatchTransform normalize(float[] mean, float[] std) {
        Objects.requireNonNull(mean, "Transforms.normalize: mean is null");
        Objects.requireNonNull(std, "Transforms.normalize: std is null");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Transforms.normalize: expected as many means as stds, at least one, got "
                    + mean.length + " and " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c]) || !(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("Transforms.normalize: expected finite means and finite stds > 0, got mean "
                        + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
        }
        float[] m = mean.clone();
        float[] s = std.clone();
        return (batch, rng) -> {
            Tensor x = batch.inputs();
            int channels = m.length;
            if (channels > 1 && (x.dim() < 2 || x.size(1) != channels)) {
                throw new IllegalArgumentException("Transforms.normalize: expected inputs (N, " + channels
                        + ", ...) for " + channels + " channel means, got " + x.shape());
            }
            int n = channels == 1 ? 1 : x.size(0);
            int inner = x.size() / (n * channels);
            float[] v = x.toArray();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int from = (i * channels + c) * inner;
                    for (int k = from; k < from + inner; k++) {
                        v[k] = (v[k] - m[c]) / s[c];
                    }
                }
            }
            return withInputs(batch, v);
        };
    }

    /**
     * Random translation: each image {@code (C, H, W)} is padded with {@code padding} zeros on
     * every side and cropped back to {@code H x W} at an offset {@code (dy, dx)} drawn uniformly
     * from {@code [0, 2 * padding]^2} per example ({@code dy} first, each with
     * {@link Rng#nextInt(int)}): {@code y[c, i, j] = x[c, i + dy - padding, j + dx - padding]},
     * or 0 where that falls outside the image. As torchvision's {@code RandomCrop(size, padding)}.
     *
     * @param padding the padding, in pixels, {@code >= 0} (0 copies the images unchanged)
     * @return the transform, for inputs {@code (N, C, H, W)}
     * @throws IllegalArgumentException if {@code padding < 0}; inputs that are not 4-D are
     *     refused when they arrive
     */
    public static BatchTransform randomCrop(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("Transforms.randomCrop: expected padding >= 0, got " + padding);
        }
        return (batch, rng) -> {
            Tensor x = images("randomCrop", batch);
            int n = x.size(0);
            int planes = x.size(1);
            int h = x.size(2);
            int w = x.size(3);
            float[] in = x.toArray();
            float[] out = new float[in.length];
            for (int i = 0; i < n; i++) {
                int dy = rng.nextInt(2 * padding + 1) - padding;
                int dx = rng.nextInt(2 * padding + 1) - padding;
                shift(in, out, i * planes * h * w, planes, h, w, dy, dx);
            }
            return withInputs(batch, out);
        };
    }

    /** out[c, i, j] = in[c, i + dy, j + dx] inside the image, 0 outside (out starts zeroed). */
    private static void shift(float[] in, float[] out, int base, int planes, int h, int w, int dy, int dx) {
        int j0 = Math.max(0, -dx);
        int j1 = Math.min(w, w - dx);
        if (j0 >= j1) {
            return;
        }
        for (int c = 0; c < planes; c++) {
            int plane = base + c * h * w;
            for (int i = Math.max(0, -dy); i < Math.min(h, h - dy); i++) {
                System.arraycopy(in, plane + (i + dy) * w + j0 + dx, out, plane + i * w + j0, j1 - j0);
            }
        }
    }

    /**
     * Mirrors each image left to right ({@code y[c, i, j] = x[c, i, W - 1 - j]}) with probability
     * {@code p}, decided per example with {@link Rng#bernoulli(double)} (one draw per example,
     * whatever {@code p}). As torchvision's {@code RandomHorizontalFlip(p)}.
     *
     * @param p the probability of a flip, in {@code [0, 1]}
     * @return the transform, for inputs {@code (N, C, H, W)}
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]} or NaN; inputs
     *     that are not 4-D are refused when they arrive
     */
    public static BatchTransform horizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Transforms.horizontalFlip: expected p in [0, 1], got " + p);
        }
        return (batch, rng) -> {
            Tensor x = images("horizontalFlip", batch);
            int n = x.size(0);
            int w = x.size(3);
            int rowsPerImage = x.size(1) * x.size(2);
            float[] v = x.toArray();
            for (int i = 0; i < n; i++) {
                if (rng.bernoulli(p)) {
                    for (int r = i * rowsPerImage; r < (i + 1) * rowsPerImage; r++) {
                        reverse(v, r * w, w);
                    }
                }
            }
            return withInputs(batch, v);
        };
    }

    private static void reverse(float[] v, int from, int length) {
        for (int a = from, b = from + length - 1; a < b; a++, b--) {
            float t = v[a];
            v[a] = v[b];
            v[b] = t;
        }
    }

    /**
     * Adds independent Gaussian noise to every input element: {@code y = x + std * z},
     * {@code z ~ N(0, 1)} drawn with {@link Rng#fillNormal} in row-major order.
     *
     * @param std the noise's standard deviation, in the inputs' units, finite and {@code >= 0}
     * @return the transform, for inputs of any shape
     * @throws IllegalArgumentException if {@code std} is negative or not finite
     */
    public static BatchTransform gaussianNoise(float std) {
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("Transforms.gaussianNoise: expected a finite std >= 0, got " + std);
        }
        return (batch, rng) -> {
            float[] v = batch.inputs().toArray();
            float[] z = new float[v.length];
            rng.fillNormal(z, 0, z.length, 0f, std);
            for (int k = 0; k < v.length; k++) {
                v[k] += z[k];
            }
            return withInputs(batch, v);
        };
    }

    /**
     * Applies transforms one after another, each to the previous one's output, all drawing from
     * the same generator in turn.
     *
     * @param transforms the transforms, in order (none gives the identity); copied
     * @return the composition
     * @throws NullPointerException if the array or one of its elements is null
     */
    public static BatchTransform compose(BatchTransform... transforms) {
        Objects.requireNonNull(transforms, "Transforms.compose: transforms is null");
        BatchTransform[] steps = transforms.clone();
        for (int i = 0; i < steps.length; i++) {
            Objects.requireNonNull(steps[i], "Transforms.compose: transform " + i + " is null");
        }
        return (batch, rng) -> {
            Batch b = batch;
            for (BatchTransform t : steps) {
                b = t.apply(b, rng);
            }
            return b;
        };
    }

    private static Tensor images(String name, Batch batch) {
        Tensor x = batch.inputs();
        if (x.dim() != 4) {
            throw new IllegalArgumentException("Transforms." + name + ": expected inputs (N, C, H, W), got "
                    + x.shape());
        }
        return x;
    }

    /** The batch with new inputs of the old shape, and the same labels or targets. */
    private static Batch withInputs(Batch batch, float[] values) {
        Tensor x = Tensor.of(values, batch.inputs().shape().toArray());
        return new Batch(x, batch.labels(), batch.targets());
    }
}
