package dev.nabla.core;

import static dev.nabla.core.Autograd.grads;
import static dev.nabla.core.Autograd.record;
import static dev.nabla.core.Autograd.saved;

import dev.nabla.core.kernels.CellKernels;
import java.util.List;

/**
 * Fused recurrent cells (LSTM, GRU): the elementwise part of a cell step as one op, after the
 * projections (which are matrix products). Composed of separate ops, one step allocates and
 * walks a tensor per gate, activation and product, and its backward several times that;
 * fused, it is one pass forward and one backward. The forward gives the bits of the composed
 * formula; the first-order backward is a fused kernel, and a recorded backward
 * ({@code createGraph}) runs the same formula in differentiable ops with the same bits, so
 * derivatives of every order are exact.
 * Why fused: one LSTM cell of batch 32 and hidden size 256 took 48 us forward and 172 us
 * forward and backward composed, 37 and 64 us fused (a loop of 3,000 calls), and the GRU cell
 * of the same sizes 50-51 and 161-197 us composed, 47-49 and 64-79 us fused; see
 * {@code docs/performance.md} ("A fused LSTM cell", "A fused GRU cell") for whole layers.
 */
public final class Recurrent {

    private Recurrent() {
    }

    /**
     * The two results of a cell step.
     *
     * @param h the new hidden state h', {@code (N, H)}
     * @param c the new cell state c', {@code (N, H)}
     */
    public record HiddenAndCell(Tensor h, Tensor c) {
    }

    /**
     * The elementwise part of an LSTM cell (PyTorch's {@code nn.LSTMCell} after its two
     * projections). With the gates {@code a} cut into four blocks of H features in the order
     * i, f, g, o:
     * <pre>
     * i = sigmoid(a_i)   f = sigmoid(a_f)   g = tanh(a_g)   o = sigmoid(a_o)
     * c' = f c + i g
     * h' = o tanh(c')
     * </pre>
     * Backward: with {@code dc~ = dc' + dh' o (1 - tanh(c')^2)}: {@code da_i = dc~ g i (1 - i)},
     * {@code da_f = dc~ c f (1 - f)}, {@code da_g = dc~ i (1 - g^2)},
     * {@code da_o = dh' tanh(c') o (1 - o)}, {@code dc = dc~ f}.
     *
     * @param gates {@code x W_ih^T + b_ih + h W_hh^T + b_hh}, {@code (N, 4H)}; not modified
     * @param c the cell state, {@code (N, H)}; not modified
     * @return h' and c', each {@code (N, H)}
     * @throws IllegalArgumentException if an argument is null, c is not 2-D with {@code H >= 1},
     *     or gates is not {@code (N, 4H)} for c's N and H
     */
    public static HiddenAndCell lstmCell(Tensor gates, Tensor c) {
        String op = "lstmCell";
        if (gates == null || c == null) {
            throw new IllegalArgumentException(op + ": expected gates (N, 4H) and c (N, H), got "
                    + describe(gates) + " and " + describe(c));
        }
        if (c.dim() != 2 || c.size(1) < 1) {
            throw new IllegalArgumentException(op + ": c must be (N, H) with H >= 1, got " + c.shape());
        }
        int n = c.size(0);
        int h = c.size(1);
        if (gates.dim() != 2 || gates.size(0) != n || gates.size(1) != 4 * h) {
            throw new IllegalArgumentException(op + ": gates must be (N, 4H) = (" + n + ", " + 4 * h
                    + ") for c of shape " + c.shape() + ", got " + gates.shape());
        }
        Tensor act = Tensor.empty(gates.shape());
        Tensor hc = Tensor.empty(Shape.of(2, n, h));
        float[] tanhC = new float[n * h];
        CellKernels.lstmForward(gates.data(), c.data(), n, h, act.data(), hc.data(), tanhC);
        Tensor out = record(op, hc, saved(gates, c), (g, needs) -> {
            if (Autograd.isEnabled()) {
                return lstmCellGradient(gates, c, g, n, h);
            }
            Tensor dGates = Tensor.empty(gates.shape());
            Tensor dC = Tensor.empty(c.shape());
            CellKernels.lstmBackward(g.data(), act.data(), c.data(), tanhC, n, h, dGates.data(), dC.data());
            return grads(needs[0] ? dGates : null, needs[1] ? dC : null);
        }, gates, c);
        List<Tensor> halves = Joining.chunk(out, 2, 0);
        return new HiddenAndCell(halves.get(0).reshape(n, h), halves.get(1).reshape(n, h));
    }

