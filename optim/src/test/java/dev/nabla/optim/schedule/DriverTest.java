package dev.nabla.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule driver and reduce-on-plateau acting on an optimizer's group rates. */
class DriverTest {

    private static Sgd twoGroups(double lr0, double lr1) {
        return new Sgd(List.of(
                new ParamGroup<>(List.of(Tensor.zeros(2).requiresGrad(true)), Sgd.Options.of(lr0)),
                new ParamGroup<>(List.of(Tensor.zeros(1).requiresGrad(true)), Sgd.Options.of(lr1))));
    }

    private static Sgd oneGroup(double lr) {
        return new Sgd(List.of(Tensor.zeros(1).requiresGrad(true)), Sgd.Options.of(lr));
    }

    @Test
    void setsEachGroupFromItsOwnBasePerStep() {
        Sgd sgd = twoGroups(0.1, 0.01);
        LrScheduler driver = new LrScheduler(sgd, new ExponentialDecay(0.5), LrScheduler.Interval.STEP);
        assertEquals(0.1, sgd.lr(0));
        driver.afterEpoch();
        assertEquals(0.1, sgd.lr(0), "an epoch does not count for a per-step driver");
        driver.afterBatch();
        driver.afterBatch();
        assertEquals(2, driver.count());
        assertEquals(0.025, sgd.lr(0), 1e-15);
        assertEquals(0.0025, sgd.lr(1), 1e-15);
    }

    @Test
    void countsEpochsWhenAskedTo() {
        Sgd sgd = oneGroup(0.1);
        LrScheduler driver = new LrScheduler(sgd, new StepDecay(2, 0.1), LrScheduler.Interval.EPOCH);
        for (int b = 0; b < 10; b++) {
            driver.afterBatch();
        }
        assertEquals(0.1, sgd.lr(0));
        driver.afterEpoch();
        driver.afterEpoch();
        assertEquals(0.01, sgd.lr(0), 1e-15);
    }

    @Test
    void warmupSetsTheRateForStepZeroAtOnceAndResumesFromItsState() {
        Sgd sgd = oneGroup(0.1);
        Schedule s = new LinearWarmup(4, 0.25, new CosineAnnealing(10, 0));
        LrScheduler driver = new LrScheduler(sgd, s, LrScheduler.Interval.STEP);
        assertEquals(0.025, sgd.lr(0), 1e-15);
        for (int t = 0; t < 7; t++) {
            driver.step();
        }
        Map<String, Double> saved = driver.stateDict();
        assertEquals(7.0, saved.get("last_epoch"));

        Sgd other = oneGroup(0.1);
        LrScheduler resumed = new LrScheduler(other, s, LrScheduler.Interval.STEP);
        resumed.loadStateDict(saved);
        assertEquals(sgd.lr(0), other.lr(0));
        driver.step();
        resumed.step();
        assertEquals(s.lr(0.1, 8), other.lr(0));
        assertEquals(sgd.lr(0), other.lr(0));
        assertThrows(IllegalArgumentException.class, () -> resumed.loadStateDict(Map.of("last_epoch", 1.0)));
        assertEquals(8, resumed.count());
    }

    @Test
    void reduceOnPlateauMinRelativeWithCooldownAndFloor() {
        Sgd sgd = oneGroup(1.0);
        var plateau = new ReduceLrOnPlateau(sgd, new ReduceLrOnPlateau.Options(ReduceLrOnPlateau.Mode.MIN, 0.5, 2,
                0.1, ReduceLrOnPlateau.ThresholdMode.REL, 1, 0.2, 1e-8));
        double[] metrics = {10, 9, 8.5, 8.2, 8.0, 7.9, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0};
        // Worked by hand (and what PyTorch 1.13 gives): 9 is not below 10 * 0.9, 8.5 is; three bad
        // evaluations after 8.5 exceed the patience at 7.9; one cooldown evaluation follows each cut.
        double[] expected = {1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2};
        for (int i = 0; i < metrics.length; i++) {
            plateau.step(metrics[i]);
            assertEquals(expected[i], sgd.lr(0), 1e-15, "after evaluation " + i);
        }
        assertEquals(7.0, plateau.best());

        // The same rates as a pure function of the history, queried with no optimizer at all.
        assertEquals(1.0, ReduceLrOnPlateau.lr(plateau.options(), 1.0));
        for (int i = 0; i < metrics.length; i++) {
            assertEquals(expected[i], ReduceLrOnPlateau.lr(plateau.options(), 1.0,
                    java.util.Arrays.copyOf(metrics, i + 1)), 1e-15, "history of " + (i + 1));
        }
        assertEquals(0.2, sgd.lr(0), 1e-15, "querying left the driven optimizer alone");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReduceLrOnPlateau.lr(plateau.options(), -1, 5));
        assertTrue(e.getMessage().contains("ReduceLrOnPlateau.lr: initialLr must be finite and >= 0, got -1.0"),
                e.getMessage());
    }

    @Test
    void reduceOnPlateauMaxAbsolute() {
        Sgd sgd = oneGroup(1.0);
        var plateau = new ReduceLrOnPlateau(sgd, new ReduceLrOnPlateau.Options(ReduceLrOnPlateau.Mode.MAX, 0.1, 1,
                0.5, ReduceLrOnPlateau.ThresholdMode.ABS, 0, 0, 1e-8));
        double[] metrics = {1, 2, 2.4, 2.6, 3.2, 3.3, 3.4, 3.5};
        boolean[] reduced = {false, false, false, false, false, false, true, false};
        for (int i = 0; i < metrics.length; i++) {
            assertEquals(reduced[i], plateau.step(metrics[i]), "evaluation " + i);
        }
        assertEquals(0.1, sgd.lr(0), 1e-15);

        var copy = new ReduceLrOnPlateau(oneGroup(1.0), plateau.options());
        copy.loadStateDict(plateau.stateDict());
        assertEquals(plateau.stateDict(), copy.stateDict());
    }

    @Test
    void reduceOnPlateauDefaultsAreTorchs() {
        var o = ReduceLrOnPlateau.Options.defaults();
        assertEquals(ReduceLrOnPlateau.Mode.MIN, o.mode());
        assertEquals(0.1, o.factor());
        assertEquals(10, o.patience());
        assertEquals(1e-4, o.threshold());
        assertEquals(ReduceLrOnPlateau.ThresholdMode.REL, o.thresholdMode());
        Sgd sgd = oneGroup(1.0);
        var plateau = new ReduceLrOnPlateau(sgd, o);
        for (int i = 0; i < 11; i++) {
            assertFalse(plateau.step(5.0));
        }
        assertTrue(plateau.step(5.0), "the 11th evaluation without improvement after the first exceeds patience 10");
        assertThrows(IllegalArgumentException.class, () -> new ReduceLrOnPlateau.Options(ReduceLrOnPlateau.Mode.MIN,
                1.0, 10, 1e-4, ReduceLrOnPlateau.ThresholdMode.REL, 0, 0, 1e-8));
    }
}
