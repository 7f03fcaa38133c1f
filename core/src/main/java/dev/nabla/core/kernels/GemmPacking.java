package dev.nabla.core.kernels;

import java.util.Arrays;

/**
 * Packing of GEMM operands into the contiguous, k-major panels a register-blocked
 * micro-kernel reads. Packing is where the four transpose combinations differ; a kernel that
 * reads packed panels has one code path. Shared by the scalar and SIMD implementations of
 * {@link SimdKernels#gemmBlock}; arguments are not checked (the GEMM driver validated them).
 */
public final class GemmPacking {

    private GemmPacking() {
    }

    /**
     * Packs {@code rows} rows of op(A) over {@code kb} columns into one micro-panel:
     * {@code dst[dstOff + p*mr + r] = op(A)[r][p]} for {@code r < rows, p < kb}, and 0 for
     * {@code rows <= r < mr} (so a kernel may always compute {@code mr} rows).
     *
     * @param transA whether A is stored transposed: {@code op(A)[r][p] = a[aOff + p*lda + r]},
     *     otherwise {@code a[aOff + r*lda + p]}
     * @param a A, read
     * @param aOff index of {@code op(A)[0][0]}
     * @param lda distance between A's stored rows
     * @param rows rows to pack, {@code 1 .. mr}
     * @param kb columns of op(A) to pack (the depth of the panel), at least 0
     * @param mr rows of the micro-panel
     * @param dst the panel, written ({@code kb * mr} floats from {@code dstOff})
     * @param dstOff index of the panel's first element
     */
    public static void packA(boolean transA, float[] a, int aOff, int lda, int rows, int kb, int mr,
                             float[] dst, int dstOff) {
        if (transA) {
            for (int p = 0, s = aOff, d = dstOff; p < kb; p++, s += lda, d += mr) {
                System.arraycopy(a, s, dst, d, rows);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int p = 0, s = aOff + r * lda, d = dstOff + r; p < kb; p++, d += mr) {
                    dst[d] = a[s + p];
                }
            }
        }
        if (rows < mr) {
            for (int p = 0, d = dstOff; p < kb; p++, d += mr) {
                Arrays.fill(dst, d + rows, d + mr, 0f);
            }
        }
    }

    /**
     * Packs {@code kb} rows of op(B) over {@code cols} columns into one micro-panel:
     * {@code dst[dstOff + p*nr + j] = op(B)[p][j]} for {@code p < kb, j < cols}, and 0 for
     * {@code cols <= j < nr}.
     *
     * @param transB whether B is stored transposed: {@code op(B)[p][j] = b[bOff + j*ldb + p]},
     *     otherwise {@code b[bOff + p*ldb + j]}
     * @param b B, read
     * @param bOff index of {@code op(B)[0][0]}
     * @param ldb distance between B's stored rows
     * @param kb rows of op(B) to pack (the depth of the panel), at least 0
     * @param cols columns to pack, {@code 1 .. nr}
     * @param nr columns of the micro-panel
     * @param dst the panel, written ({@code kb * nr} floats from {@code dstOff})
     * @param dstOff index of the panel's first element
     */
    public static void packB(boolean transB, float[] b, int bOff, int ldb, int kb, int cols, int nr,
                             float[] dst, int dstOff) {
        if (!transB) {
            for (int p = 0, s = bOff, d = dstOff; p < kb; p++, s += ldb, d += nr) {
                System.arraycopy(b, s, dst, d, cols);
            }
        } else {
            // Four stored rows of B side by side, so each write fills four adjacent floats.
            int j = 0;
            for (; j + 4 <= cols; j += 4) {
                int s0 = bOff + j * ldb;
                int s1 = s0 + ldb;
                int s2 = s1 + ldb;
                int s3 = s2 + ldb;
                for (int p = 0, d = dstOff + j; p < kb; p++, d += nr) {
                    dst[d] = b[s0 + p];
                    dst[d + 1] = b[s1 + p];
                    dst[d + 2] = b[s2 + p];
                    dst[d + 3] = b[s3 + p];
                }
            }
            for (; j < cols; j++) {
                for (int p = 0, s = bOff + j * ldb, d = dstOff + j; p < kb; p++, d += nr) {
                    dst[d] = b[s + p];
                }
            }
        }
        if (cols < nr) {
            for (int p = 0, d = dstOff; p < kb; p++, d += nr) {
                Arrays.fill(dst, d + cols, d + nr, 0f);
            }
        }
    }
}
