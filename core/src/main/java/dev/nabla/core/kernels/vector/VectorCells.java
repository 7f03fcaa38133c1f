package dev.nabla.core.kernels.vector;

import dev.nabla.core.kernels.CellKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-row loops of {@link CellKernels} on whole vectors, operation for operation as the
 * scalar loops (separate multiplies and adds, no fused multiply-add; {@link VectorMath#tanh}
 * for tanh), so every lane gives the scalar bits; the tail past the last whole vector runs the
 * scalar loop. Plain Java loops over several arrays at unrelated offsets stay scalar in C2,
 * which cannot rule out that they overlap.
 */
final class VectorCells {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorCells() {
    }

    /** See {@link dev.nabla.core.kernels.SimdKernels#lstmRow}. */
    static void lstmRow(float[] act, int a, float[] c, float[] hc, float[] tanhC, int s, int nh, int h) {
        int bound = S.loopBound(h);
        for (int j = 0; j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, act, a + j);
            FloatVector f = FloatVector.fromArray(S, act, a + h + j);
            FloatVector g = FloatVector.fromArray(S, act, a + 2 * h + j);
            FloatVector next = f.mul(FloatVector.fromArray(S, c, s + j)).add(i.mul(g));
            FloatVector t = VectorMath.tanh(next);
            next.intoArray(hc, nh + s + j);
            t.intoArray(tanhC, s + j);
            FloatVector.fromArray(S, act, a + 3 * h + j).mul(t).intoArray(hc, s + j);
        }
        CellKernels.lstmRow(act, a, c, hc, tanhC, s, nh, h, bound);
    }

    /** See {@link dev.nabla.core.kernels.SimdKernels#lstmRowBackward}. */
    static void lstmRowBackward(float[] grad, float[] act, int a, float[] c, float[] tanhC, int s, int nh, int h,
                                float[] dGates, float[] dC) {
        int bound = S.loopBound(h);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, act, a + j);
            FloatVector f = FloatVector.fromArray(S, act, a + h + j);
            FloatVector g = FloatVector.fromArray(S, act, a + 2 * h + j);
            FloatVector o = FloatVector.fromArray(S, act, a + 3 * h + j);
            FloatVector t = FloatVector.fromArray(S, tanhC, s + j);
            FloatVector dh = FloatVector.fromArray(S, grad, s + j);
            FloatVector dct = FloatVector.fromArray(S, grad, nh + s + j).add(dh.mul(o).mul(one.sub(t.mul(t))));
            dct.mul(g).mul(i.mul(one.sub(i))).intoArray(dGates, a + j);
            dct.mul(FloatVector.fromArray(S, c, s + j)).mul(f.mul(one.sub(f))).intoArray(dGates, a + h + j);
            dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, a + 2 * h + j);
            dh.mul(t).mul(o.mul(one.sub(o))).intoArray(dGates, a + 3 * h + j);
            dct.mul(f).intoArray(dC, s + j);
        }
        CellKernels.lstmRowBackward(grad, act, a, c, tanhC, s, nh, h, dGates, dC, bound);
    }

    /** See {@link dev.nabla.core.kernels.SimdKernels#gruRow}. */
    static void gruRow(float[] xw, float[] hw, float[] act, int a, float[] hPrev, float[] out, int s, int h) {
        int bound = S.loopBound(h);
        for (int j = 0; j < bound; j += L) {
            FloatVector r = FloatVector.fromArray(S, act, a + j);
            FloatVector z = FloatVector.fromArray(S, act, a + h + j);
            FloatVector pre = FloatVector.fromArray(S, xw, a + 2 * h + j)
                    .add(r.mul(FloatVector.fromArray(S, hw, a + 2 * h + j)));
            FloatVector n = VectorMath.tanh(pre);
            n.intoArray(act, a + 2 * h + j);
            n.add(z.mul(FloatVector.fromArray(S, hPrev, s + j).sub(n))).intoArray(out, s + j);
        }
        CellKernels.gruRow(xw, hw, act, a, hPrev, out, s, h, bound);
    }

    /** See {@link dev.nabla.core.kernels.SimdKernels#gruRowBackward}. */
    static void gruRowBackward(float[] grad, float[] act, float[] hw, int a, float[] hPrev, int s, int h,
                               float[] dxw, float[] dhw, float[] dh) {
        int bound = S.loopBound(h);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < bound; j += L) {
            FloatVector r = FloatVector.fromArray(S, act, a + j);
            FloatVector z = FloatVector.fromArray(S, act, a + h + j);
            FloatVector n = FloatVector.fromArray(S, act, a + 2 * h + j);
            FloatVector g = FloatVector.fromArray(S, grad, s + j);
            FloatVector dn = g.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dr = dn.mul(FloatVector.fromArray(S, hw, a + 2 * h + j)).mul(r.mul(one.sub(r)));
            FloatVector dz = g.mul(FloatVector.fromArray(S, hPrev, s + j).sub(n)).mul(z.mul(one.sub(z)));
            dr.intoArray(dxw, a + j);
            dr.intoArray(dhw, a + j);
            dz.intoArray(dxw, a + h + j);
            dz.intoArray(dhw, a + h + j);
            dn.intoArray(dxw, a + 2 * h + j);
            dn.mul(r).intoArray(dhw, a + 2 * h + j);
            g.mul(z).intoArray(dh, s + j);
        }
        CellKernels.gruRowBackward(grad, act, hw, a, hPrev, s, h, dxw, dhw, dh, bound);
    }
}
