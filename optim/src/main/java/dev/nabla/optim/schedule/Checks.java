package dev.nabla.optim.schedule;

/** Argument checks shared by the schedules, with messages naming the schedule and the value. */
final class Checks {

    private Checks() {
    }

    static void step(String schedule, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(schedule + ": step must be >= 0, got " + step);
        }
    }

    static void atLeast(String schedule, String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(schedule + ": " + what + " must be >= " + min + ", got " + value);
        }
    }

    static void nonNegative(String schedule, String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + what + " must be finite and >= 0, got " + value);
        }
    }

    static void positive(String schedule, String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + what + " must be finite and > 0, got " + value);
        }
    }
}
