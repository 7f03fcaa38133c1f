package dev.nabla.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every schedule against its formula, evaluated here by hand, at several steps. */
class ScheduleTest {

    private static final double BASE = 0.1;
    private static final double TOL = 1e-12;

    @Test
    void constant() {
        Schedule s = new Constant();
        for (long t : new long[] {0, 1, 1000}) {
            assertEquals(BASE, s.lr(BASE, t));
        }
    }

    @Test
    void stepDecay() {
        Schedule s = new StepDecay(30, 0.1);
        assertEquals(0.1, s.lr(BASE, 0), TOL);
        assertEquals(0.1, s.lr(BASE, 29), TOL);
        assertEquals(0.01, s.lr(BASE, 30), TOL);
        assertEquals(0.01, s.lr(BASE, 59), TOL);
        assertEquals(0.001, s.lr(BASE, 60), TOL);
        assertEquals(0.5 * 0.25, new StepDecay(2, 0.5).lr(0.5, 5), TOL);
    }

    @Test
    void multiStepDecay() {
        Schedule s = new MultiStepDecay(List.of(3L, 7L), 0.5);
        assertEquals(0.1, s.lr(BASE, 0), TOL);
        assertEquals(0.1, s.lr(BASE, 2), TOL);
        assertEquals(0.05, s.lr(BASE, 3), TOL);
        assertEquals(0.05, s.lr(BASE, 6), TOL);
        assertEquals(0.025, s.lr(BASE, 7), TOL);
        assertEquals(0.025, s.lr(BASE, 1000), TOL);
        assertThrows(IllegalArgumentException.class, () -> new MultiStepDecay(List.of(5L, 5L), 0.1));
    }

    @Test
    void exponentialDecay() {
        Schedule s = new ExponentialDecay(0.9);
        assertEquals(0.1, s.lr(BASE, 0), TOL);
        assertEquals(0.09, s.lr(BASE, 1), TOL);
        assertEquals(0.1 * 0.9 * 0.9 * 0.9, s.lr(BASE, 3), TOL);
        assertEquals(0.1 * Math.pow(0.9, 50), s.lr(BASE, 50), TOL);
    }

    @Test
    void cosineAnnealing() {
        Schedule s = new CosineAnnealing(20, 0.01);
        assertEquals(0.1, s.lr(BASE, 0), TOL);
        // a quarter period: cos(pi/4) = sqrt(2)/2
        assertEquals(0.01 + 0.09 * (1 + Math.sqrt(0.5)) / 2, s.lr(BASE, 5), TOL);
        assertEquals(0.055, s.lr(BASE, 10), TOL);
        assertEquals(0.01, s.lr(BASE, 20), TOL);
        // past tMax the cosine rises again, as PyTorch's
        assertEquals(0.01 + 0.09 * (1 - Math.sqrt(0.5)) / 2, s.lr(BASE, 25), TOL);
    }

    @Test
    void cosineWarmRestartsRestartAtT0TimesPowersOfTMult() {
        Schedule s = new CosineWarmRestarts(10, 2, 0.001);
        // cycles [0, 10), [10, 30), [30, 70), [70, 150)
        double mid = 0.001 + 0.099 / 2;
        assertEquals(0.1, s.lr(BASE, 0), TOL);
        assertEquals(mid, s.lr(BASE, 5), TOL);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 9 / 10)) / 2, s.lr(BASE, 9), TOL);
        assertEquals(0.1, s.lr(BASE, 10), TOL);
        assertEquals(mid, s.lr(BASE, 20), TOL);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 19 / 20)) / 2, s.lr(BASE, 29), TOL);
        assertEquals(0.1, s.lr(BASE, 30), TOL);
        assertEquals(mid, s.lr(BASE, 50), TOL);
        assertEquals(0.1, s.lr(BASE, 70), TOL);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 5 / 80)) / 2, s.lr(BASE, 75), TOL);
        Schedule same = new CosineWarmRestarts(4, 1, 0);
        assertEquals(same.lr(BASE, 1), same.lr(BASE, 9), TOL);
        assertEquals(0.1, same.lr(BASE, 8), TOL);
    }

    @Test
    void linearWarmupThenAnotherSchedule() {
        Schedule s = new LinearWarmup(5, 0.2, new StepDecay(10, 0.5));
        assertEquals(0.02, s.lr(BASE, 0), TOL);
        assertEquals(0.1 * (0.2 + 0.8 * 2 / 5), s.lr(BASE, 2), TOL);
        assertEquals(0.1 * (0.2 + 0.8 * 4 / 5), s.lr(BASE, 4), TOL);
        // then the step decay from its own step 0
        assertEquals(0.1, s.lr(BASE, 5), TOL);
        assertEquals(0.1, s.lr(BASE, 14), TOL);
        assertEquals(0.05, s.lr(BASE, 15), TOL);
    }

    @Test
    void oneCycleWithPyTorchDefaults() {
        Schedule s = OneCycle.of(100);
        double initial = 0.1 / 25;
        double min = initial / 1e4;
        // phase ends: 0.3 * 100 - 1 = 29, then 99
        assertEquals(initial, s.lr(BASE, 0), TOL);
        assertEquals(0.1 + (initial - 0.1) * (1 + Math.cos(Math.PI * 10 / 29)) / 2, s.lr(BASE, 10), TOL);
        assertEquals(0.1, s.lr(BASE, 29), TOL);
        assertEquals(min + (0.1 - min) * (1 + Math.cos(Math.PI * 21 / 70)) / 2, s.lr(BASE, 50), TOL);
        assertEquals(min, s.lr(BASE, 99), TOL);
        // step 30, the first of the descent: one seventieth of the way down
        assertEquals(min + (0.1 - min) * (1 + Math.cos(Math.PI / 70)) / 2, s.lr(BASE, 30), TOL);
        assertThrows(IllegalArgumentException.class, () -> s.lr(BASE, 101));
    }

    @Test
    void oneCycleThreePhaseLinear() {
        Schedule s = new OneCycle(100, 0.3, false, 25, 1e4, true);
        double initial = 0.004;
        // phase ends: 29, 58, 99
        assertEquals(initial, s.lr(BASE, 0), TOL);
        assertEquals(initial + (0.1 - initial) * 15 / 29, s.lr(BASE, 15), TOL);
        assertEquals(0.1, s.lr(BASE, 29), TOL);
        assertEquals(0.1 + (initial - 0.1) * 15 / 29, s.lr(BASE, 44), TOL);
        assertEquals(initial, s.lr(BASE, 58), TOL);
        assertEquals(initial + (initial / 1e4 - initial) * 12 / 41, s.lr(BASE, 70), TOL);
        assertEquals(initial / 1e4, s.lr(BASE, 99), TOL);
    }

    @Test
    void queryingHasNoSideEffectsAndBadArgumentsAreNamed() {
        Schedule s = new CosineAnnealing(10, 0);
        double first = s.lr(BASE, 3);
        for (int t = 0; t < 100; t++) {
            s.lr(BASE, t);
        }
        assertEquals(first, s.lr(BASE, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StepDecay(0, 0.1));
        assertTrue(e.getMessage().contains("StepDecay: stepSize must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.lr(BASE, -1));
        assertTrue(e.getMessage().contains("CosineAnnealing: step must be >= 0, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OneCycle(2, 0.3, true, 25, 1e4, false));
        assertTrue(e.getMessage().contains("phase 0 would be empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(3, 1.5, new Constant()));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(-0.5));
    }
}
