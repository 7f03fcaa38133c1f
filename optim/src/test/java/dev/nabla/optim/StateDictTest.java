package dev.nabla.optim;

import static dev.nabla.optim.Fixtures.GRADS;
import static dev.nabla.optim.Fixtures.W0;
import static dev.nabla.optim.Fixtures.feedGrad;
import static dev.nabla.optim.Fixtures.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Optimizer state dicts: their keys, an exact save/load round trip, and loads that must fail. */
class StateDictTest {

    /** Builds an optimizer over (weights, bias) in two groups, the bias at a tenth of the rate. */
    record Maker(String name, Function<List<Tensor>, Optimizer<?>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Maker> makers() {
        return Stream.of(
                new Maker("SGD", ps -> new Sgd(List.of(
                        new ParamGroup<>(List.of(ps.get(0)), Sgd.Options.of(0.1).withMomentum(0.9).withDampening(0.1)),
                        new ParamGroup<>(List.of(ps.get(1)), Sgd.Options.of(0.01).withMomentum(0.5))))),
                new Maker("AdaGrad", ps -> new AdaGrad(List.of(
                        new ParamGroup<>(List.of(ps.get(0)), AdaGrad.Options.defaults().withLrDecay(0.1)),
                        new ParamGroup<>(List.of(ps.get(1)), AdaGrad.Options.defaults().withLr(1e-3))))),
                new Maker("RMSProp", ps -> new RmsProp(List.of(
                        new ParamGroup<>(List.of(ps.get(0)), RmsProp.Options.defaults().withCentered(true)
                                .withMomentum(0.9)),
                        new ParamGroup<>(List.of(ps.get(1)), RmsProp.Options.defaults().withLr(1e-3))))),
                new Maker("Adam", ps -> new Adam(List.of(
                        new ParamGroup<>(List.of(ps.get(0)), Adam.Options.defaults().withAmsgrad(true)),
                        new ParamGroup<>(List.of(ps.get(1)), Adam.Options.defaults().withLr(1e-4))))),
                new Maker("AdamW", ps -> new AdamW(List.of(
                        new ParamGroup<>(List.of(ps.get(0)), AdamW.defaults()),
                        new ParamGroup<>(List.of(ps.get(1)), AdamW.defaults().withLr(1e-4))))));
    }

    private static List<Tensor> params(float[] w, float[] b) {
        return List.of(param(w), param(b));
    }

    /** Step {@code t} feeds GRADS[t] to the weights and, on even steps only, a gradient to the bias. */
    private static void step(Optimizer<?> opt, List<Tensor> ps, int t) {
        opt.zeroGrad();
        feedGrad(ps.get(0), GRADS[t % GRADS.length]);
        if (t % 2 == 0) {
            feedGrad(ps.get(1), new float[] {GRADS[t % GRADS.length][2]});
        }
        opt.step();
    }

    private static void assertSameState(OptimizerState a, OptimizerState b) {
        assertEquals(a.scalars(), b.scalars());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (String k : a.tensors().keySet()) {
            assertEquals(a.tensors().get(k).shape(), b.tensors().get(k).shape(), k);
            assertArrayEquals(a.tensors().get(k).toArray(), b.tensors().get(k).toArray(), k);
        }
    }

    @ParameterizedTest
    @MethodSource("makers")
    void stateSurvivesASaveLoadRoundTripAndContinuesBitForBit(Maker maker) {
        List<Tensor> ps = params(W0, new float[] {0.25f});
        Optimizer<?> a = maker.make().apply(ps);
        for (int t = 0; t < 3; t++) {
            step(a, ps, t);
        }
        a.setLr(0, a.lr(0) * 0.5);
        OptimizerState saved = a.stateDict();
        OptimizerState copy = a.stateDict();
        float[] w3 = ps.get(0).toArray();
        float[] b3 = ps.get(1).toArray();
        for (int t = 3; t < 8; t++) {
            step(a, ps, t);
        }
        assertSameState(copy, saved);

        List<Tensor> qs = params(w3, b3);
        Optimizer<?> b = maker.make().apply(qs);
        b.loadStateDict(saved);
        assertSameState(saved, b.stateDict());
        for (int t = 3; t < 8; t++) {
            step(b, qs, t);
        }
        assertArrayEquals(ps.get(0).toArray(), qs.get(0).toArray());
        assertArrayEquals(ps.get(1).toArray(), qs.get(1).toArray());
        assertSameState(a.stateDict(), b.stateDict());
    }

    @org.junit.jupiter.api.Test
    void keysMirrorPyTorchStructure() {
        List<Tensor> ps = params(W0, new float[] {0.25f});
        Adam adam = new Adam(List.of(new ParamGroup<>(List.of(ps.get(0)), Adam.Options.defaults()),
                new ParamGroup<>(List.of(ps.get(1)), Adam.Options.defaults().withLr(0.5))));
        feedGrad(ps.get(0), GRADS[0]);
        adam.step();
        adam.step();
        OptimizerState s = adam.stateDict();
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq"), List.copyOf(s.tensors().keySet()));
        assertEquals(2.0, s.scalars().get("state.0.step"));
        assertNull(s.scalars().get("state.1.step"), "the bias had no gradient: no state");
        assertEquals(1e-3, s.scalars().get("param_groups.0.lr"));
        assertEquals(0.5, s.scalars().get("param_groups.1.lr"));
        assertEquals(1.0, s.scalars().get("param_groups.1.params"));
        assertEquals(0.999, s.scalars().get("param_groups.1.betas.1"));
        assertEquals(0.0, s.scalars().get("param_groups.0.amsgrad"));
        assertArrayEquals(new float[] {0.25f}, ps.get(1).toArray(), "a parameter without gradient is skipped");
    }

    /** An Adam over (W0, bias) after one step, and its state. */
    private static Adam steppedAdam() {
        List<Tensor> ps = params(W0, new float[] {0.25f});
        Adam adam = new Adam(ps, Adam.Options.defaults());
        feedGrad(ps.get(0), GRADS[0]);
        feedGrad(ps.get(1), new float[] {1f});
        adam.step();
        return adam;
    }

    private static void assertRejected(Adam target, OptimizerState bad, String... fragments) {
        OptimizerState before = target.stateDict();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(bad));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' must mention '" + f + "'");
        }
        assertTrue(e.getMessage().startsWith("Adam.loadStateDict"), e.getMessage());
        assertSameState(before, target.stateDict());
    }

    @org.junit.jupiter.api.Test
    void loadingAStateThatDoesNotFitFailsAndChangesNothing() {
        Adam target = steppedAdam();
        target.setLr(0, 0.125);
        OptimizerState good = steppedAdam().stateDict();

        Adam single = new Adam(List.of(param(W0)), Adam.Options.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> single.loadStateDict(good));
        assertTrue(e.getMessage().contains("group 0 has 2 parameters in the state, 1 here"), e.getMessage());

        Map<String, Tensor> tensors = new HashMap<>(good.tensors());
        tensors.put("state.0.exp_avg", Tensor.zeros(2, 2));
        assertRejected(target, new OptimizerState(tensors, good.scalars()), "'state.0.exp_avg' has shape [2, 2]",
                "parameter 0 has shape [5]");

        tensors = new HashMap<>(good.tensors());
        tensors.remove("state.1.exp_avg_sq");
        assertRejected(target, new OptimizerState(tensors, good.scalars()), "missing 'state.1.exp_avg_sq'");

        tensors = new HashMap<>(good.tensors());
        tensors.put("state.0.momentum_buffer", Tensor.zeros(5));
        tensors.put("state.7.exp_avg", Tensor.zeros(5));
        assertRejected(target, new OptimizerState(tensors, good.scalars()), "unknown key 'state.0.momentum_buffer'",
                "unknown key 'state.7.exp_avg'");

        Map<String, Double> scalars = new HashMap<>(good.scalars());
        scalars.put("state.0.step", 1.5);
        scalars.put("param_groups.0.lr", -1.0);
        scalars.put("param_groups.1.lr", 0.1);
        assertRejected(target, new OptimizerState(good.tensors(), scalars), "'state.0.step' must be a whole number",
                "'param_groups.0.lr' must be finite and >= 0, got -1.0", "names group 1 but there are 1 groups");

        List<Tensor> ps = params(W0, new float[] {0.25f});
        Sgd sgd = new Sgd(ps, Sgd.Options.of(0.1).withMomentum(0.9));
        feedGrad(ps.get(0), GRADS[0]);
        sgd.step();
        assertRejected(target, sgd.stateDict(), "unknown key 'state.0.momentum_buffer'",
                "unknown hyper-parameter 'param_groups.0.nesterov'");
    }
}
