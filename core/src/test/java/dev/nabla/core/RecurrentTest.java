package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused LSTM and GRU cells against the same equations written with separate ops: the forward bit
 * for bit, the fused first-order backward and the recorded (differentiable) backward within
 * fp32 rounding of autograd through those ops. Finite-difference checks of first and second
 * order are the op-spec rows ({@code RecurrentSpecs}).
 */
class RecurrentTest {

    private static final int N = 5;
    /** Not a multiple of any vector width: the SIMD loops' tails run too. */
    private static final int H = 37;

    /** The cell in separate ops: chunk, sigmoid, tanh, mul, add. */
    private static Recurrent.HiddenAndCell composed(Tensor gates, Tensor c) {
        List<Tensor> q = Joining.chunk(gates, 4, 1);
        Tensor i = q.get(0).sigmoid();
        Tensor f = q.get(1).sigmoid();
        Tensor g = q.get(2).tanh();
        Tensor o = q.get(3).sigmoid();
        Tensor next = f.mul(c).add(i.mul(g));
        return new Recurrent.HiddenAndCell(o.mul(next.tanh()), next);
    }

    private static Tensor gates() {
        return Tensor.randn(new Rng(21), N, 4 * H).mul(2f);
    }

    private static Tensor cell() {
        return Tensor.randn(new Rng(22), N, H);
    }

    @Test
    void forwardGivesTheBitsOfTheSeparateOps() {
        Recurrent.HiddenAndCell fused = Recurrent.lstmCell(gates(), cell());
        Recurrent.HiddenAndCell plain = composed(gates(), cell());
        assertArrayEquals(new int[] {N, H}, fused.h().shape().toArray());
        assertArrayEquals(new int[] {N, H}, fused.c().shape().toArray());
        assertArrayEquals(plain.h().toArray(), fused.h().toArray(), "h'");
        assertArrayEquals(plain.c().toArray(), fused.c().toArray(), "c'");
    }

    /** Gradients of sum(h' wh + c' wc) for gates and c through {@code cell}, recorded or not. */
    private static List<Tensor> gradients(boolean fused, boolean createGraph) {
        Tensor g = gates().requiresGrad(true);
        Tensor c = cell().requiresGrad(true);
        Recurrent.HiddenAndCell hc = fused ? Recurrent.lstmCell(g, c) : composed(g, c);
        Tensor wh = Tensor.randn(new Rng(23), N, H);
        Tensor wc = Tensor.randn(new Rng(24), N, H);
        Tensor loss = hc.h().mul(wh).add(hc.c().mul(wc)).sum();
        return Autograd.grad(loss, createGraph, g, c);
    }

    private static void assertClose(Tensor expected, Tensor got, String what) {
        float[] e = expected.toArray();
        float[] a = got.toArray();
        assertEquals(e.length, a.length, what);
        for (int k = 0; k < e.length; k++) {
            // A few roundings of products of terms below 1 in magnitude (times the weights).
            double tol = 1e-6 + 1e-5 * Math.abs(e[k]);
            assertTrue(Math.abs(e[k] - a[k]) <= tol, what + " element " + k + ": " + a[k] + ", expected " + e[k]);
        }
    }

    @Test
    void fusedBackwardMatchesAutogradThroughTheSeparateOps() {
        List<Tensor> reference = gradients(false, false);
        List<Tensor> fused = gradients(true, false);
        assertClose(reference.get(0), fused.get(0), "d gates");
        assertClose(reference.get(1), fused.get(1), "d c");
    }

    @Test
    void recordedBackwardGivesTheFusedBits() {
        List<Tensor> fused = gradients(true, false);
        List<Tensor> recorded = gradients(true, true);
        assertTrue(recorded.get(0).requiresGrad(), "a createGraph gradient is itself differentiable");
        assertArrayEquals(fused.get(0).toArray(), recorded.get(0).toArray(), "d gates");
        assertArrayEquals(fused.get(1).toArray(), recorded.get(1).toArray(), "d c");
    }

