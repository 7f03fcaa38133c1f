package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad input to {@link Rng}: rejected with the method's name, before anything is drawn. */
class RngBadInputTest {

    /** A call that must be rejected, and the method name its message must start with. */
    private record BadCase(String method, Consumer<Rng> call) {}

    @Test
    void badInputThrowsWithTheMethodNameAndLeavesTheStateUnchanged() {
        float[] arr = new float[8];
        List<BadCase> cases = List.of(
            new BadCase("nextInt", r -> r.nextInt(0)),
            new BadCase("nextInt", r -> r.nextInt(-5)),
            new BadCase("randint", r -> r.randint(3, 3)),
            new BadCase("randint", r -> r.randint(4, 1)),
            new BadCase("uniform", r -> r.uniform(1f, 1f)),
            new BadCase("uniform", r -> r.uniform(Float.NaN, 1f)),
            new BadCase("uniform", r -> r.uniform(0f, Float.POSITIVE_INFINITY)),
            new BadCase("normal", r -> r.normal(0f, -1f)),
            new BadCase("normal", r -> r.normal(0f, Float.NaN)),
            new BadCase("normal", r -> r.normal(Float.NaN, 1f)),
            new BadCase("normal", r -> r.normal(0f, Float.POSITIVE_INFINITY)),
            new BadCase("bernoulli", r -> r.bernoulli(1.5)),
            new BadCase("bernoulli", r -> r.bernoulli(-0.1)),
            new BadCase("bernoulli", r -> r.bernoulli(Double.NaN)),
            new BadCase("categorical", r -> r.categorical(new float[0])),
            new BadCase("categorical", r -> r.categorical(new float[] {0f, 0f})),
            new BadCase("categorical", r -> r.categorical(new float[] {1f, 2f, -1f})),
            new BadCase("categorical", r -> r.categorical(new float[] {1f, Float.NaN})),
            new BadCase("categorical", r -> r.categorical(new float[] {1f, Float.POSITIVE_INFINITY})),
            new BadCase("categorical", r -> r.categorical(arr, -1, 2)),
            new BadCase("categorical", r -> r.categorical(arr, 4, 5)),
            new BadCase("categorical", r -> r.categorical(arr, 2, 0)),
            new BadCase("permutation", r -> r.permutation(-1)),
            new BadCase("split", r -> r.split(-1)),
            new BadCase("fillUniform", r -> r.fillUniform(arr, 0, 9, 0f, 1f)),
            new BadCase("fillUniform", r -> r.fillUniform(arr, -1, 1, 0f, 1f)),
            new BadCase("fillUniform", r -> r.fillUniform(arr, Integer.MAX_VALUE, 2, 0f, 1f)),
            new BadCase("fillUniform", r -> r.fillUniform(arr, 0, 4, 1f, 0f)),
            new BadCase("fillNormal", r -> r.fillNormal(arr, 0, 4, 0f, -1f)),
            new BadCase("fillNormal", r -> r.fillNormal(arr, 5, -1, 0f, 1f)),
            new BadCase("fillBernoulli", r -> r.fillBernoulli(arr, 0, 4, 2f)),
            new BadCase("fillBernoulli", r -> r.fillBernoulli(arr, 0, 4, Float.NaN)),
            new BadCase("fillBernoulli", r -> r.fillBernoulli(arr, 8, 1, 0.5f)),
            new BadCase("setState", r -> r.setState(new long[5])),
            new BadCase("setState", r -> r.setState(new long[] {0, 0, 0, 0, 0, 0})),
            new BadCase("setState", r -> r.setState(new long[] {1, 2, 3, 4, 2, 0})),
            new BadCase("setState", r -> r.setState(new long[] {1, 2, 3, 4, 1, Double.doubleToLongBits(Double.NaN)})));

        for (int i = 0; i < cases.size(); i++) {
            BadCase c = cases.get(i);
            String method = c.method();
            Rng rng = new Rng(123);
            rng.normal(); // a cached normal is part of the state that must survive
            long[] before = rng.state();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.call().accept(rng),
                    "case " + i + " (" + method + ")");
            assertTrue(e.getMessage().startsWith(method + ": "), "message should start with '" + method + ": ', got: "
                    + e.getMessage());
            assertArrayEquals(before, rng.state(), "state changed by failed " + method);
        }
        assertTrue(Arrays.equals(new float[8], arr), "a failed fill must not write");
    }

    @Test
    void badInputMessagesSayWhatWasExpectedAndWhatWasGiven() {
        Rng rng = new Rng(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rng.bernoulli(1.5));
        assertEquals("bernoulli: expected p in [0, 1], got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
        assertEquals("nextInt: expected bound > 0, got 0", e.getMessage());
    }

    @Test
    void nullArraysAreRejectedBeforeDrawing() {
        Rng rng = new Rng(2);
        long[] before = rng.state();
        NullPointerException e = assertThrows(NullPointerException.class, () -> rng.shuffle(null));
        assertTrue(e.getMessage().startsWith("shuffle: "));
        assertThrows(NullPointerException.class, () -> rng.categorical(null));
        assertThrows(NullPointerException.class, () -> rng.fillNormal(null, 0, 0, 0f, 1f));
        assertThrows(NullPointerException.class, () -> rng.setState(null));
        assertArrayEquals(before, rng.state());
    }
}
