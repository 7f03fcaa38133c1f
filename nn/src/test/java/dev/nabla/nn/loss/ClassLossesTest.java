package dev.nabla.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** Cross-entropy and NLL against plain double loops, hand values and finite differences. */
class ClassLossesTest {

    private static final float[] LOGITS = {1.0f, 2.0f, 0.5f, 0.1f, -1.0f, 0.3f, 2.0f, 0.0f, -1.0f, -0.4f, 0.7f, 1.3f};
    private static final float[] WEIGHTS = {1f, 2f, 3f};

    /** log-softmax of row r of a (rows, c) array, in double. */
    private static double[] logSoftmax(float[] x, int r, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, x[r * c + j]);
        }
        double s = 0;
        for (int j = 0; j < c; j++) {
            s += Math.exp(x[r * c + j] - max);
        }
        double[] out = new double[c];
        for (int j = 0; j < c; j++) {
            out[j] = x[r * c + j] - max - Math.log(s);
        }
        return out;
    }

    /** The reference: per-row losses and the MEAN reduction, for (N, C) logits. */
    private static double[] reference(float[] x, int n, int c, int[] t, float[] w, int ignore, double eps) {
        double[] per = new double[n + 1];
        double wSum = 0;
        double smoothSum = 0;
        double nllSum = 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (t[i] == ignore) {
                continue;
            }
            double[] lp = logSoftmax(x, i, c);
            double wt = w == null ? 1 : w[t[i]];
            double nll = -wt * lp[t[i]];
            double smooth = 0;
            for (int j = 0; j < c; j++) {
                smooth -= (w == null ? 1 : w[j]) * lp[j];
            }
            per[i] = (1 - eps) * nll + eps / c * smooth;
            wSum += wt;
            kept++;
            nllSum += nll;
            smoothSum += smooth;
        }
        per[n] = (1 - eps) * nllSum / wSum + eps / c * smoothSum / (w == null ? kept : wSum);
        return per;
    }

    @Test
    void crossEntropyMatchesLoopsForEveryOptionCombination() {
        int[] target = {0, 2, -100, 1};
        for (float eps : new float[] {0f, 0.2f}) {
            for (float[] w : new float[][] {null, WEIGHTS}) {
                ClassLossOptions o = ClassLossOptions.DEFAULT.withLabelSmoothing(eps)
                        .withWeight(w == null ? null : Tensor.of(w));
                double[] ref = reference(LOGITS, 4, 3, target, w, -100, eps);
                Tensor logits = Tensor.of(LOGITS, 4, 3);
                float[] none = Losses.crossEntropy(logits, target, o.withReduction(Reduction.NONE)).toArray();
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    assertEquals(ref[i], none[i], 1e-5, "eps " + eps + " row " + i);
                    sum += ref[i];
                }
                assertEquals(sum, Losses.crossEntropy(logits, target, o.withReduction(Reduction.SUM)).item(), 1e-5);
                assertEquals(ref[4], Losses.crossEntropy(logits, target, o).item(), 1e-5);
            }
        }
    }

    @Test
    void ignoreIndexWithWeightsDividesByTheWeightsOfKeptTargetsOnly() {
        // rows 0 and 1 kept with classes 0 (w 1) and 2 (w 3); row 2 ignored: mean = (1 l0 + 3 l1) / 4
        int[] target = {0, 2, 7};
        Tensor logits = Tensor.of(java.util.Arrays.copyOf(LOGITS, 9), 3, 3);
        double l0 = -logSoftmax(LOGITS, 0, 3)[0];
        double l1 = -logSoftmax(LOGITS, 1, 3)[2];
        ClassLossOptions o = ClassLossOptions.DEFAULT.withWeight(Tensor.of(WEIGHTS)).withIgnoreIndex(7);
        assertEquals((l0 + 3 * l1) / 4, Losses.crossEntropy(logits, target, o).item(), 1e-6);
    }

    @Test
    void labelSmoothingOnATwoClassExampleWorkedByHand() {
        // p = softmax(ln 3, 0) = (3/4, 1/4); target 0, eps 0.2: the smoothed target is (0.9, 0.1),
        // so the loss is -0.9 ln(3/4) - 0.1 ln(1/4).
        Tensor logits = Tensor.of(new float[] {(float) Math.log(3), 0f}, 1, 2);
        double expected = -0.9 * Math.log(0.75) - 0.1 * Math.log(0.25);
        ClassLossOptions smoothing = ClassLossOptions.DEFAULT.withLabelSmoothing(0.2f);
        float got = Losses.crossEntropy(logits, new int[] {0}, smoothing).item();
        assertEquals(expected, got, 1e-6);
        assertEquals(0.39754, got, 1e-5);
    }

    @Test
    void spatialLogitsMatchThePerPixelLoop() {
        // logits (N=2, C=3, d=2): element (n, c, k) at n*6 + c*2 + k; targets (2, 2)
        int[] target = {2, 0, 1, -100};
        ClassLossOptions o = ClassLossOptions.DEFAULT.withWeight(Tensor.of(WEIGHTS));
        Tensor logits = Tensor.of(LOGITS, 2, 3, 2);
        float[] none = Losses.crossEntropy(logits, target, o.withReduction(Reduction.NONE)).toArray();
        assertArrayEquals(new int[] {2, 2}, Losses.crossEntropy(logits, target, o.withReduction(Reduction.NONE))
                .shape().toArray());
        double num = 0;
        double den = 0;
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < 2; k++) {
                int t = target[n * 2 + k];
                double expected = 0;
                if (t != -100) {
                    float[] row = new float[3];
                    for (int c = 0; c < 3; c++) {
                        row[c] = LOGITS[n * 6 + c * 2 + k];
                    }
                    expected = -WEIGHTS[t] * logSoftmax(row, 0, 3)[t];
                    num += expected;
                    den += WEIGHTS[t];
                }
                assertEquals(expected, none[n * 2 + k], 1e-5);
            }
        }
        assertEquals(num / den, Losses.crossEntropy(logits, target, o).item(), 1e-5);
    }

    @Test
    void unbatchedLogitsTakeOneTarget() {
        Tensor logits = Tensor.of(new float[] {1f, 2f, 0.5f});
        assertEquals(-logSoftmax(LOGITS, 0, 3)[1], Losses.crossEntropy(logits, new int[] {1}).item(), 1e-6);
        assertEquals(0, Losses.crossEntropy(logits, new int[] {1}, ClassLossOptions.DEFAULT
                .withReduction(Reduction.NONE)).dim());
    }

    @Test
    void nllLossPicksWeightedLogProbabilities() {
        float[] lp = new float[12];
        for (int i = 0; i < 4; i++) {
            double[] row = logSoftmax(LOGITS, i, 3);
            for (int j = 0; j < 3; j++) {
                lp[i * 3 + j] = (float) row[j];
            }
        }
        int[] target = {1, 1, 0, -100};
        ClassLossOptions o = ClassLossOptions.DEFAULT.withWeight(Tensor.of(WEIGHTS));
        double expected = -(2 * lp[1] + 2 * lp[4] + 1 * lp[6]) / 5.0;
        assertEquals(expected, Losses.nllLoss(Tensor.of(lp, 4, 3), target, o).item(), 1e-6);
        assertEquals(-(2 * lp[1] + 2 * lp[4] + lp[6]), Losses.nllLoss(Tensor.of(lp, 4, 3), target,
                o.withReduction(Reduction.SUM)).item(), 1e-5);
    }

    @Test
    void allTargetsIgnoredGivesNanMeanAsPyTorch() {
        int[] ignored = {-100, -100, -100, -100};
        assertTrue(Float.isNaN(Losses.crossEntropy(Tensor.of(LOGITS, 4, 3), ignored).item()));
    }

    @Test
    void gradientsAndSecondOrderMatchFiniteDifferences() {
        int[] target = {0, 2, -100, 1};
        ClassLossOptions o = ClassLossOptions.DEFAULT.withWeight(Tensor.of(WEIGHTS)).withLabelSmoothing(0.1f);
        Tensor logits = Tensor.of(LOGITS, 4, 3);
        GradCheck.gradient(x -> Losses.crossEntropy(x[0], target, o), logits).orThrow();
        GradCheck.secondOrder(x -> Losses.crossEntropy(x[0], target, o), logits).orThrow();
        GradCheck.gradient(x -> Losses.crossEntropy(x[0], new int[] {2, 0, 1, -100},
                ClassLossOptions.DEFAULT.withReduction(Reduction.NONE)), Tensor.of(LOGITS, 2, 3, 2)).orThrow();
        GradCheck.gradient(x -> Losses.nllLoss(x[0].logSoftmax(1), target, o.withLabelSmoothing(0f)), logits).orThrow();
        GradCheck.secondOrder(x -> Losses.nllLoss(x[0].logSoftmax(1), target, o.withLabelSmoothing(0f)), logits)
                .orThrow();
    }

    @Test
    void badInputIsRefusedWithTheLossNameAndTheShapes() {
        Tensor logits = Tensor.of(LOGITS, 4, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, new int[] {0, 1}));
        assertTrue(e.getMessage().startsWith("crossEntropy: input of shape [4, 3] needs 4 targets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, new int[] {0, 1, 3, 0}));
        assertTrue(e.getMessage().startsWith("crossEntropy: target 3 at position 2 is out of range [0, 3)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.nllLoss(logits, new int[] {0, -1, 0, 0}));
        assertTrue(e.getMessage().startsWith("nllLoss: target -1 at position 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, 0},
                ClassLossOptions.DEFAULT.withWeight(Tensor.of(new float[] {1, 2}))));
        assertTrue(e.getMessage().startsWith("crossEntropy: weight must have shape [3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, 0},
                ClassLossOptions.DEFAULT.withLabelSmoothing(1.5f)));
        assertTrue(e.getMessage().startsWith("crossEntropy: labelSmoothing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.nllLoss(logits, new int[] {0, 1, 2, 0},
                ClassLossOptions.DEFAULT.withLabelSmoothing(0.1f)));
        assertTrue(e.getMessage().startsWith("nllLoss: label smoothing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, 0},
                ClassLossOptions.DEFAULT.withReduction(Reduction.BATCHMEAN)));
        assertTrue(e.getMessage().startsWith("crossEntropy: reduction BATCHMEAN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.scalar(1f), new int[] {0}));
        assertTrue(e.getMessage().startsWith("crossEntropy: input must be"), e.getMessage());
    }
}