    /**
     * The backward of {@link #lstmCell} in differentiable ops, activations recomputed from the
     * gates: the fused kernel's operations in its order ({@code i (1 - i)}, not {@code i - i^2}),
     * so both paths give the same bits.
     */
    private static Tensor[] lstmCellGradient(Tensor gates, Tensor c, Tensor g, int n, int h) {
        List<Tensor> a = Joining.chunk(gates, 4, 1);
        Tensor i = Activations.sigmoid(a.get(0));
        Tensor f = Activations.sigmoid(a.get(1));
        Tensor gg = Activations.tanh(a.get(2));
        Tensor o = Activations.sigmoid(a.get(3));
        Tensor t = Activations.tanh(f.mul(c).add(i.mul(gg)));
        List<Tensor> d = Joining.chunk(g, 2, 0);
        Tensor dh = d.get(0).reshape(n, h);
        Tensor dct = d.get(1).reshape(n, h).add(dh.mul(o).mul(t.square().neg().add(1f)));
        Tensor di = dct.mul(gg).mul(i.mul(i.neg().add(1f)));
        Tensor df = dct.mul(c).mul(f.mul(f.neg().add(1f)));
        Tensor dg = dct.mul(i).mul(gg.square().neg().add(1f));
        Tensor dout = dh.mul(t).mul(o.mul(o.neg().add(1f)));
        return grads(Joining.cat(List.of(di, df, dg, dout), 1), dct.mul(f));
    }

    /**
     * The elementwise part of a GRU cell (PyTorch's {@code nn.GRUCell} after its two
     * projections). With the projections cut into three blocks of H features in the order
     * r, z, n ({@code b_hn} stays inside the reset product, as PyTorch's):
     * <pre>
     * r = sigmoid(x_r + h_r)   z = sigmoid(x_z + h_z)   n = tanh(x_n + r h_n)
     * h' = n + z (h - n)
     * </pre>
     * Backward: {@code da_n = dh' (1 - z) (1 - n^2)}, {@code da_r = da_n h_n r (1 - r)},
     * {@code da_z = dh' (h - n) z (1 - z)}; {@code dxw = (da_r, da_z, da_n)},
     * {@code dhw = (da_r, da_z, da_n r)}, {@code dh = dh' z}.
     *
     * @param xw {@code x W_ih^T + b_ih}, {@code (N, 3H)}; not modified
     * @param hw {@code h W_hh^T + b_hh}, {@code (N, 3H)}; not modified
     * @param h the hidden state, {@code (N, H)}; not modified
     * @return h', {@code (N, H)}
     * @throws IllegalArgumentException if an argument is null, h is not 2-D with {@code H >= 1},
     *     or xw or hw is not {@code (N, 3H)} for h's N and H
     */
    public static Tensor gruCell(Tensor xw, Tensor hw, Tensor h) {
        String op = "gruCell";
        if (xw == null || hw == null || h == null) {
            throw new IllegalArgumentException(op + ": expected xw and hw (N, 3H) and h (N, H), got "
                    + describe(xw) + ", " + describe(hw) + " and " + describe(h));
        }
        if (h.dim() != 2 || h.size(1) < 1) {
            throw new IllegalArgumentException(op + ": h must be (N, H) with H >= 1, got " + h.shape());
        }
        int n = h.size(0);
        int hidden = h.size(1);
        for (Tensor t : new Tensor[] {xw, hw}) {
            if (t.dim() != 2 || t.size(0) != n || t.size(1) != 3 * hidden) {
                throw new IllegalArgumentException(op + ": " + (t == xw ? "xw" : "hw") + " must be (N, 3H) = (" + n
                        + ", " + 3 * hidden + ") for h of shape " + h.shape() + ", got " + t.shape());
            }
        }
        Tensor act = Tensor.empty(xw.shape());
        Tensor out = Tensor.empty(h.shape());
        CellKernels.gruForward(xw.data(), hw.data(), h.data(), n, hidden, act.data(), out.data());
        return record(op, out, saved(xw, hw, h), (g, needs) -> {
            if (Autograd.isEnabled()) {
                return gruCellGradient(xw, hw, h, g);
            }
            Tensor dxw = Tensor.empty(xw.shape());
            Tensor dhw = Tensor.empty(hw.shape());
            Tensor dh = Tensor.empty(h.shape());
            CellKernels.gruBackward(g.data(), act.data(), hw.data(), h.data(), n, hidden, dxw.data(), dhw.data(),
                    dh.data());
            return grads(needs[0] ? dxw : null, needs[1] ? dhw : null, needs[2] ? dh : null);
        }, xw, hw, h);
    }

    /**
     * The backward of {@link #gruCell} in differentiable ops, activations recomputed from the
     * projections: the fused kernel's operations in its order, so both paths give the same bits.
     */
    private static Tensor[] gruCellGradient(Tensor xw, Tensor hw, Tensor h, Tensor g) {
        List<Tensor> x = Joining.chunk(xw, 3, 1);
        List<Tensor> p = Joining.chunk(hw, 3, 1);
        Tensor r = Activations.sigmoid(x.get(0).add(p.get(0)));
        Tensor z = Activations.sigmoid(x.get(1).add(p.get(1)));
        Tensor nn = Activations.tanh(x.get(2).add(r.mul(p.get(2))));
        Tensor dn = g.mul(z.neg().add(1f)).mul(nn.square().neg().add(1f));
        Tensor dr = dn.mul(p.get(2)).mul(r.mul(r.neg().add(1f)));
        Tensor dz = g.mul(h.sub(nn)).mul(z.mul(z.neg().add(1f)));
        return grads(Joining.cat(List.of(dr, dz, dn), 1), Joining.cat(List.of(dr, dz, dn.mul(r)), 1), g.mul(z));
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : t.shape().toString();
    }
}
