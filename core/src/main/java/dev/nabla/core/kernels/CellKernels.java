package dev.nabla.core.kernels;

/**
 * The elementwise part of a recurrent cell (LSTM, GRU) in one pass per row, so that a step
 * does not allocate and walk a tensor per gate and per product (the backward even less so).
 * The activations run through the active SIMD kernels over each row's gate blocks; the rest
 * of each row runs through the active implementation's row methods
 * ({@link SimdKernels#lstmRow}, {@link SimdKernels#gruRow} and their backwards). Rows are cut
 * into fixed chunks, so results never depend on the thread count. Arguments are not checked
 * (the op that calls these did).
 *
 * <p>Layouts, N rows of hidden size H: for the LSTM, {@code gates} and {@code act} are
 * {@code (N, 4H)}, each row the four blocks i, f, g, o of H values; {@code c}, {@code tanhC}
 * and each half of {@code hc} are {@code (N, H)}; {@code hc} holds h' and then c'
 * ({@code (2, N, H)}). For the GRU, {@code xw}, {@code hw} and {@code act} are {@code (N, 3H)},
 * each row the blocks r, z, n; {@code hPrev} and {@code out} are {@code (N, H)}.
 */
public final class CellKernels {

    /** Elements of the gates per parallel chunk; fewer rows stay on the calling thread. */
    static final int GRAIN = 1 << 15;

    private CellKernels() {
    }

