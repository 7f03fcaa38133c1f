package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to the arithmetic, linear-algebra and core shape ops: each throws an
 * IllegalArgumentException naming the op and the offending shapes or values, and leaves its
 * inputs untouched.
 */
class BadInputTest {

    private static void rejects(String op, List<String> mentions, Executable call, Tensor... inputs) {
        float[][] before = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = inputs[i].toArray();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(op + ":"), "message names the op: " + e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message mentions " + m + ": " + e.getMessage());
        }
        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(before[i], inputs[i].toArray(), op + ": input " + i + " was modified");
        }
    }

    @TestFactory
    Stream<DynamicTest> binaryOpsRejectShapesThatDoNotBroadcast() {
        Tensor a = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        Tensor b = Tensor.arange(4);
        List<Object[]> ops = List.of(
                new Object[] {"add", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::add},
                new Object[] {"sub", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::sub},
                new Object[] {"mul", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::mul},
                new Object[] {"div", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::div},
                new Object[] {"pow", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::pow},
                new Object[] {"minimum", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::minimum},
                new Object[] {"maximum", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::maximum},
                new Object[] {"gt", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::gt},
                new Object[] {"lt", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::lt},
                new Object[] {"ge", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::ge},
                new Object[] {"le", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::le},
                new Object[] {"eq", (BiFunction<Tensor, Tensor, Tensor>) Arithmetic::eq});
        return ops.stream().map(o -> {
            String name = (String) o[0];
            @SuppressWarnings("unchecked")
            BiFunction<Tensor, Tensor, Tensor> f = (BiFunction<Tensor, Tensor, Tensor>) o[1];
            return DynamicTest.dynamicTest(name, () -> rejects(name, List.of("[2, 3]", "[4]"), () -> f.apply(a, b), a, b));
        });
    }

    @Test
    void whereRejectsAMaskThatDoesNotBroadcast() {
        Tensor a = Tensor.ones(2, 3);
        rejects("where", List.of("[5]"), () -> Arithmetic.where(Tensor.ones(5), a, a), a);
    }

    @Test
    void clampRejectsInvertedOrNaNBounds() {
        Tensor x = Tensor.arange(3);
        rejects("clamp", List.of("min=2.0", "max=1.0"), () -> x.clamp(2f, 1f), x);
        rejects("clamp", List.of("NaN"), () -> x.clamp(Float.NaN, 1f), x);
    }

    @Test
    void matmulRejectsScalarsMismatchedInnerSizesAndBatches() {
        Tensor a = Tensor.ones(2, 3);
        rejects("matmul", List.of("[2, 3]", "[4, 5]"), () -> a.matmul(Tensor.ones(4, 5)), a);
        rejects("matmul", List.of("[]"), () -> a.matmul(Tensor.scalar(1f)), a);
        rejects("matmul", List.of("[3]", "[4]"), () -> Tensor.ones(3).matmul(Tensor.ones(4)));
        rejects("matmul", List.of("[2]", "[3]"),
                () -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(3, 4, 5)));
        rejects("matmul", List.of("[3]"), () -> LinearAlgebra.matmul(Tensor.ones(3), false, a, false));
        rejects("outer", List.of("[2, 3]"), () -> LinearAlgebra.outer(a, Tensor.ones(2)), a);
    }

    @Test
    void reshapeAndExpandRejectImpossibleShapes() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        rejects("reshape", List.of("[4, 2]", "[2, 3]"), () -> x.reshape(4, 2), x);
        rejects("reshape", List.of("-1"), () -> x.reshape(-1, -1), x);
        rejects("reshape", List.of("[-2, 3]"), () -> x.reshape(-2, 3), x);
        rejects("reshape", List.of("[-1, 4]"), () -> x.reshape(-1, 4), x);
        rejects("expand", List.of("[2, 3]", "[2, 2]"), () -> x.expand(2, 2), x);
        rejects("expand", List.of("[3]"), () -> x.expand(3), x);
        rejects("sumTo", List.of("[4]"), () -> Reductions.sumTo(x, Shape.of(4)), x);
    }

    @Test
    void reductionsRejectBadAxes() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        rejects("sum", List.of("axis 2", "rank 2"), () -> x.sum(new int[] {2}, false), x);
        rejects("sum", List.of("repeated"), () -> x.sum(new int[] {1, -1}, false), x);
        rejects("mean", List.of("axis -3"), () -> x.mean(new int[] {-3}, false), x);
        rejects("mean", List.of("no element"), () -> Tensor.zeros(0, 3).mean(new int[] {0}, false));
    }

    @Test
    void shapesRejectNegativeSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -3));
        assertTrue(e.getMessage().contains("[2, -3]"), e.getMessage());
    }
}
