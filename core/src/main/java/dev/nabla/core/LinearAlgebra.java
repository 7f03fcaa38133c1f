package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.Gemm;
import dev.nabla.core.kernels.PackedPanels;
import dev.nabla.core.kernels.Simd;
import java.util.Arrays;

/**
 * Matrix products on the GEMM kernel, with PyTorch's {@code matmul} semantics. Transposed
 * operands are read in place (never copied), so the backward of a product, which multiplies by
 * transposes, copies nothing either.
 */
public final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /**
     * Matrix product with {@code torch.matmul} semantics:
     * <ul>
     * <li>{@code (k) @ (k)} gives a scalar (dot product);</li>
     * <li>{@code (m, k) @ (k, n)} gives {@code (m, n)};</li>
     * <li>{@code (k) @ (..., k, n)} treats the vector as a row and drops that dimension;
     *     {@code (..., m, k) @ (k)} treats the vector as a column and drops it;</li>
     * <li>{@code (..., m, k) @ (..., k, n)} multiplies matrix by matrix over the broadcast
     *     batch dimensions.</li>
     * </ul>
     * dA = g B^T, dB = A^T g (summed over broadcast batch dimensions).
     *
     * @throws IllegalArgumentException if an operand is a scalar, the inner sizes differ, or the
     *     batch dimensions do not broadcast
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got shapes "
                    + a.shape() + " and " + b.shape());
        }
        if (a.dim() == 1 && b.dim() == 1) {
            checkInner(a.shape(), b.shape(), a.size(0), b.size(0));
            return matmul(a.reshape(1, a.size(0)), false, b.reshape(b.size(0), 1), false).reshape();
        }
        if (a.dim() == 1) {
            Tensor y = matmul(a.reshape(1, a.size(0)), false, b, false);
            int[] dims = y.shape().toArray();
            return y.reshape(drop(dims, dims.length - 2));
        }
        if (b.dim() == 1) {
            Tensor y = matmul(a, false, b.reshape(b.size(0), 1), false);
            int[] dims = y.shape().toArray();
            return y.reshape(drop(dims, dims.length - 1));
        }
        if (b.dim() == 2 && a.dim() > 2) {
            // (..., m, k) @ (k, n): one GEMM over all rows, and dB becomes one GEMM too.
            int[] dims = a.shape().toArray();
            checkInner(a.shape(), b.shape(), dims[dims.length - 1], b.size(0));
            int k = dims[dims.length - 1];
            Tensor y = matmul(a.reshape(rows(dims), k), false, b, false);
            dims[dims.length - 1] = b.size(1);
            return y.reshape(dims);
        }
        return matmul(a, false, b, false);
    }

    /** The product of all sizes but the last. */
    private static int rows(int[] dims) {
        int r = 1;
        for (int i = 0; i < dims.length - 1; i++) {
            r *= dims[i];
        }
        return r;
    }

    private static int[] drop(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) {
            if (i != axis) {
                out[k++] = dims[i];
            }
        }
        return out;
    }

    private static void checkInner(Shape sa, Shape sb, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner sizes differ for shapes " + sa + " and " + sb
                    + " (" + ka + " vs " + kb + ")");
        }
    }

    /**
     * {@code op(a) @ op(b)} for operands of rank 2 or more, where {@code op} transposes the last
     * two dimensions when its flag is set; transposes are read in place, not copied. Batch
     * dimensions broadcast.
     *
     * @param a shape {@code (..., m, k)}, or {@code (..., k, m)} if {@code transposeA}
     * @param transposeA read a transposed
     * @param b shape {@code (..., k, n)}, or {@code (..., n, k)} if {@code transposeB}
     * @param transposeB read b transposed
     * @return shape {@code (batch..., m, n)}
     * @throws IllegalArgumentException on ranks below 2, differing inner sizes or batch
     *     dimensions that do not broadcast
     */
    public static Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        if (a.dim() < 2 || b.dim() < 2) {
            throw new IllegalArgumentException("matmul: transposed operands need rank >= 2, got shapes "
                    + a.shape() + " and " + b.shape());
        }
        int m = a.size(transposeA ? -1 : -2);
        int k = a.size(transposeA ? -2 : -1);
        int kb = b.size(transposeB ? -1 : -2);
        int n = b.size(transposeB ? -2 : -1);
        checkInner(a.shape(), b.shape(), k, kb);
        Shape batchA = batchShape(a);
        Shape batchB = batchShape(b);
        Shape batch = Shape.broadcast("matmul", batchA, batchB);
        Tensor pa = batchA.size() == 1 || batchA.equals(batch) ? a : ShapeOps.materialize(a, withMatrix(batch, a));
        Tensor pb = batchB.size() == 1 || batchB.equals(batch) ? b : ShapeOps.materialize(b, withMatrix(batch, b));
        int[] outDims = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor y = Tensor.empty(Shape.of(outDims));
        int count = batch.size();
        int strideA = batchA.size() == 1 ? 0 : m * k;
        int strideB = batchB.size() == 1 ? 0 : k * n;
        // A right operand multiplied by again unchanged keeps its packed panels (PanelCache),
        // where the kernels use them.
        PackedPanels panels = (strideB == 0 || count == 1) && Simd.kernels().keepsPackedPanels()
                ? PanelCache.panelsFor(pb, transposeB, k, n, b.size(-1)) : null;
        Gemm.gemmBatched(count, transposeA, transposeB, m, n, k, pa.data(), 0, a.size(-1), strideA,
                pb.data(), 0, b.size(-1), strideB, y.data(), 0, n, m * n, false, panels);
        return record("matmul", y, saved(a, b), (g, need) -> grads(
                need[0] ? Reductions.sumTo(transposeA
                        ? matmul(b, transposeB, g, true)
                        : matmul(g, false, b, !transposeB), a.shape()) : null,
                need[1] ? Reductions.sumTo(transposeB
                        ? matmul(g, true, a, transposeA)
                        : matmul(a, !transposeA, g, false), b.shape()) : null), a, b);
    }

    private static Shape batchShape(Tensor t) {
        return Shape.of(Arrays.copyOf(t.shape().toArray(), t.dim() - 2));
    }

    private static Shape withMatrix(Shape batch, Tensor t) {
        int[] dims = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
        dims[batch.rank()] = t.size(-2);
        dims[batch.rank() + 1] = t.size(-1);
        return Shape.of(dims);
    }

    /** y[i][j] = a[i] b[j] for vectors a of size m and b of size n: shape (m, n). Composed. */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expected two vectors, got shapes " + a.shape() + " and "
                    + b.shape());
        }
        return a.reshape(-1, 1).mul(b.reshape(1, -1));
    }
}
