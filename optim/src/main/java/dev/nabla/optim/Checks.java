package dev.nabla.optim;

/** Validation of hyper-parameters, with messages naming the optimizer and the value. */
final class Checks {

    private Checks() {
    }

    /** Requires {@code value >= 0} and finite. */
    static void nonNegative(String optimizer, String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + what + " must be finite and >= 0, got " + value);
        }
    }

    /** Requires {@code value > 0} and finite. */
    static void positive(String optimizer, String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + what + " must be finite and > 0, got " + value);
        }
    }

    /** Requires {@code 0 <= value < 1}. */
    static void fraction(String optimizer, String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + what + " must be in [0, 1), got " + value);
        }
    }

    /** Requires {@code 0 <= value <= 1}. */
    static void closedFraction(String optimizer, String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(optimizer + ": " + what + " must be in [0, 1], got " + value);
        }
    }

    /** 1.0 for true, 0.0 for false: booleans in state dicts. */
    static double flag(boolean b) {
        return b ? 1.0 : 0.0;
    }
}
