package dev.nabla.core.kernels.vector;

import dev.nabla.core.kernels.Elementwise;
import dev.nabla.core.kernels.PackedPanels;
import dev.nabla.core.kernels.Parallel;
import dev.nabla.core.kernels.Simd;
import dev.nabla.core.kernels.SimdKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation of {@link SimdKernels}, on the JVM's preferred float species
 * (16 lanes with AVX-512, 8 with AVX2). Loaded reflectively by
 * {@link dev.nabla.core.kernels.Simd} only when the module {@code jdk.incubator.vector} is
 * present; this package is the only one in Nabla that imports it.
 *
 * <p>Reductions ({@link #dot}, {@link #sum}) keep one partial per lane, add the lanes in lane
 * order and then the tail left to right: a fixed order, so results are deterministic, but not
 * the scalar implementation's order.
 */
public final class VectorKernels implements SimdKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Doubles of the same vector size as S: half as many lanes, so one float vector fills two. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

    /** Creates the implementation (called reflectively). */
    public VectorKernels() {
    }

    @Override
    public String name() {
        return "vector (" + S.vectorBitSize() + "-bit, GEMM tile " + VectorGemm.MR + "x" + VectorGemm.NR + ")";
    }

    /**
     * Lane {@code l} accumulates {@code fma(a[i], b[i], acc)} over {@code i = l mod L} of the
     * whole vectors; the lanes are then added in order and the tail with {@code s += a*b}.
     */
    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < bound; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float s = addLanes(acc);
        for (int i = bound; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** {@code y = fma(alpha, x, y)} per element, on whole vectors and then the tail. */
    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < bound; i += L) {
            va.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (int i = bound; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /** Lane {@code l} sums {@code x[i]} over {@code i = l mod L}; lanes, then the tail, in order. */
    @Override
    public float sum(float[] x, int off, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < bound; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float s = addLanes(acc);
        for (int i = bound; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public Parallel.ChunkBody mapper(Elementwise.Function f, float[] x, float[] y) {
        return VectorMath.mapper(f, x, y);
    }

    @Override
    public void zip(Elementwise.Operator op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
                    int oo, int len) {
        int done = as == 1 && (bs == 1 || bs == 0) ? VectorMath.zip(op, a, ao, b, bo, bs, out, oo, len) : 0;
        Simd.scalar().zip(op, a, ao + done * as, as, b, bo + done * bs, bs, out, oo + done, len - done);
    }

    /**
     * Each float vector is widened into two double vectors (its low and high halves), summed
     * into two double accumulators; the accumulators' lanes are then added in lane order
     * (low half first) and the tail left to right.
     */
    @Override
    public double sumDouble(float[] x, int from, int to) {
        int bound = from + S.loopBound(to - from);
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        for (int i = from; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            lo = lo.add(v.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add(v.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = 0;
        for (double lane : lo.toArray()) {
            s += lane;
        }
        for (double lane : hi.toArray()) {
            s += lane;
        }
        for (int i = bound; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    /** Lanes added in lane order ({@code reduceLanes} leaves the order unspecified). */
    private static float addLanes(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float lane : lanes) {
            s += lane;
        }
        return s;
    }

    @Override
    public void lstmRow(float[] act, int a, float[] c, float[] hc, float[] tanhC, int s, int nh, int h) {
        VectorCells.lstmRow(act, a, c, hc, tanhC, s, nh, h);
    }

    @Override
    public void lstmRowBackward(float[] grad, float[] act, int a, float[] c, float[] tanhC, int s, int nh, int h,
                                float[] dGates, float[] dC) {
        VectorCells.lstmRowBackward(grad, act, a, c, tanhC, s, nh, h, dGates, dC);
    }

    @Override
    public void gruRow(float[] xw, float[] hw, float[] act, int a, float[] hPrev, float[] out, int s, int h) {
        VectorCells.gruRow(xw, hw, act, a, hPrev, out, s, h);
    }

    @Override
    public void gruRowBackward(float[] grad, float[] act, float[] hw, int a, float[] hPrev, int s, int h,
                               float[] dxw, float[] dhw, float[] dh) {
        VectorCells.gruRowBackward(grad, act, hw, a, hPrev, s, h, dxw, dhw, dh);
    }

    @Override
    public boolean keepsPackedPanels() {
        return true;
    }

    @Override
    public int gemmBlockRows() {
        return VectorGemm.MC;
    }

    @Override
    public int gemmBlockCols() {
        return VectorGemm.NC;
    }

    @Override
    public int gemmTileRows() {
        return VectorGemm.MR;
    }

    @Override
    public int gemmTileCols() {
        return VectorGemm.NR;
    }

    @Override
    public int gemmNarrowCols() {
        return VectorGemm.L;
    }

    @Override
    public void gemmBlock(boolean transA, boolean transB, int mb, int nb, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate, PackedPanels packedB) {
        VectorGemm.block(transA, transB, mb, nb, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, packedB);
    }
}
