package dev.nabla.nn.layers;

import dev.nabla.core.Pooling;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.Locale;

/**
 * Resizes the planes of {@code (N, C, H, W)} inputs, PyTorch's {@code nn.Upsample}, either to a
 * fixed output size or by a whole-number scale factor ({@code out = in * scale}).
 *
 * <p>{@link Mode#NEAREST}: output row {@code i} copies input row {@code floor(i H / outH)}
 * (likewise for columns). {@link Mode#BILINEAR}: each output mixes the two nearest input rows
 * and columns; with {@code alignCorners} the source coordinate is {@code i (H - 1) / (outH - 1)}
 * (corner pixels line up), otherwise {@code max((i + 1/2) H / outH - 1/2, 0)} (pixel centres
 * line up, PyTorch's default). For an integer scale these are the coordinates PyTorch uses
 * with {@code scale_factor}. No parameters. Only batched input is accepted.
 */
public class Upsample extends Module {

    /** The interpolation. */
    public enum Mode {
        /** Copy the nearest input pixel (PyTorch's {@code "nearest"}). */
        NEAREST,
        /** Linear in each direction (PyTorch's {@code "bilinear"}). */
        BILINEAR
    }

    private final int outH;
    private final int outW;
    private final int scale;
    private final Mode mode;
    private final boolean alignCorners;

    /**
     * Scales by a factor, without aligned corners.
     *
     * @param scaleFactor the factor for height and width, at least 1
     * @param mode the interpolation
     * @throws IllegalArgumentException if scaleFactor is below 1
     */
    public Upsample(int scaleFactor, Mode mode) {
        this(0, 0, scaleFactor, mode, false);
    }

    /**
     * Scales by a factor.
     *
     * @param scaleFactor the factor for height and width, at least 1
     * @param mode the interpolation
     * @param alignCorners whether corner pixels line up; only with {@link Mode#BILINEAR}
     * @throws IllegalArgumentException if scaleFactor is below 1 or alignCorners is set with NEAREST
     */
    public Upsample(int scaleFactor, Mode mode, boolean alignCorners) {
        this(0, 0, scaleFactor, mode, alignCorners);
    }

    /**
     * Resizes to a fixed size, whatever the input's.
     *
     * @param outH the output height in pixels, at least 1
     * @param outW the output width in pixels, at least 1
     * @param mode the interpolation
     * @param alignCorners whether corner pixels line up; only with {@link Mode#BILINEAR}
     * @return the layer
     * @throws IllegalArgumentException if a size is below 1 or alignCorners is set with NEAREST
     */
    public static Upsample toSize(int outH, int outW, Mode mode, boolean alignCorners) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("Upsample: output size must be >= 1, got " + outH + "x" + outW);
        }
        return new Upsample(outH, outW, 0, mode, alignCorners);
    }

    private Upsample(int outH, int outW, int scale, Mode mode, boolean alignCorners) {
        if (outH == 0 && scale < 1) {
            throw new IllegalArgumentException("Upsample: scaleFactor must be >= 1, got " + scale);
        }
        if (mode == null || (alignCorners && mode != Mode.BILINEAR)) {
            throw new IllegalArgumentException("Upsample: alignCorners can only be set with BILINEAR mode, got mode "
                    + mode);
        }
        this.outH = outH;
        this.outW = outW;
        this.scale = scale;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    /**
     * @param x the input, {@code (N, C, H, W)} with H, W at least 1
     * @return the resized input, {@code (N, C, outH, outW)} (or {@code (N, C, H scale, W scale)})
     * @throws IllegalArgumentException (naming this layer) if x is not {@code (N, C, H, W)} with non-empty planes
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(2) < 1 || x.size(3) < 1) {
            throw badInput("(N, C, H, W) with H, W >= 1", x);
        }
        int h = scale > 0 ? Math.multiplyExact(x.size(2), scale) : outH;
        int w = scale > 0 ? Math.multiplyExact(x.size(3), scale) : outW;
        return mode == Mode.NEAREST ? Pooling.upsampleNearest2d(x, h, w)
                : Pooling.upsampleBilinear2d(x, h, w, alignCorners);
    }

    /** @return the interpolation */
    public Mode mode() {
        return mode;
    }

    /** @return whether corner pixels line up */
    public boolean alignCorners() {
        return alignCorners;
    }

    /** @return the scale factor, or 0 if the layer resizes to a fixed size */
    public int scaleFactor() {
        return scale;
    }

    /** @return {@code {outH, outW}}, or {@code null} if the layer scales by a factor */
    public int[] size() {
        return scale > 0 ? null : new int[] {outH, outW};
    }

    @Override
    protected String extraRepr() {
        String what = scale > 0 ? "scale_factor=" + scale : "size=(" + outH + ", " + outW + ")";
        String corners = mode == Mode.BILINEAR ? ", align_corners=" + alignCorners : "";
        return what + ", mode=" + mode.name().toLowerCase(Locale.ROOT) + corners;
    }
}