    @Test
    void onlyHGettingAGradientAndACellStateWithoutGradWork() {
        // The last step of a sequence: c' is not used, and c may be a constant initial state.
        // Then dc~ = dh' o (1 - t^2), and with c = 0: d a_f = 0, d a_i = dc~ g i (1 - i).
        Tensor g = gates().requiresGrad(true);
        Tensor c = Tensor.zeros(N, H);
        Tensor wh = Tensor.randn(new Rng(25), N, H);
        Recurrent.lstmCell(g, c).h().mul(wh).sum().backward();
        Tensor plain = gates().requiresGrad(true);
        composed(plain, c).h().mul(wh).sum().backward();
        assertClose(plain.grad(), g.grad(), "d gates");
        float[] d = g.grad().toArray();
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < H; j++) {
                float df = d[r * 4 * H + H + j];
                assertTrue(df == 0f, "d a_f at " + r + ", " + j + " is " + df + " (+0 or -0 expected)");
            }
        }
    }

    @Test
    void badShapesAreRefusedByName() {
        Tensor c = cell();
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.lstmCell(Tensor.zeros(N, 4 * H + 1), c));
        assertEquals("lstmCell: gates must be (N, 4H) = (5, 148) for c of shape [5, 37], got [5, 149]",
                wide.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.lstmCell(Tensor.zeros(N + 1, 4 * H), c));
        assertTrue(rows.getMessage().contains("got [6, 148]"), rows.getMessage());
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.lstmCell(gates(), Tensor.zeros(H)));
        assertTrue(flat.getMessage().startsWith("lstmCell: c must be (N, H)"), flat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Recurrent.lstmCell(null, c));
    }

    // ------------------------------------------------------------------ GRU

    /** The GRU cell in separate ops, as nn's GRU step wrote it before the fused op. */
    private static Tensor composedGru(Tensor xw, Tensor hw, Tensor h) {
        List<Tensor> x = Joining.chunk(xw, 3, 1);
        List<Tensor> p = Joining.chunk(hw, 3, 1);
        Tensor r = x.get(0).add(p.get(0)).sigmoid();
        Tensor z = x.get(1).add(p.get(1)).sigmoid();
        Tensor n = x.get(2).add(r.mul(p.get(2))).tanh();
        return n.add(z.mul(h.sub(n)));
    }

    private static Tensor[] gruInputs() {
        return new Tensor[] {Tensor.randn(new Rng(41), N, 3 * H).mul(2f), Tensor.randn(new Rng(42), N, 3 * H),
            Tensor.randn(new Rng(43), N, H)};
    }

    @Test
    void gruForwardGivesTheBitsOfTheSeparateOps() {
        Tensor[] in = gruInputs();
        Tensor fused = Recurrent.gruCell(in[0], in[1], in[2]);
        assertArrayEquals(new int[] {N, H}, fused.shape().toArray());
        assertArrayEquals(composedGru(in[0], in[1], in[2]).toArray(), fused.toArray());
    }

    /** Gradients of sum(h' w) for xw, hw and h through the fused or the composed cell. */
    private static List<Tensor> gruGradients(boolean fused, boolean createGraph) {
        Tensor[] in = gruInputs();
        Tensor xw = in[0].requiresGrad(true);
        Tensor hw = in[1].requiresGrad(true);
        Tensor h = in[2].requiresGrad(true);
        Tensor out = fused ? Recurrent.gruCell(xw, hw, h) : composedGru(xw, hw, h);
        Tensor loss = out.mul(Tensor.randn(new Rng(44), N, H)).sum();
        return Autograd.grad(loss, createGraph, xw, hw, h);
    }

    @Test
    void gruBackwardMatchesAutogradThroughTheSeparateOpsAndTheRecordedPathItsBits() {
        List<Tensor> reference = gruGradients(false, false);
        List<Tensor> fused = gruGradients(true, false);
        List<Tensor> recorded = gruGradients(true, true);
        String[] names = {"d xw", "d hw", "d h"};
        for (int k = 0; k < 3; k++) {
            assertClose(reference.get(k), fused.get(k), names[k]);
            assertArrayEquals(fused.get(k).toArray(), recorded.get(k).toArray(), names[k] + " recorded");
        }
        assertTrue(recorded.get(0).requiresGrad(), "a createGraph gradient is itself differentiable");
    }

    @Test
    void gruBadShapesAreRefusedByName() {
        Tensor[] in = gruInputs();
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.gruCell(in[0], Tensor.zeros(N, 3 * H + 1), in[2]));
        assertEquals("gruCell: hw must be (N, 3H) = (5, 111) for h of shape [5, 37], got [5, 112]", wide.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.gruCell(Tensor.zeros(N + 1, 3 * H), in[1], in[2]));
        assertEquals("gruCell: xw must be (N, 3H) = (5, 111) for h of shape [5, 37], got [6, 111]", rows.getMessage());
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.gruCell(in[0], in[1], Tensor.zeros(H)));
        assertTrue(flat.getMessage().startsWith("gruCell: h must be (N, H)"), flat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Recurrent.gruCell(null, in[1], in[2]));
    }

    @Test
    void gruWithAConstantFirstStateGivesOnlyTheProjectionsGradients() {
        // h needs no gradient (a zero initial state): d hw's n block is da_n r, with
        // da_n = dh' (1 - z) (1 - n^2), as through the separate ops.
        Tensor[] in = gruInputs();
        Tensor xw = in[0].requiresGrad(true);
        Tensor hw = in[1].requiresGrad(true);
        Tensor w = Tensor.randn(new Rng(45), N, H);
        Recurrent.gruCell(xw, hw, in[2]).mul(w).sum().backward();
        Tensor xr = in[0].detach().requiresGrad(true);
        Tensor hr = in[1].detach().requiresGrad(true);
        composedGru(xr, hr, in[2]).mul(w).sum().backward();
        assertClose(xr.grad(), xw.grad(), "d xw");
        assertClose(hr.grad(), hw.grad(), "d hw");
    }
}
