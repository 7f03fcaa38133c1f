package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Anomaly mode: the first op producing NaN/Inf, forward or backward, is named with its origin. */
@Isolated
class AnomalyTest {

    @AfterEach
    void off() {
        Autograd.detectAnomaly(false);
    }

    @Test
    void forwardAnomalyNamesTheOpItsInputShapeAndTheUserLine() {
        Autograd.detectAnomaly(true);
        Tensor x = Tensor.of(new float[] {1, -1, 2}, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        NumericalAnomalyException e = assertThrows(NumericalAnomalyException.class, () -> y.log());
        assertEquals("log", e.op());
        assertTrue(e.getMessage().contains("'log'") && e.getMessage().contains("[3]"), e.getMessage());
        assertTrue(e.getMessage().contains("AnomalyTest"), "names the user code: " + e.getMessage());
    }

    @Test
    void backwardAnomalyNamesTheOpWhoseBackwardFailedAndWhereItWasCreated() {
        Autograd.detectAnomaly(true);
        Tensor x = Tensor.of(new float[] {4, 0}, 2).requiresGrad(true);
        // sqrt(0) = 0 is finite, but its derivative 1 / (2 sqrt(0)) is infinite.
        Tensor y = x.sqrt().mul(3f).sum();
        NumericalAnomalyException e = assertThrows(NumericalAnomalyException.class, y::backward);
        assertEquals("sqrt", e.op());
        assertTrue(e.getMessage().contains("backward of 'sqrt'"), e.getMessage());
        assertTrue(e.getMessage().contains("AnomalyTest.backwardAnomaly"), e.getMessage());
    }

    @Test
    void withoutAnomalyModeNonFiniteValuesPassSilently() {
        Tensor y = Tensor.of(new float[] {-1}).log();
        assertFalse(Float.isFinite(y.item()));
    }

    @Test
    void aBackwardThatFailsMidwayWritesNoGradientAndCanBeRetried() {
        Autograd.detectAnomaly(true);
        Tensor a = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {0, 1}).requiresGrad(true);
        Tensor loss = b.sqrt().sum().add(a.mul(2f).sum());
        assertThrows(NumericalAnomalyException.class, loss::backward);
        assertEquals(null, a.grad(), "no gradient written by the failed walk");
        assertEquals(null, b.grad());
        Autograd.detectAnomaly(false);
        loss.backward();
        assertEquals(2f, a.grad().get(0));
        assertEquals(Float.POSITIVE_INFINITY, b.grad().get(0));
    }

    @Test
    void anOverflowingNormIsReportedAsNorm() {
        Autograd.detectAnomaly(true);
        Tensor x = Tensor.of(new float[] {3e20f, 4e20f});
        NumericalAnomalyException e = assertThrows(NumericalAnomalyException.class, () -> Reductions.norm(x));
        assertEquals("norm", e.op());
    }
}
