package dev.nabla.core.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Dropout;
import dev.nabla.core.Normalization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every public op of {@link Normalization} and {@link Dropout} has a row in the op-spec table
 * (the families {@link OpSpecTest} checks by name do not list these two yet).
 */
class NormCoverageTest {

    @Test
    void everyNormalizationAndDropoutOpHasARow() {
        Set<String> covered = new TreeSet<>();
        for (OpSpec s : OpSpecTest.table()) {
            covered.add(s.method());
        }
        Set<String> missing = new TreeSet<>();
        for (Class<?> family : List.of(Normalization.class, Dropout.class)) {
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
