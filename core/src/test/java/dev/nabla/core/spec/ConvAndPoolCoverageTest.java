package dev.nabla.core.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Convolution;
import dev.nabla.core.Pooling;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every public op of {@link Convolution} and {@link Pooling} has a row in the op-spec table,
 * as {@link OpSpecTest#everyOpHasARow()} requires of the older families.
 */
class ConvAndPoolCoverageTest {

    @Test
    void everyConvolutionAndPoolingOpHasARow() {
        Set<String> covered = new TreeSet<>();
        for (OpSpec s : OpSpecTest.table()) {
            covered.add(s.method());
        }
        Set<String> missing = new TreeSet<>();
        for (Class<?> family : new Class<?>[] {Convolution.class, Pooling.class}) {
            for (Method m : family.getDeclaredMethods()) {
                int mod = m.getModifiers();
                if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && !covered.contains(m.getName())) {
                    missing.add(family.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "ops without an op-spec row: " + missing);
    }
}
