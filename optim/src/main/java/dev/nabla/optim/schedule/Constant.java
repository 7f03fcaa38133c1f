package dev.nabla.optim.schedule;

/** The base learning rate at every step: {@code lr(t) = base}. */
public record Constant() implements Schedule {

    /** {@inheritDoc} */
    @Override
    public double lr(double baseLr, long step) {
        Checks.step("Constant", step);
        return baseLr;
    }
}
