package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.Relu;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration order, dotted names, modes, freezing, apply and the summary. */
class ModuleTest {

    /** A two-part model named as a PyTorch user would write it: encoder.layers.{0,1}, head. */
    static final class Model extends Module {
        final ModuleList layers;
        final Linear head;
        final Tensor scale;

        Model(Rng rng) {
            scale = registerParameter("scale", Tensor.ones(1));
            Module encoder = registerModule("encoder", new Encoder(rng));
            layers = ((Encoder) encoder).layers;
            head = registerModule("head", new Linear(3, 2, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x;
            for (Module m : layers) {
                h = m.forward(h);
            }
            return head.forward(h).mul(scale);
        }
    }

    static final class Encoder extends Module {
        final ModuleList layers;

        Encoder(Rng rng) {
            layers = registerModule("layers", new ModuleList(new Linear(4, 3, rng), new BatchNorm1d(3)));
        }
    }

    @Test
    void namesAreDottedPathsInRegistrationOrderAsPyTorch() {
        Model m = new Model(new Rng(1));
        assertEquals(List.of("scale", "encoder.layers.0.weight", "encoder.layers.0.bias", "encoder.layers.1.weight",
                "encoder.layers.1.bias", "head.weight", "head.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("encoder.layers.1.running_mean", "encoder.layers.1.running_var",
                "encoder.layers.1.num_batches_tracked"), new ArrayList<>(m.namedBuffers().keySet()));
        assertEquals(List.of("", "encoder", "encoder.layers", "encoder.layers.0", "encoder.layers.1", "head"),
                new ArrayList<>(m.namedModules().keySet()));
        assertEquals(7, m.parameters().size());
        assertSame(m.head.weight(), m.namedParameters().get("head.weight"));
        assertEquals(1 + 12 + 3 + 3 + 3 + 6 + 2, m.parameterCount());
        assertEquals(List.of("encoder.layers.1.num_batches_tracked"), new ArrayList<>(m.integerBufferNames()));
        for (Tensor p : m.parameters()) {
            assertTrue(p.requiresGrad() && p.isLeaf());
        }
        for (Tensor b : m.buffers()) {
            assertFalse(b.requiresGrad());
        }
    }

    @Test
    void sequentialNamesChildrenByIndex() {
        Rng rng = new Rng(2);
        Sequential s = new Sequential(new Linear(2, 3, rng), new Relu(), new Linear(3, 1, rng));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(s.namedParameters().keySet()));
        assertEquals(3, s.size());
        Tensor x = Tensor.randn(rng, 5, 2);
        Tensor expected = s.get(2).forward(s.get(0).forward(x).relu());
        Checks.close(toDouble(expected.toArray()), s.forward(x), 0);
    }

    @Test
    void moduleDictKeepsInsertionOrder() {
        Rng rng = new Rng(3);
        ModuleDict d = new ModuleDict().put("cls", new Linear(2, 3, rng)).put("box", new Linear(2, 4, rng));
        assertEquals(List.of("cls.weight", "cls.bias", "box.weight", "box.bias"),
                new ArrayList<>(d.namedParameters().keySet()));
        assertEquals(4, ((Linear) d.get("box")).outFeatures());
        Checks.throwsWith(() -> d.get("nope"), "nope", "cls");
        Checks.throwsWith(() -> d.put("cls", new Relu()), "already registered");
        Checks.throwsWith(() -> d.put("a.b", new Relu()), "'.'");
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Model m = new Model(new Rng(4));
        assertTrue(m.isTraining());
        m.eval();
        for (Module sub : m.namedModules().values()) {
            assertFalse(sub.isTraining());
        }
        m.train();
        for (Module sub : m.namedModules().values()) {
            assertTrue(sub.isTraining());
        }
    }

    @Test
    void freezingASubtreeStopsItsGradients() {
        Model m = new Model(new Rng(5));
        m.namedModules().get("encoder").requiresGrad(false);
        m.forward(Tensor.randn(new Rng(6), 8, 4)).sum().backward();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            if (e.getKey().startsWith("encoder")) {
                assertNull(e.getValue().grad(), e.getKey());
            } else {
                assertNotNull(e.getValue().grad(), e.getKey());
            }
        }
        assertTrue(m.toString().contains("(frozen)"));
        m.zeroGrad();
        for (Tensor p : m.parameters()) {
            assertNull(p.grad());
        }
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        Model m = new Model(new Rng(7));
        List<String> order = new ArrayList<>();
        m.apply(x -> order.add(x.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "BatchNorm1d", "ModuleList", "Encoder", "Linear", "Model"), order);
    }

    @Test
    void summaryShowsTreeShapesAndCounts() {
        Rng rng = new Rng(8);
        Sequential s = new Sequential(new Linear(4, 8, rng), new Relu(), new Dropout(0.1f, rng));
        String text = s.toString();
        assertTrue(text.startsWith("Sequential(\n  (0): Linear(in_features=4, out_features=8, bias=true)"
                + "  weight [8, 4], bias [8]: 40 parameters\n  (1): Relu()\n  (2): Dropout(p=0.1)\n)"), text);
        assertTrue(text.endsWith("Total parameters: 40 (trainable: 40)"), text);
        String nested = new Model(rng).toString();
        assertTrue(nested.contains("    (layers): ModuleList(\n      (0): Linear(in_features=4, out_features=3"), nested);
        assertTrue(nested.startsWith("Model(\n  scale [1]: 1 parameter\n  (encoder): Encoder(\n"), nested);
        assertTrue(nested.contains("Total parameters: 30 (trainable: 30)"), nested);
        // nested containers close with their subtree's count: layers = (12 + 3) + (3 + 3)
        assertTrue(nested.contains("\n    )  21 parameters\n  )  21 parameters\n  (head): Linear("), nested);
    }

    @Test
    void summaryCountsFrozenParametersAsNotTrainable() {
        Model m = new Model(new Rng(10));
        m.namedModules().get("encoder.layers.0").requiresGrad(false);
        String text = m.toString();
        assertTrue(text.contains("(0): Linear(in_features=4, out_features=3, bias=true)  weight [3, 4] (frozen),"
                + " bias [3] (frozen): 15 parameters"), text);
        assertTrue(text.endsWith("Total parameters: 30 (trainable: 15)"), text);
    }

    /** Two children sharing one Linear, as tied weights are shared in PyTorch. */
    static final class Tied extends Module {
        Tied(Linear shared) {
            registerModule("a", shared);
            registerModule("b", new Sequential(shared));
        }
    }

    @Test
    void sharedParametersAreListedOnceButSavedUnderEveryName() {
        Tied t = new Tied(new Linear(2, 2, new Rng(9)));
        assertEquals(List.of("a.weight", "a.bias"), new ArrayList<>(t.namedParameters().keySet()));
        assertEquals(6, t.parameterCount());
        assertEquals(List.of("a.weight", "a.bias", "b.0.weight", "b.0.bias"), new ArrayList<>(t.stateDict().keySet()));
    }

    @Test
    void forwardOfAMultiInputModuleIsUnsupported() {
        ModuleList list = new ModuleList();
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Tensor.zeros(1)));
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