    /**
     * The LSTM cell's forward: {@code i, f, o = sigmoid}, {@code g = tanh} of their blocks,
     * {@code c' = f c + i g}, {@code h' = o tanh(c')}, each product and the sum rounded to
     * float in that order (the bits of the same formula in separate ops).
     *
     * @param gates the pre-activations, read
     * @param c the previous cell state, read
     * @param n rows N
     * @param h hidden size H
     * @param act the activated gates, written
     * @param hc h' then c', written ({@code 2 N H} floats)
     * @param tanhC {@code tanh(c')}, written
     */
    public static void lstmForward(float[] gates, float[] c, int n, int h, float[] act, float[] hc, float[] tanhC) {
        int g4 = 4 * h;
        int nh = n * h;
        SimdKernels k = Simd.kernels();
        Parallel.forChunks(n, rowsPerChunk(4 * h), (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                int b = r * g4;
                int s = r * h;
                k.map(Elementwise.Function.SIGMOID, gates, act, b, b + 2 * h);
                k.map(Elementwise.Function.TANH, gates, act, b + 2 * h, b + 3 * h);
                k.map(Elementwise.Function.SIGMOID, gates, act, b + 3 * h, b + g4);
                k.lstmRow(act, b, c, hc, tanhC, s, nh, h);
            }
        });
    }

    /**
     * The LSTM cell's backward from the saved activations: with {@code dc~ = dc' + dh' o (1 -
     * tanh(c')^2)}, the gate gradients {@code dc~ g i (1 - i)}, {@code dc~ c f (1 - f)},
     * {@code dc~ i (1 - g^2)}, {@code dh' tanh(c') o (1 - o)}, and {@code dc = dc~ f}.
     *
     * @param grad dh' then dc' ({@code 2 N H} floats), read
     * @param act the activated gates of the forward, read
     * @param c the previous cell state, read
     * @param tanhC {@code tanh(c')} of the forward, read
     * @param n rows N
     * @param h hidden size H
     * @param dGates the gradient of the gates, written
     * @param dC the gradient of the previous cell state, written
     */
    public static void lstmBackward(float[] grad, float[] act, float[] c, float[] tanhC, int n, int h,
                                    float[] dGates, float[] dC) {
        int g4 = 4 * h;
        int nh = n * h;
        SimdKernels k = Simd.kernels();
        Parallel.forChunks(n, rowsPerChunk(4 * h), (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                k.lstmRowBackward(grad, act, r * g4, c, tanhC, r * h, nh, h, dGates, dC);
            }
        });
    }

    /**
     * {@link SimdKernels#lstmRow} for {@code j} in {@code [from, h)}: the scalar loop, and the
     * vector one's tail.
     *
     * @param act the activated gates, read
     * @param a index of the row's first gate value
     * @param c the previous cell state, read
     * @param hc h' and then c', written
     * @param tanhC {@code tanh(c')}, written
     * @param s index of the row's first state value
     * @param nh offset of c' in hc ({@code N H})
     * @param h hidden size
     * @param from the first j
     */
    public static void lstmRow(float[] act, int a, float[] c, float[] hc, float[] tanhC, int s, int nh, int h,
                               int from) {
        for (int j = from; j < h; j++) {
            float next = act[a + h + j] * c[s + j] + act[a + j] * act[a + 2 * h + j];
            float t = FastMath.tanh(next);
            hc[nh + s + j] = next;
            tanhC[s + j] = t;
            hc[s + j] = act[a + 3 * h + j] * t;
        }
    }

    /**
     * {@link SimdKernels#lstmRowBackward} for {@code j} in {@code [from, h)}: the scalar loop, and
     * the vector one's tail. Each product and sum is one IEEE operation, grouped as written:
     * {@code dc~ = dc' + (dh' o) (1 - t t)}, {@code (dc~ g) (i (1 - i))},
     * {@code (dc~ c) (f (1 - f))}, {@code (dc~ i) (1 - g g)}, {@code (dh' t) (o (1 - o))},
     * {@code dc~ f}.
     *
     * @param grad dh' and then dc', read
     * @param act the activated gates, read
     * @param a index of the row's first gate value (in act and dGates)
     * @param c the previous cell state, read
     * @param tanhC {@code tanh(c')}, read
     * @param s index of the row's first state value
     * @param nh offset of dc' in grad ({@code N H})
     * @param h hidden size
     * @param dGates the gates' gradient, written
     * @param dC the previous cell state's gradient, written
     * @param from the first j
     */
    public static void lstmRowBackward(float[] grad, float[] act, int a, float[] c, float[] tanhC, int s, int nh,
                                       int h, float[] dGates, float[] dC, int from) {
        for (int j = from; j < h; j++) {
            float i = act[a + j];
            float f = act[a + h + j];
            float g = act[a + 2 * h + j];
            float o = act[a + 3 * h + j];
            float t = tanhC[s + j];
            float dh = grad[s + j];
            float dct = grad[nh + s + j] + dh * o * (1f - t * t);
            dGates[a + j] = dct * g * (i * (1f - i));
            dGates[a + h + j] = dct * c[s + j] * (f * (1f - f));
            dGates[a + 2 * h + j] = dct * i * (1f - g * g);
            dGates[a + 3 * h + j] = dh * t * (o * (1f - o));
            dC[s + j] = dct * f;
        }
    }

    /**
     * The GRU cell's forward, gates r, z, n in that order: {@code r = sigmoid(x_r + h_r)},
     * {@code z = sigmoid(x_z + h_z)}, {@code n = tanh(x_n + r h_n)}, {@code h' = n + z (hPrev - n)},
     * each sum and product rounded to float in that order (the bits of the same formula in
     * separate ops).
     *
     * @param xw the input projections {@code x W_ih^T + b_ih}, {@code (N, 3H)}, read
     * @param hw the hidden projections {@code h W_hh^T + b_hh}, {@code (N, 3H)}, read
     * @param hPrev the previous hidden state {@code (N, H)}, read
     * @param n rows N
     * @param h hidden size H
     * @param act r, z and n, {@code (N, 3H)}, written
     * @param out h', {@code (N, H)}, written
     */
    public static void gruForward(float[] xw, float[] hw, float[] hPrev, int n, int h, float[] act, float[] out) {
        int g3 = 3 * h;
        SimdKernels k = Simd.kernels();
        Parallel.forChunks(n, rowsPerChunk(g3), (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                int b = r * g3;
                k.zip(Elementwise.Operator.ADD, xw, b, 1, hw, b, 1, act, b, 2 * h);
                k.map(Elementwise.Function.SIGMOID, act, act, b, b + 2 * h);
                k.gruRow(xw, hw, act, b, hPrev, out, r * h, h);
            }
        });
    }

    /**
     * The GRU cell's backward from the saved activations; see {@link #gruRowBackward}.
     *
     * @param grad dh', {@code (N, H)}, read
     * @param act r, z and n of the forward, {@code (N, 3H)}, read
     * @param hw the hidden projections, {@code (N, 3H)}, read
     * @param hPrev the previous hidden state, {@code (N, H)}, read
     * @param n rows N
     * @param h hidden size H
     * @param dxw the input projections' gradient, {@code (N, 3H)}, written
     * @param dhw the hidden projections' gradient, {@code (N, 3H)}, written
     * @param dh the previous hidden state's gradient, {@code (N, H)}, written
     */
    public static void gruBackward(float[] grad, float[] act, float[] hw, float[] hPrev, int n, int h,
                                   float[] dxw, float[] dhw, float[] dh) {
        int g3 = 3 * h;
        SimdKernels k = Simd.kernels();
        Parallel.forChunks(n, rowsPerChunk(g3), (chunk, from, to) -> {
            for (int r = from; r < to; r++) {
                k.gruRowBackward(grad, act, hw, r * g3, hPrev, r * h, h, dxw, dhw, dh);
            }
        });
    }

    /**
     * {@link SimdKernels#gruRow} for {@code j} in {@code [from, h)}: the scalar loop, and the
     * vector one's tail.
     *
     * @param xw the input projections, read
     * @param hw the hidden projections, read
     * @param act r, z (read) and n (written)
     * @param a index of the row's first gate value
     * @param hPrev the previous hidden state, read
     * @param out h', written
     * @param s index of the row's first state value
     * @param h hidden size
     * @param from the first j
     */
    public static void gruRow(float[] xw, float[] hw, float[] act, int a, float[] hPrev, float[] out, int s, int h,
                              int from) {
        for (int j = from; j < h; j++) {
            float n = FastMath.tanh(xw[a + 2 * h + j] + act[a + j] * hw[a + 2 * h + j]);
            act[a + 2 * h + j] = n;
            out[s + j] = n + act[a + h + j] * (hPrev[s + j] - n);
        }
    }

    /**
     * {@link SimdKernels#gruRowBackward} for {@code j} in {@code [from, h)}: the scalar loop, and
     * the vector one's tail. Each product and sum is one IEEE operation, grouped as written:
     * {@code da_n = (dh' (1 - z)) (1 - n n)}, {@code da_r = (da_n h_n) (r (1 - r))},
     * {@code da_z = (dh' (hPrev - n)) (z (1 - z))}; the input projections get {@code da_r, da_z,
     * da_n}, the hidden ones {@code da_r, da_z, da_n r}, and {@code dh = dh' z}.
     *
     * @param grad dh', read
     * @param act r, z, n of the forward, read
     * @param hw the hidden projections, read
     * @param a index of the row's first gate value
     * @param hPrev the previous hidden state, read
     * @param s index of the row's first state value
     * @param h hidden size
     * @param dxw the input projections' gradient, written
     * @param dhw the hidden projections' gradient, written
     * @param dh the previous hidden state's gradient, written
     * @param from the first j
     */
    public static void gruRowBackward(float[] grad, float[] act, float[] hw, int a, float[] hPrev, int s, int h,
                                      float[] dxw, float[] dhw, float[] dh, int from) {
        for (int j = from; j < h; j++) {
            float r = act[a + j];
            float z = act[a + h + j];
            float n = act[a + 2 * h + j];
            float g = grad[s + j];
            float dn = g * (1f - z) * (1f - n * n);
            float dr = dn * hw[a + 2 * h + j] * (r * (1f - r));
            float dz = g * (hPrev[s + j] - n) * (z * (1f - z));
            dxw[a + j] = dr;
            dhw[a + j] = dr;
            dxw[a + h + j] = dz;
            dhw[a + h + j] = dz;
            dxw[a + 2 * h + j] = dn;
            dhw[a + 2 * h + j] = dn * r;
            dh[s + j] = g * z;
        }
    }

    /** Rows per chunk for rows of {@code gates} gate values: about {@link #GRAIN} values, at least one row. */
    private static int rowsPerChunk(int gates) {
        return Math.max(1, GRAIN / gates);
    }
}
