package dev.nabla.optim.schedule;

/**
 * A learning-rate schedule: the learning rate as a pure function of a group's base learning
 * rate and a step count. Querying it changes nothing, so a schedule can be plotted or
 * inspected before training; {@link LrScheduler} applies one to an optimizer.
 *
 * <p>"Step" counts whatever the driver counts: optimizer steps (batches) or epochs. Formulas
 * are those of the PyTorch scheduler of the same kind in its closed form, with
 * {@code base} the group's learning rate when the driver was made (PyTorch's
 * {@code initial_lr}).
 */
@FunctionalInterface
public interface Schedule {

    /**
     * @param baseLr the group's base learning rate, {@code >= 0}
     * @param step the step (or epoch) count, {@code >= 0}
     * @return the learning rate to use at that step
     * @throws IllegalArgumentException for a negative step (or one beyond a schedule's end)
     */
    double lr(double baseLr, long step);
}
