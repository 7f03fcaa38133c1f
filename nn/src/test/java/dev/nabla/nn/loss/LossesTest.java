package dev.nabla.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Regression, binary and distribution losses against double loops, hand values and finite differences. */
class LossesTest {

    // differences x - y avoid 0, +-0.5, +-1 (the kinks of L1, Huber(0.5) and smooth-L1(1)) by more than h
    private static final float[] X = {0.3f, -1.2f, 2.0f, 0.7f, -0.1f, 1.5f};
    private static final float[] Y = {0.0f, 0.1f, 0.4f, 0.9f, -0.9f, 1.4f};
    private static final Tensor XT = Tensor.of(X, 2, 3);
    private static final Tensor YT = Tensor.of(Y, 2, 3);

    /** Checks NONE, SUM and MEAN of a pointwise loss against its formula in double. */
    private static void checkPointwise(java.util.function.Function<Reduction, Tensor> loss, DoubleBinaryOperator f,
            float[] x, float[] y) {
        float[] none = loss.apply(Reduction.NONE).toArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double expected = f.applyAsDouble(x[i], y[i]);
            assertEquals(expected, none[i], 1e-5 * Math.max(1, Math.abs(expected)), "element " + i);
            sum += expected;
        }
        assertEquals(sum, loss.apply(Reduction.SUM).item(), 1e-5 * Math.max(1, Math.abs(sum)));
        assertEquals(sum / x.length, loss.apply(Reduction.MEAN).item(), 1e-5 * Math.max(1, Math.abs(sum)));
    }

    private static void checkGradients(java.util.function.Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.gradient(f, inputs).orThrow();
        GradCheck.secondOrder(f, inputs).orThrow();
    }

    @Test
    void mseAndL1() {
        checkPointwise(r -> Losses.mseLoss(XT, YT, r), (x, y) -> (x - y) * (x - y), X, Y);
        checkPointwise(r -> Losses.l1Loss(XT, YT, r), (x, y) -> Math.abs(x - y), X, Y);
        checkGradients(t -> Losses.mseLoss(t[0], t[1]), XT, YT);
        GradCheck.gradient(t -> Losses.l1Loss(t[0], t[1], Reduction.SUM), XT, YT).orThrow();
    }

    @Test
    void huberAndSmoothL1FollowTheirPiecewiseDefinitions() {
        double delta = 0.5;
        checkPointwise(r -> Losses.huberLoss(XT, YT, 0.5f, r), (x, y) -> {
            double a = Math.abs(x - y);
            return a < delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
        }, X, Y);
        double beta = 1.0;
        checkPointwise(r -> Losses.smoothL1Loss(XT, YT, 1f, r), (x, y) -> {
            double a = Math.abs(x - y);
            return a < beta ? 0.5 * a * a / beta : a - 0.5 * beta;
        }, X, Y);
        checkPointwise(r -> Losses.smoothL1Loss(XT, YT, 0f, r), (x, y) -> Math.abs(x - y), X, Y);
        checkGradients(t -> Losses.huberLoss(t[0], t[1], 0.5f, Reduction.MEAN), XT, YT);
        checkGradients(t -> Losses.smoothL1Loss(t[0], t[1], 1f, Reduction.SUM), XT, YT);
        assertEquals(Losses.huberLoss(XT, YT).item(), Losses.smoothL1Loss(XT, YT).item(), 1e-7);
    }

    @Test
    void binaryCrossEntropyOfProbabilities() {
        float[] p = {0.2f, 0.9f, 0.5f, 0.35f, 0.7f, 0.05f};
        float[] y = {0f, 1f, 1f, 0.3f, 0f, 1f};
        Tensor pt = Tensor.of(p, 2, 3);
        Tensor yt = Tensor.of(y, 2, 3);
        checkPointwise(r -> Losses.binaryCrossEntropy(pt, yt, null, r),
                (a, b) -> -(b * Math.log(a) + (1 - b) * Math.log(1 - a)), p, y);
        Tensor w = Tensor.of(new float[] {1f, 2f, 0.5f});
        float[] weighted = Losses.binaryCrossEntropy(pt, yt, w, Reduction.NONE).toArray();
        // weight (3) broadcasts along the last axis: element 4 (p 0.7, y 0) has weight 2
        assertEquals(-2 * Math.log(0.3), weighted[4], 1e-5);
        assertEquals(-0.5 * Math.log(0.5), weighted[2], 1e-6);
        checkGradients(t -> Losses.binaryCrossEntropy(t[0], t[1], w, Reduction.MEAN), pt, yt);
    }

    @Test
    void binaryCrossEntropyClampsTheLogarithmAtMinus100() {
        Tensor p = Tensor.of(new float[] {0f, 1f, 0f}).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {1f, 0f, 0f});
        Tensor loss = Losses.binaryCrossEntropy(p, y, null, Reduction.NONE);
        assertEquals(100f, loss.get(0));
        assertEquals(100f, loss.get(1));
        assertEquals(0f, loss.get(2), 1e-7);
        loss.sum().backward();
        for (float g : p.grad().toArray()) {
            assertTrue(Float.isFinite(g), "gradient " + g);
        }
    }

    @Test
    void binaryCrossEntropyWithLogitsMatchesTheProbabilityFormula() {
        float[] x = {-2f, 0.5f, 1.5f, 0.1f, -0.3f, 3f};
        float[] y = {0f, 1f, 1f, 0.3f, 0f, 1f};
        Tensor xt = Tensor.of(x, 2, 3);
        Tensor yt = Tensor.of(y, 2, 3);
        DoubleBinaryOperator plain = (a, b) -> {
            double s = 1 / (1 + Math.exp(-a));
            return -(b * Math.log(s) + (1 - b) * Math.log(1 - s));
        };
        checkPointwise(r -> Losses.binaryCrossEntropyWithLogits(xt, yt, null, null, r), plain, x, y);
        // pos_weight pw multiplies the positive term: -(pw y log s + (1 - y) log(1 - s))
        float[] pw = {2f, 0.5f, 1f};
        float[] got = Losses.binaryCrossEntropyWithLogits(xt, yt, null, Tensor.of(pw), Reduction.NONE).toArray();
        for (int i = 0; i < 6; i++) {
            double s = 1 / (1 + Math.exp(-x[i]));
            double expected = -(pw[i % 3] * y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
            assertEquals(expected, got[i], 1e-5);
        }
        Tensor w = Tensor.of(new float[] {0.5f, 2f}, 2, 1);
        checkGradients(t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1], w, t[2], Reduction.MEAN),
                xt, yt, Tensor.of(pw));
    }

    @Test
    void binaryCrossEntropyWithLogitsStaysFiniteAtPlusMinus100() {
        Tensor x = Tensor.of(new float[] {100f, -100f, 100f, -100f}).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {0f, 1f, 1f, 0f});
        Tensor loss = Losses.binaryCrossEntropyWithLogits(x, y, null, null, Reduction.NONE);
        // l = softplus(x) - x y: 100, 100, and e^-100 (rounds to 0) for the confident right answers
        assertEquals(100f, loss.get(0), 1e-4);
        assertEquals(100f, loss.get(1), 1e-4);
        assertEquals(0f, loss.get(2), 1e-30);
        assertEquals(0f, loss.get(3), 1e-30);
        loss.sum().backward();
        // dl/dx = sigmoid(x) - y: 1, -1, ~0, ~0
        float[] g = x.grad().toArray();
        assertEquals(1f, g[0], 1e-6);
        assertEquals(-1f, g[1], 1e-6);
        assertEquals(0f, g[2], 1e-6);
        assertEquals(0f, g[3], 1e-6);
    }

    @Test
    void klDivergenceWithProbabilityAndLogTargets() {
        // rows are distributions: input = log q, target = t; KL(t || q) per row
        float[] q = {0.2f, 0.3f, 0.5f, 0.6f, 0.4f, 0f};
        float[] t = {0.1f, 0f, 0.9f, 0.25f, 0.25f, 0.5f};
        float[] logQ = new float[6];
        float[] logT = new float[6];
        for (int i = 0; i < 6; i++) {
            logQ[i] = (float) Math.log(q[i] == 0 ? 0.1 : q[i]);
            logT[i] = (float) Math.log(t[i] == 0 ? 1e-30 : t[i]);
        }
        Tensor in = Tensor.of(logQ, 2, 3);
        checkPointwise(r -> Losses.klDiv(in, Tensor.of(t, 2, 3), r, false),
                (a, b) -> b == 0 ? 0 : b * (Math.log(b) - a), logQ, t);
        checkPointwise(r -> Losses.klDiv(in, Tensor.of(logT, 2, 3), r, true),
                (a, b) -> Math.exp(b) * (b - a), logQ, logT);
        double total = 0;
        for (int i = 0; i < 6; i++) {
            total += t[i] == 0 ? 0 : t[i] * (Math.log(t[i]) - logQ[i]);
        }
        assertEquals(total / 2, Losses.klDiv(in, Tensor.of(t, 2, 3), Reduction.BATCHMEAN, false).item(), 1e-6);
        assertEquals(total / 6, Losses.klDiv(in, Tensor.of(t, 2, 3)).item(), 1e-6);
        checkGradients(a -> Losses.klDiv(a[0], a[1], Reduction.BATCHMEAN, false), in,
                Tensor.of(new float[] {0.1f, 0.3f, 0.6f, 0.25f, 0.25f, 0.5f}, 2, 3));
        checkGradients(a -> Losses.klDiv(a[0], a[1], Reduction.SUM, true), in, Tensor.of(logQ, 2, 3).add(0.1f));
    }

    @Test
    void gaussianNllWithFullShapedAndSharedVariances() {
        float[] v = {0.5f, 1.0f, 2.0f, 0.3f, 1.5f, 0.8f};
        Tensor vt = Tensor.of(v, 2, 3);
        checkPointwise(r -> Losses.gaussianNllLoss(XT, YT, vt, false, 1e-6f, r),
                new DoubleBinaryOperator() {
                    private int i;

                    @Override
                    public double applyAsDouble(double x, double y) {
                        double var = v[i++ % 6];
                        return 0.5 * (Math.log(var) + (x - y) * (x - y) / var);
                    }
                }, X, Y);
        // one variance per row: shape (2, 1) and (2)
        float[] shared = {0.5f, 2f};
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            double var = shared[i / 3];
            sum += 0.5 * (Math.log(var) + (X[i] - Y[i]) * (X[i] - Y[i]) / var) + 0.5 * Math.log(2 * Math.PI);
        }
        assertEquals(sum, Losses.gaussianNllLoss(XT, YT, Tensor.of(shared, 2, 1), true, 1e-6f, Reduction.SUM).item(),
                1e-5);
        assertEquals(sum, Losses.gaussianNllLoss(XT, YT, Tensor.of(shared, 2), true, 1e-6f, Reduction.SUM).item(),
                1e-5);
        checkGradients(t -> Losses.gaussianNllLoss(t[0], t[1], t[2]), XT, YT, vt);
    }

    @Test
    void gaussianNllClampsTheVarianceButKeepsItsGradient() {
        // var 0.01 < eps 0.1, d = 0.2: value uses 0.1; dl/dvar = (1/eps - d^2/eps^2) / 2 = (10 - 4) / 2 = 3
        Tensor var = Tensor.of(new float[] {0.01f}).requiresGrad(true);
        Tensor loss = Losses.gaussianNllLoss(Tensor.of(new float[] {0.2f}), Tensor.of(new float[] {0f}), var, false,
                0.1f, Reduction.SUM);
        assertEquals(0.5 * (Math.log(0.1) + 0.4), loss.item(), 1e-6);
        loss.backward();
        assertEquals(3f, var.grad().item(), 1e-4);
    }

    @Test
    void badInputIsRefusedWithTheLossNameAndTheShapes() {
        Tensor other = Tensor.zeros(3, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.mseLoss(XT, other));
        assertTrue(e.getMessage().startsWith("mseLoss: input of shape [2, 3] and target of shape [3, 2]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.l1Loss(XT, other));
        assertTrue(e.getMessage().startsWith("l1Loss: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.huberLoss(XT, YT, -1f, Reduction.MEAN));
        assertTrue(e.getMessage().startsWith("huberLoss: delta must be finite and > 0, got -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.smoothL1Loss(XT, YT, -1f, Reduction.MEAN));
        assertTrue(e.getMessage().startsWith("smoothL1Loss: beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossEntropy(XT, YT));
        assertTrue(e.getMessage().startsWith("binaryCrossEntropy: input must hold probabilities in [0, 1], got -1.2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossEntropyWithLogits(XT, YT, null,
                Tensor.ones(2), Reduction.MEAN));
        assertTrue(e.getMessage().startsWith("binaryCrossEntropyWithLogits: posWeight of shape [2] does not broadcast"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.mseLoss(XT, YT, Reduction.BATCHMEAN));
        assertTrue(e.getMessage().startsWith("mseLoss: reduction BATCHMEAN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.klDiv(XT, other, Reduction.SUM, false));
        assertTrue(e.getMessage().startsWith("klDiv: input of shape [2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.gaussianNllLoss(XT, YT, Tensor.ones(3)));
        assertTrue(e.getMessage().startsWith("gaussianNllLoss: var of shape [3] does not match input of shape [2, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.gaussianNllLoss(XT, YT, Tensor.full(-1f, 2, 3)));
        assertTrue(e.getMessage().startsWith("gaussianNllLoss: var must be >= 0"), e.getMessage());
    }
}
