package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every argument-free method of {@link Tensor} that shares its name with an op-family method
 * taking one tensor computes the same thing: {@code x.var()} must be {@code Reductions.var(x)},
 * so a delegate cannot quietly pick different defaults from the op it stands for.
 */
class TensorDelegatesTest {

    private static final List<Class<?>> FAMILIES = List.of(MathOps.class, Activations.class, Arithmetic.class,
            Reductions.class, Softmax.class, LinearAlgebra.class, ShapeOps.class, Joining.class, Indexing.class,
            Normalization.class, Dropout.class, Convolution.class, Pooling.class);

    @Test
    void argumentFreeDelegatesEqualTheirOps() throws ReflectiveOperationException {
        Tensor x = Tensor.rand(new Rng(4), 3, 4).add(0.5f);
        List<String> compared = new ArrayList<>();
        for (Method delegate : TensorOps.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(delegate.getModifiers()) || delegate.getParameterCount() != 0
                    || delegate.getReturnType() != Tensor.class) {
                continue;
            }
            for (Class<?> family : FAMILIES) {
                Method op;
                try {
                    op = family.getMethod(delegate.getName(), Tensor.class);
                } catch (NoSuchMethodException e) {
                    continue;
                }
                Tensor viaTensor = (Tensor) delegate.invoke(x);
                Tensor viaOp = (Tensor) op.invoke(null, x);
                assertArrayEquals(viaOp.shape().toArray(), viaTensor.shape().toArray(), delegate.getName());
                assertArrayEquals(viaOp.toArray(), viaTensor.toArray(), delegate.getName());
                compared.add(delegate.getName());
            }
        }
        assertTrue(compared.containsAll(List.of("var", "std", "sum", "mean", "max", "norm", "exp", "gelu")),
                "compared " + compared);
    }
}
