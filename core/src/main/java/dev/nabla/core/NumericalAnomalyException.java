package dev.nabla.core;

/**
 * Thrown in anomaly mode ({@link Autograd#detectAnomaly(boolean)}) by the first op, forward
 * or backward, whose result contains NaN or infinity. The message names the op, the shapes
 * of its inputs and the place in user code where the op was created.
 */
public final class NumericalAnomalyException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final String op;

    /**
     * @param op the name of the op that produced the non-finite value
     * @param message the full description
     */
    public NumericalAnomalyException(String op, String message) {
        super(message);
        this.op = op;
    }

    /** @return the name of the op that produced the non-finite value, e.g. {@code "log"} */
    public String op() {
        return op;
    }
}
