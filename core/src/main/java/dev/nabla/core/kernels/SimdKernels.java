package dev.nabla.core.kernels;

/**
 * The kernels that exist in a scalar and a SIMD form, behind one interface over primitive
 * arrays. {@link Simd#kernels()} returns the implementation chosen once at class load:
 * the Vector API one when the JVM runs with {@code --add-modules jdk.incubator.vector} (and
 * the system property {@code nabla.simd} is not {@code false}), the scalar one otherwise.
 * The scalar implementation is also the oracle the SIMD one is tested against.
 *
 * <p>Every method is deterministic: the same inputs give the same bits on every call and
 * from every thread. The two implementations may differ in the last bits (they add in
 * different orders, and the SIMD one uses fused multiply-adds); each method says how.
 *
 * <p>Methods do not check their arguments beyond what the JVM's array bounds checks do:
 * the public kernels that call them ({@link Gemm}) validate first.
 */
public interface SimdKernels {

    /**
     * A short name for logs, e.g. {@code "scalar"} or {@code "vector (512-bit)"}.
     *
     * @return the name of this implementation
     */
    String name();

    /**
     * The dot product {@code sum over i < n of a[aOff + i] * b[bOff + i]}, accumulated in
     * float in an order fixed by the implementation.
     *
     * @param a first operand, read
     * @param aOff index of a's first element
     * @param b second operand, read
     * @param bOff index of b's first element
     * @param n number of elements, at least 0
     * @return the dot product (0 if {@code n == 0})
     */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}. The scalar implementation
     * rounds the product and then the sum; the SIMD one rounds once (fused multiply-add).
     *
     * @param alpha the scale
     * @param x the added vector, read
     * @param xOff index of x's first element
     * @param y the updated vector, written; may be x itself at the same offset
     * @param yOff index of y's first element
     * @param n number of elements, at least 0
     */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * The sum {@code x[off] + ... + x[off + n - 1]} in float, in an order fixed by the
     * implementation.
     *
     * @param x the values, read
     * @param off index of the first element
     * @param n number of elements, at least 0
     * @return the sum (0 if {@code n == 0})
     */
    float sum(float[] x, int off, int n);

    /**
     * {@code y[i] = f(x[i])} for {@code from <= i < to}, on the calling thread. Every
     * implementation gives the same bits as {@link FastMath} and the scalar formulas of
     * {@link Elementwise.Function} (the vector one repeats their operations lane by lane,
     * fusing a multiply and an add exactly where they do), so elementwise results do not
     * depend on SIMD.
     *
     * @param f the function
     * @param x input, read
     * @param y output, written; may be {@code x}
     * @param from first index
     * @param to end index, exclusive
     */
    default void map(Elementwise.Function f, float[] x, float[] y, int from, int to) {
        mapper(f, x, y).run(0, from, to);
    }

    /**
     * The loop of {@link #map} for one function and one pair of arrays, as a chunk body for
     * {@link Parallel#forChunks}: {@code run(chunk, from, to)} computes {@code y[i] = f(x[i])}
     * for {@code from <= i < to}.
     *
     * <p>The vector implementation returns a body of its own class for each function, so
     * that the JIT compiles each function's loop as a method of its own. One method that
     * dispatches to the loops of several functions inlines all of those it has seen run; past
     * C2's node budget it then leaves a helper of a transcendental loop out of line, and every
     * vector that crosses such a call is boxed: measured, silu ran 3 to 6 times slower for the
     * rest of the JVM's life after another function had run first.
     *
     * @param f the function
     * @param x input, read
     * @param y output, written; may be {@code x}
     * @return the loop over a range of indices
     */
    Parallel.ChunkBody mapper(Elementwise.Function f, float[] x, float[] y);

    /**
     * The sum of {@code x[from .. to)} accumulated in double, in an order fixed by the range
     * and the implementation (scalar and vector orders differ, each deterministic).
     *
     * @param x the array, read
     * @param from first index
     * @param to end index, exclusive
     * @return the sum
     */
    double sumDouble(float[] x, int from, int to);

    /**
     * One row of a broadcasting arithmetic op, on the calling thread:
     * {@code out[oo + i] = a[ao + i as] op b[bo + i bs]} for {@code i < len}. Every
     * implementation gives the same bits (one IEEE operation per element).
     *
     * @param op the operator
     * @param a first operand, read
     * @param ao its first position
     * @param as its stride (1 contiguous, 0 broadcast, or any)
     * @param b second operand, read
     * @param bo its first position
     * @param bs its stride
     * @param out output, written
     * @param oo the first output position (contiguous)
     * @param len element count
     */
    void zip(Elementwise.Operator op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo,
             int len);

    /**
     * The combining part of one row of the LSTM cell's forward, after the activations: for
     * {@code j < h}, with {@code i, f, g, o = act[a + j], act[a + h + j], act[a + 2h + j],
     * act[a + 3h + j]}: {@code c' = f c[s + j] + i g} (each product rounded, then the sum),
     * {@code tanhC[s + j] = tanh(c')} ({@link FastMath#tanh}), {@code hc[nh + s + j] = c'} and
     * {@code hc[s + j] = o tanhC[s + j]}. Every implementation gives the same bits.
     *
     * @param act the activated gates, read
     * @param a index of the row's first gate value
     * @param c the previous cell state, read
     * @param hc h' and then c', written
     * @param tanhC {@code tanh(c')}, written
     * @param s index of the row's first state value
     * @param nh offset of c' in hc ({@code N H})
     * @param h hidden size
     */
    void lstmRow(float[] act, int a, float[] c, float[] hc, float[] tanhC, int s, int nh, int h);

    /**
     * One row of the LSTM cell's backward ({@link CellKernels#lstmBackward}), one IEEE
     * operation at a time, grouped as {@link CellKernels#lstmRowBackward} writes them, so every
     * implementation gives the same bits.
     *
     * @param grad dh' and then dc', read
     * @param act the activated gates, read
     * @param a index of the row's first gate value (in act and dGates)
     * @param c the previous cell state, read
     * @param tanhC {@code tanh(c')}, read
     * @param s index of the row's first state value (in c, tanhC, dC and each half of grad)
     * @param nh offset of dc' in grad ({@code N H})
     * @param h hidden size
     * @param dGates the gates' gradient, written
     * @param dC the previous cell state's gradient, written
     */
    void lstmRowBackward(float[] grad, float[] act, int a, float[] c, float[] tanhC, int s, int nh, int h,
                         float[] dGates, float[] dC);

    /**
     * The rest of one row of the GRU cell's forward once r and z are activated
     * ({@link CellKernels#gruForward}): for {@code j < h}, {@code a_n = x_n + r h_n} (the product
     * rounded, then the sum), {@code n = tanh(a_n)} ({@link FastMath#tanh}), stored in
     * {@code act[a + 2h + j]}, and {@code out[s + j] = n + z (hPrev[s + j] - n)} (each operation rounded in
     * that order). Every implementation gives the same bits.
     *
     * @param xw the input projections {@code (N, 3H)}, read
     * @param hw the hidden projections {@code (N, 3H)}, read
     * @param act r, z (read) and n (written) of the row, at {@code a}
     * @param a index of the row's first gate value (in xw, hw and act)
     * @param hPrev the previous hidden state, read
     * @param out h', written
     * @param s index of the row's first state value (in hPrev and out)
     * @param h hidden size
     */
    void gruRow(float[] xw, float[] hw, float[] act, int a, float[] hPrev, float[] out, int s, int h);

    /**
     * One row of the GRU cell's backward, one IEEE operation at a time, grouped as
     * {@link CellKernels#gruRowBackward} writes them, so every implementation gives the same
     * bits.
     *
     * @param grad dh', read
     * @param act r, z, n of the forward, read
     * @param hw the hidden projections, read
     * @param a index of the row's first gate value (in act, hw, dxw and dhw)
     * @param hPrev the previous hidden state, read
     * @param s index of the row's first state value (in grad, hPrev and dh)
     * @param h hidden size
     * @param dxw the input projections' gradient, written
     * @param dhw the hidden projections' gradient, written
     * @param dh the previous hidden state's gradient, written
     */
    void gruRowBackward(float[] grad, float[] act, float[] hw, int a, float[] hPrev, int s, int h,
                        float[] dxw, float[] dhw, float[] dh);

    /**
     * Whether {@link #gemmBlock} reads and fills the {@link PackedPanels} it is given; an
     * implementation that always packs afresh says no, so that callers need not keep any.
     *
     * @return true if kept panels are used
     */
    default boolean keepsPackedPanels() {
        return false;
    }

    /**
     * The largest number of rows of C that {@link #gemmBlock} takes in one call; the GEMM
     * driver cuts C into blocks of this many rows.
     *
     * @return rows per output block, at least 1
     */
    int gemmBlockRows();

    /**
     * The number of columns of C per {@link #gemmBlock} call; a last block may take up to
     * {@link #gemmTileCols()} - 1 more.
     *
     * @return columns per output block, at least 1
     */
    int gemmBlockCols();

    /**
     * The register tile's rows: blocks whose row count is a multiple of it waste no work.
     *
     * @return rows of the micro-kernel tile, at least 1, dividing {@link #gemmBlockRows()}
     */
    int gemmTileRows();

    /**
     * The register tile's columns: blocks whose column count is a multiple of it waste no work.
     *
     * @return columns of the micro-kernel tile, at least 1, dividing {@link #gemmBlockCols()}
     */
    int gemmTileCols();

    /**
     * The narrowest column panel the micro-kernels multiply without waste: a block of
     * {@code q * gemmTileCols() + gemmNarrowCols()} columns is tiled exactly, as one of
     * {@code q * gemmTileCols()} is. Equal to {@link #gemmTileCols()} if there is no narrower
     * kernel.
     *
     * @return columns of the narrow panel, at least 1, dividing {@link #gemmTileCols()}
     */
    int gemmNarrowCols();

    /**
     * One output block of a matrix product: {@code C = op(A) * op(B)}, or
     * {@code C += op(A) * op(B)} if {@code accumulate}, where op(A) is {@code (mb, k)},
     * op(B) is {@code (k, nb)} and C is {@code (mb, nb)}, with the layouts of
     * {@link Gemm#gemm}: {@code op(A)[i][p] = a[aOff + i*lda + p]} ({@code a[aOff + p*lda + i]}
     * if {@code transA}), {@code op(B)[p][j] = b[bOff + p*ldb + j]} ({@code b[bOff + j*ldb + p]}
     * if {@code transB}), {@code C[i][j] = c[cOff + i*ldc + j]}.
     *
     * <p>Each element is accumulated in float over {@code p = 0 .. k-1} in increasing order,
     * starting from the old C (accumulate) or +0: the scalar implementation computes
     * {@code c = c + a*b} (product and sum each rounded), the SIMD one
     * {@code c = Math.fma(a, b, c)} (rounded once). The result therefore does not depend on how
     * the caller cuts C into blocks. Elements of c outside the block are not touched.
     * Called concurrently on disjoint blocks; scratch space is per thread.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param mb rows of the block, {@code 1 .. gemmBlockRows()}
     * @param nb columns of the block, {@code 1 .. gemmBlockCols() + gemmTileCols() - 1} (the
     *     driver's last column block absorbs a tail narrower than a tile)
     * @param k the inner dimension, at least 1
     * @param a A, read
     * @param aOff index of {@code op(A)[0][0]}
     * @param lda distance between A's stored rows
     * @param b B, read
     * @param bOff index of {@code op(B)[0][0]}
     * @param ldb distance between B's stored rows
     * @param c C, written (only the block)
     * @param cOff index of {@code C[0][0]}
     * @param ldc distance between C's rows
     * @param accumulate add to C instead of overwriting it
     * @param packedB B's panels kept from earlier calls with the same unchanged B, to read or
     *     fill; {@code null} to pack B afresh (an implementation may always do that)
     */
    void gemmBlock(boolean transA, boolean transB, int mb, int nb, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate, PackedPanels packedB);
}
