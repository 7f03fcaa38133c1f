package dev.nabla.optim;

import static dev.nabla.optim.Fixtures.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad hyper-parameters and bad parameters fail with messages naming the optimizer and the value. */
class ValidationTest {

    private static void assertFails(Executable make, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' must mention '" + f + "'");
        }
    }

    @Test
    void badHyperParametersAreRejectedByName() {
        assertFails(() -> Sgd.Options.of(-0.1), "SGD: lr", "-0.1");
        assertFails(() -> Sgd.Options.of(0.1).withNesterov(true), "SGD: Nesterov", "momentum 0.0");
        assertFails(() -> new Sgd.Options(0.1, 0.9, 0.5, true, 0), "SGD: Nesterov", "dampening 0.5");
        assertFails(() -> Sgd.Options.of(0.1).withWeightDecay(Double.NaN), "SGD: weight_decay", "NaN");
        assertFails(() -> AdaGrad.Options.defaults().withEps(0), "AdaGrad: eps", "> 0", "0.0");
        assertFails(() -> AdaGrad.Options.defaults().withLrDecay(-1), "AdaGrad: lr_decay", "-1.0");
        assertFails(() -> RmsProp.Options.defaults().withAlpha(1.5), "RMSProp: alpha", "1.5");
        assertFails(() -> RmsProp.Options.defaults().withMomentum(-0.5), "RMSProp: momentum", "-0.5");
        assertFails(() -> Adam.Options.defaults().withBetas(1.0, 0.999), "Adam: beta1", "[0, 1)", "1.0");
        assertFails(() -> Adam.Options.defaults().withBetas(0.9, -0.1), "Adam: beta2", "-0.1");
        assertFails(() -> Adam.Options.defaults().withEps(-1e-8), "Adam: eps", "-1.0E-8");
        assertFails(() -> AdamW.defaults().withLr(Double.POSITIVE_INFINITY), "Adam: lr", "Infinity");
        assertFails(() -> AdamW.defaults().withWeightDecay(-0.01), "Adam: weight_decay", "-0.01");
    }

    @Test
    void parametersMustBeDistinctLeavesThatRequireGrad() {
        Tensor p = param(1f, 2f);
        assertFails(() -> new Sgd(List.of(Tensor.of(new float[] {1f})), Sgd.Options.of(0.1)),
                "SGD: parameter 0", "leaf tensor that requires grad");
        assertFails(() -> new Adam(List.of(p, p.mul(2f)), Adam.Options.defaults()), "Adam: parameter 1",
                "leaf tensor that requires grad");
        assertFails(() -> new Adam(List.of(new ParamGroup<>(List.of(p), Adam.Options.defaults()),
                new ParamGroup<>(List.of(p), Adam.Options.defaults()))), "same tensor as parameter 0");
        assertFails(() -> new RmsProp(List.of(), RmsProp.Options.defaults()), "RMSProp: got no parameters");
    }

    @Test
    void learningRatesAreReadAndSetPerGroup() {
        Tensor a = param(1f);
        Tensor b = param(1f);
        Sgd sgd = new Sgd(List.of(new ParamGroup<>(List.of(a), Sgd.Options.of(0.1)),
                new ParamGroup<>(List.of(b), Sgd.Options.of(0.01))));
        assertEquals(2, sgd.groupCount());
        assertEquals(0.1, sgd.lr(0));
        assertEquals(0.01, sgd.lr(1));
        sgd.setLr(1, 0.5);
        Fixtures.feedGrad(a, new float[] {1f});
        Fixtures.feedGrad(b, new float[] {1f});
        sgd.step();
        assertEquals(0.9f, a.item(), 1e-7);
        assertEquals(0.5f, b.item(), 1e-7);
        assertFails(() -> sgd.setLr(0, -1), "SGD: learning rate of group 0", "-1.0");
        assertThrows(IndexOutOfBoundsException.class, () -> sgd.lr(2));
        sgd.zeroGrad();
        assertEquals(null, a.grad());
        assertEquals(null, b.grad());
    }
}
