package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.Relu;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State dict names, strict and lenient loading, and that a refused load changes nothing. */
class StateDictTest {

    private static Sequential model(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(3, 4, rng), new BatchNorm1d(4), new Relu(), new Linear(4, 2, rng));
    }

    @Test
    void namesMatchPyTorchOrder() {
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), new ArrayList<>(model(1).stateDict().keySet()));
    }

    @Test
    void loadCopiesValuesIntoTheSameTensors() {
        Sequential a = model(1);
        Sequential b = model(2);
        Tensor weight = b.namedParameters().get("0.weight");
        a.forward(Tensor.randn(new Rng(3), 5, 3)); // moves a's running statistics
        StateDicts.LoadResult r = b.loadStateDict(a.stateDict());
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        assertTrue(weight == b.namedParameters().get("0.weight"), "parameters stay the same objects");
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
        }
        assertTrue(weight.requiresGrad());
    }

    @Test
    void strictLoadListsEveryProblemAndChangesNothing() {
        Sequential a = model(1);
        Map<String, Tensor> before = snapshot(a);
        Map<String, Tensor> state = new LinkedHashMap<>(model(2).stateDict());
        state.remove("0.bias");
        state.remove("1.running_var");
        state.put("4.weight", Tensor.zeros(1));
        state.put("3.weight", Tensor.zeros(3, 4));
        IllegalArgumentException e = Checks.throwsWith(() -> a.loadStateDict(state),
                "2 missing keys", "0.bias", "1.running_var", "1 unexpected keys", "4.weight",
                "1 shape mismatches", "3.weight: expected shape [2, 4], got [3, 4]", "nothing was loaded");
        assertTrue(e.getMessage().startsWith("loadStateDict:"));
        assertUnchanged(before, a);
    }

    @Test
    void lenientLoadReportsKeysButStillRefusesShapes() {
        Sequential a = model(1);
        Map<String, Tensor> state = new LinkedHashMap<>(model(2).stateDict());
        state.remove("0.bias");
        state.put("extra", Tensor.zeros(1));
        StateDicts.LoadResult r = a.loadStateDict(state, false);
        assertEquals(List.of("0.bias"), r.missingKeys());
        assertEquals(List.of("extra"), r.unexpectedKeys());
        assertArrayEquals(state.get("0.weight").toArray(), a.stateDict().get("0.weight").toArray());

        Map<String, Tensor> before = snapshot(a);
        state.put("0.weight", Tensor.zeros(4));
        Checks.throwsWith(() -> a.loadStateDict(state, false), "0.weight: expected shape [4, 3], got [4]");
        assertUnchanged(before, a);
    }

    static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    static void assertUnchanged(Map<String, Tensor> before, Module m) {
        Map<String, Tensor> now = m.stateDict();
        assertEquals(before.keySet(), now.keySet());
        for (Map.Entry<String, Tensor> e : before.entrySet()) {
            assertArrayEquals(e.getValue().toArray(), now.get(e.getKey()).toArray(), e.getKey());
        }
    }
}
