package dev.nabla.core.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Activations;
import dev.nabla.core.Arithmetic;
import dev.nabla.core.Convolution;
import dev.nabla.core.Dropout;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Indexing;
import dev.nabla.core.Joining;
import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.MathOps;
import dev.nabla.core.Normalization;
import dev.nabla.core.Pooling;
import dev.nabla.core.Recurrent;
import dev.nabla.core.Reductions;
import dev.nabla.core.ShapeOps;
import dev.nabla.core.Softmax;
import dev.nabla.core.Tensor;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Drives the op-spec table: for every row a forward test against the row's independent
 * reference, a first-order gradient check, a second-order check for smooth ops, and a check
 * that the op leaves its inputs untouched. {@link #everyOpHasARow()} fails when a public op
 * of an op family has no row.
 */
class OpSpecTest {

    /** Forward tolerance: fp32 results against double references, {@code |a - r| <= ATOL + RTOL |r|}. */
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-5;

    /** The op families whose every public static method must have a row. */
    private static final List<Class<?>> FAMILIES = List.of(MathOps.class, Activations.class, Arithmetic.class,
            Reductions.class, Softmax.class, LinearAlgebra.class, ShapeOps.class, Joining.class, Indexing.class,
            Normalization.class, Dropout.class, Convolution.class, Pooling.class, Recurrent.class);

    /**
     * Every row of every {@code *Specs} class in this package: each has a public static
     * {@code rows()} returning {@code List<OpSpec>}; a new family's rows join the table by
     * adding such a class.
     */
    static List<OpSpec> table() {
        List<OpSpec> all = new ArrayList<>();
        for (Class<?> specs : specClasses()) {
            try {
                @SuppressWarnings("unchecked")
                List<OpSpec> rows = (List<OpSpec>) specs.getMethod("rows").invoke(null);
                all.addAll(rows);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(specs.getName() + " has no public static rows()", e);
            }
        }
        return all;
    }

    private static List<Class<?>> specClasses() {
        String pkg = OpSpecTest.class.getPackageName();
        URL url = OpSpecTest.class.getResource("/" + pkg.replace('.', '/'));
        List<Class<?>> found = new ArrayList<>();
        try {
            File[] files = new File(url.toURI()).listFiles((dir, name) -> name.endsWith("Specs.class"));
            Arrays.sort(files);
            for (File f : files) {
                String name = f.getName();
                found.add(Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length())));
            }
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new AssertionError("cannot list the spec classes in " + url, e);
        }
        assertTrue(found.size() >= 5, "spec classes found: " + found);
        return found;
    }

    @TestFactory
    Stream<DynamicTest> forward() {
        return table().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            Tensor out = s.op().apply(s.inputs());
            assertArrayEquals(s.shape(), out.shape().toArray(), s.name() + ": shape");
            double[] ref = s.reference().apply(s.inputs());
            float[] got = out.toArray();
            assertEquals(ref.length, got.length, s.name() + ": size");
            for (int i = 0; i < ref.length; i++) {
                boolean same = Double.compare(ref[i], got[i]) == 0
                        || Math.abs(got[i] - ref[i]) <= ATOL + RTOL * Math.abs(ref[i]);
                assertTrue(same, s.name() + ": element " + i + " is " + got[i] + ", expected " + ref[i]);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradient() {
        return table().stream().filter(OpSpec::gradient).map(s -> DynamicTest.dynamicTest(s.name(),
                () -> GradCheck.gradient(s.op(), s.inputs()).orThrow()));
    }

    @TestFactory
    Stream<DynamicTest> secondOrder() {
        return table().stream().filter(OpSpec::secondOrder).map(s -> DynamicTest.dynamicTest(s.name(),
                () -> GradCheck.secondOrder(s.op(), s.inputs()).orThrow()));
    }

    @TestFactory
    Stream<DynamicTest> inputsAreNotModified() {
        return table().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            List<float[]> before = new ArrayList<>();
            for (Tensor t : s.inputs()) {
                before.add(t.toArray());
            }
            Tensor[] leaves = new Tensor[s.inputs().length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = s.inputs()[i].requiresGrad(false).clone().requiresGrad(s.gradient());
            }
            Tensor out = s.op().apply(leaves);
            if (s.gradient()) {
                out.sum().backward();
            }
            for (int i = 0; i < leaves.length; i++) {
                assertArrayEquals(before.get(i), s.inputs()[i].toArray(), s.name() + ": input " + i + " changed");
                assertArrayEquals(before.get(i), leaves[i].toArray(), s.name() + ": leaf " + i + " changed");
            }
        }));
    }

    @Test
    void everyOpHasARow() {
        Set<String> covered = new TreeSet<>();
        for (OpSpec s : table()) {
            covered.add(s.method());
        }
        Set<String> missing = new TreeSet<>();
        for (Class<?> family : FAMILIES) {
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
