package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GradCheck passes correct gradients and fails deliberately wrong ones. */
class GradCheckTest {

    private static final Tensor X = Tensor.of(new float[] {0.3f, -1.1f, 0.8f, 2.0f});

    /** sin with a backward rule that is off by a factor: a subtle mistake the check must catch. */
    private static Tensor slightlyWrongSin(Tensor x, float factor) {
        Tensor out = MathOps.sin(x).detach();
        return Autograd.record("wrongSin", out, (g, n) -> new Tensor[] {g.mul(x.cos()).mul(factor)}, x);
    }

    /** sin whose first derivative is right but not differentiable: cos(x) is taken as a constant. */
    private static Tensor firstOrderOnlySin(Tensor x) {
        Tensor out = MathOps.sin(x).detach();
        return Autograd.record("constCosSin", out, (g, n) -> new Tensor[] {g.mul(x.detach().cos())}, x);
    }

    @Test
    void correctGradientsPass() {
        assertTrue(GradCheck.gradient(in -> in[0].sin(), X).passed());
        assertTrue(GradCheck.secondOrder(in -> in[0].sin(), X).passed());
    }

    @Test
    void aTwoPercentErrorInABackwardRuleFails() {
        GradCheck.Report r = GradCheck.gradient(in -> slightlyWrongSin(in[0], 1.02f), X);
        assertFalse(r.passed(), r.details());
        assertTrue(r.details().contains("FAILED"), r.details());
        assertThrows(AssertionError.class, r::orThrow);
    }

    @Test
    void aHalfPercentErrorFailsWhereGradientsAreOfOrderOne() {
        // 0.5% of gradients of size ~1 is 5e-3, above the tolerance 1e-3 + 1e-3 |n|.
        Tensor x = Tensor.of(new float[] {0.1f, 3.0f, -0.2f, 6.2f});
        GradCheck.Report r = GradCheck.gradient(in -> slightlyWrongSin(in[0], 1.005f).mul(4f), x);
        assertFalse(r.passed(), r.details());
        assertTrue(GradCheck.gradient(in -> in[0].sin().mul(4f), x).passed());
    }

    @Test
    void aBackwardRuleThatIsNotDifferentiablePassesFirstOrderAndFailsSecondOrder() {
        assertTrue(GradCheck.gradient(in -> firstOrderOnlySin(in[0]), X).passed());
        assertFalse(GradCheck.secondOrder(in -> firstOrderOnlySin(in[0]), X).passed());
    }

    @Test
    void theCheckDoesNotModifyItsInputs() {
        float[] before = X.toArray();
        GradCheck.gradient(in -> in[0].exp(), X);
        assertTrue(java.util.Arrays.equals(before, X.toArray()));
    }
}
