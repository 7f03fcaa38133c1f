package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;

import dev.nabla.core.kernels.PlaneKernels;

/**
 * A linear map from one {@code (inH, inW)} plane to one {@code (outH, outW)} plane, stored as
 * a sparse matrix in compressed rows, applied to every plane of an {@code (N, C, H, W)} tensor.
 * Average pooling, adaptive average pooling and upsampling are such maps; the gradient of
 * applying a map is applying its transpose, whose gradient is the map again, so all of them
 * are differentiable to any order.
 */
final class PlaneMap {

    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final int[] rowStart;
    private final int[] cols;
    private final float[] weights;
    private PlaneMap transpose;

    private PlaneMap(int inH, int inW, int outH, int outW, int[] rowStart, int[] cols, float[] weights) {
        this.inH = inH;
        this.inW = inW;
        this.outH = outH;
        this.outW = outW;
        this.rowStart = rowStart;
        this.cols = cols;
        this.weights = weights;
    }

    /** Collects entries output by output, in increasing output position. */
    static final class Builder {
        private final int inH;
        private final int inW;
        private final int outH;
        private final int outW;
        private final int[] rowStart;
        private int[] cols = new int[16];
        private float[] weights = new float[16];
        private int size;
        private int row;

        Builder(int inH, int inW, int outH, int outW) {
            this.inH = inH;
            this.inW = inW;
            this.outH = outH;
            this.outW = outW;
            this.rowStart = new int[outH * outW + 1];
        }

        /** Adds {@code weight * x[h][w]} to the current output. */
        Builder add(int h, int w, float weight) {
            if (size == cols.length) {
                cols = java.util.Arrays.copyOf(cols, 2 * size);
                weights = java.util.Arrays.copyOf(weights, 2 * size);
            }
            cols[size] = h * inW + w;
            weights[size++] = weight;
            return this;
        }

        /** Moves on to the next output position (row-major). */
        Builder next() {
            rowStart[++row] = size;
            return this;
        }

        PlaneMap build() {
            if (row != outH * outW) {
                throw new IllegalStateException("PlaneMap: " + row + " outputs filled, expected " + outH * outW);
            }
            return new PlaneMap(inH, inW, outH, outW, rowStart, java.util.Arrays.copyOf(cols, size),
                    java.util.Arrays.copyOf(weights, size));
        }
    }

    /** The transposed map (outputs become inputs), computed once; its transpose is this map. */
    PlaneMap transpose() {
        if (transpose == null) {
            int inPlane = inH * inW;
            int[] start = new int[inPlane + 1];
            for (int c : cols) {
                start[c + 1]++;
            }
            for (int i = 0; i < inPlane; i++) {
                start[i + 1] += start[i];
            }
            int[] fill = java.util.Arrays.copyOf(start, inPlane);
            int[] tc = new int[cols.length];
            float[] tw = new float[cols.length];
            for (int o = 0; o < outH * outW; o++) {
                for (int e = rowStart[o]; e < rowStart[o + 1]; e++) {
                    int k = fill[cols[e]]++;
                    tc[k] = o;
                    tw[k] = weights[e];
                }
            }
            PlaneMap t = new PlaneMap(outH, outW, inH, inW, start, tc, tw);
            t.transpose = this;
            transpose = t;
        }
        return transpose;
    }

    /**
     * Applies the map to every plane of x; dx = the transposed map applied to g.
     *
     * @param op the op's name, for the recorded node
     * @param x {@code (N, C, inH, inW)}, checked by the caller
     * @return {@code (N, C, outH, outW)}
     */
    Tensor apply(String op, Tensor x) {
        Tensor y = Tensor.empty(Shape.of(x.size(0), x.size(1), outH, outW));
        PlaneKernels.sparseMap(x.size(0) * x.size(1), inH * inW, outH * outW, rowStart, cols, weights,
                x.data(), y.data());
        return record(op, y, (g, n) -> grads(transpose().apply(op + "Backward", g)), x);
    }
}
